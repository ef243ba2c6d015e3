/**
 * Running a command on a simulated host from outside the learner's program:
 * the terminal's shell (`finger moshez@localhost`, `cat /etc/users`) and
 * checks. It goes through spawnProcess, as a learner's program would.
 */
import type { Failure } from "../twisted/python/failure";
import { ProcessProtocol } from "../twisted/internet/process-protocol";
import type { SimulatedHost } from "../simulation/simulated-host";
import type { SimulatedProcess } from "../simulation/process-simulated";

/** What the caller hears from a command. */
export interface CommandEvents {
  onStdout?(text: string): void;
  /** Given, stdout also arrives as the bytes the command wrote (a binary protocol over its pipe, such as AMP). */
  onStdoutBytes?(data: Uint8Array): void;
  onStderr?(text: string): void;
  /** The command ended: its exit code, or the signal that killed it. */
  onExit?(exitCode: number | null, signal: number | null): void;
}

/** A handle on a running command. */
export interface CommandHandle {
  readonly pid: number;
  /** Everything it wrote to stdout so far. */
  readonly stdout: string;
  /** Everything it wrote to stderr so far. */
  readonly stderr: string;
  /** Null while running. */
  readonly exitCode: number | null;
  readonly ended: boolean;
  /** Writes to its stdin: text as UTF-8, or bytes as they are. */
  write(data: string | Uint8Array): void;
  /** Closes its stdin (Ctrl-D). */
  closeStdin(): void;
  /** Sends a signal ("INT" for Ctrl-C); ignored once it has ended. */
  kill(signal?: string): void;
}

/** Spawns `argv` on `host`; the reactor's loop must run for it to make progress. The handle's fields update as it runs. */
export function runCommand(host: SimulatedHost, argv: readonly string[], events: CommandEvents): CommandHandle {
  const state = { stdout: "", stderr: "", exitCode: null as number | null, ended: false };
  const decoders = { out: new TextDecoder(), err: new TextDecoder() };
  const asText = (data: string | Uint8Array, stream: "out" | "err") => (typeof data === "string" ? data : decoders[stream].decode(data, { stream: true }));
  class Relay extends ProcessProtocol {
    override receivesBytes = events.onStdoutBytes !== undefined;
    override outReceived(data: string | Uint8Array): void {
      if (typeof data !== "string") events.onStdoutBytes?.(data);
      const text = asText(data, "out");
      state.stdout += text;
      events.onStdout?.(text);
    }
    override errReceived(data: string | Uint8Array): void {
      const text = asText(data, "err");
      state.stderr += text;
      events.onStderr?.(text);
    }
    override processEnded(reason: Failure): void {
      const value = reason.value as { exitCode: number | null; signal: number | null };
      state.ended = true;
      state.exitCode = value.exitCode;
      events.onExit?.(value.exitCode, value.signal);
    }
  }
  const process: SimulatedProcess = host.processes.spawn(new Relay(), argv[0] ?? "", argv, {}, "/");
  return {
    pid: process.processId,
    get stdout() {
      return state.stdout;
    },
    get stderr() {
      return state.stderr;
    },
    get exitCode() {
      return state.exitCode;
    },
    get ended() {
      return state.ended;
    },
    write: (data) => process.write(data),
    closeStdin: () => process.closeStdin(),
    kill: (signal = "TERM") => {
      if (!process.ended) process.signalProcess(signal);
    },
  };
}
