/**
 * netstat and ps output for the terminal, formatted from the runner's
 * snapshot of the simulated network and process table.
 */
import type { RunnerEvent } from "../../engine";

type Inspected = Extract<RunnerEvent, { type: "inspected" }>;

/** The simulated machine the learner's program and terminal run on; the others (an IRC server, a remote finger host) are elsewhere. */
const LEARNER_HOST = "localhost";

/** The learner's machine's own share of the network: its listening ports and its ends of connections, as netstat there sees them. */
export function onLearnerHost<T extends { readonly host: string }>(entries: readonly T[]): T[] {
  return entries.filter((entry) => entry.host === LEARNER_HOST);
}

/** Like `netstat -tun` on the learner's machine: listening ports, then open connections with bytes in flight. */
export function formatNetstat(inspected: Pick<Inspected, "ports" | "connections">): string[] {
  const ports = onLearnerHost(inspected.ports);
  const connections = onLearnerHost(inspected.connections);
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
