/**
 * netstat and ps output for the terminal, formatted from the runner's
 * snapshot of the simulated network and process table.
 */
import type { RunnerEvent } from "../../engine";

type Inspected = Extract<RunnerEvent, { type: "inspected" }>;

/** Like `netstat -tun` on the learner's machine (the runner sends that machine's share): listening ports, then open connections with bytes in flight. */
export function formatNetstat({ ports, connections }: Pick<Inspected, "ports" | "connections">): string[] {
  const lines = ["Proto  Local Address          Foreign Address        State         In flight  Owner"];
  for (const port of ports) {
    if (port.transport === "UNIX") {
      lines.push(row("unix", port.path ?? "", "", "LISTEN", "", port.owner));
      continue;
    }
    const local = `${port.interface}:${port.port}`;
    const state = port.transport === "TCP" ? "LISTEN" : "";
    lines.push(row(port.transport.toLowerCase(), local, `${port.interface === "0.0.0.0" ? "0.0.0.0" : port.interface}:*`, state, "", port.owner));
  }
  for (const connection of connections) {
    const state = connection.state === "open" ? "ESTABLISHED" : connection.state === "half-closed" ? "FIN_WAIT" : "CLOSING";
    lines.push(row("tcp", connection.local, connection.remote, state, String(connection.bytesInFlight), connection.protocol));
  }
  if (ports.length === 0 && connections.length === 0) lines.push("(nothing is listening and no connection is open)");
  return lines;
}

/** Like `ps`: the processes on the learner's host, the program itself first. */
export function formatPs(processes: Inspected["processes"], program: string | null): string[] {
  const lines = ["  PID STAT     TIME CMD"];
  if (program) lines.push(`${"1".padStart(5)} R     ${"-".padStart(4)} reactor: ${program} (your program)`);
  for (const process of processes) {
    const state = process.state === "running" ? "S" : "Z";
    const time = process.state === "running" ? "" : `exit ${process.exitCode ?? `signal ${process.signal}`}`;
    lines.push(`${String(process.pid).padStart(5)} ${state.padEnd(4)} ${time.padStart(8)} ${process.command}`);
  }
  return lines;
}

function row(proto: string, local: string, foreign: string, state: string, inFlight: string, owner: string): string {
  return `${proto.padEnd(6)} ${local.padEnd(22)} ${foreign.padEnd(22)} ${state.padEnd(13)} ${inFlight.padStart(9)}  ${owner}`;
}
