/**
 * What a lesson session tells the learner in the terminal, where the words
 * depend on the run (its state, its ports, the debugger's recording) or are
 * long enough to read on their own.
 */
import type { RunState } from "./session-snapshot";

/** What Twisted's debug block in an "Unhandled error in Deferred" report means. */
export const DEBUG_BLOCK_NOTE =
  "About the (debug: ...) block: the C: lines say where that Deferred was created, the I: lines where it was first fired " +
  "(callback or errback). Its Failure reached the end of the chain with no errback to handle it. Restart and step to watch its chain.";

/** Said when a run for stepping starts. */
export const PAUSED_NOTE = "Paused at its first line. Step line (F9) or Step (F10) to go on: its output appears here as you step. Run carries on live.";

/** What the running program listens on (TCP `ports`, in order), and what to try. */
export function listeningNote(ports: readonly number[]): string {
  if (ports.length === 0) return "The reactor is running. The program listens on no port, so there is nothing to connect to.";
  const list = ports.length === 1 ? `port ${ports[0]}` : `ports ${ports.slice(0, -1).join(", ")} and ${ports.at(-1)}`;
  return `The reactor is running, listening on ${list}. Try: nc localhost ${ports[0]}`;
}

/** Said when the debugger's recording fills up at `steps` events. */
export function recordingFullNote(steps: number): string {
  return `The debugger's recording is full (${steps.toLocaleString("en-US")} steps): it shows the run up to there, and the program goes on unrecorded.`;
}

/** The terminal's `status` answer for each run state (ShellHost.describeProgram). */
export function describeRunState(runState: RunState, file: string, virtualTime: number): string {
  const descriptions: Record<RunState, string> = {
    stopped: "No program is running. Press Run (Ctrl+Enter) to start it.",
    starting: "The program is starting.",
    running: `${file} is running; the reactor's clock reads ${virtualTime.toFixed(1)} s.`,
    exited: `${file} ended without starting the reactor.`,
    error: `${file} stopped with an error.`,
    blocked: `${file} blocked the reactor and was stopped.`,
    "out-of-memory": `${file} ran out of memory and was stopped.`,
  };
  return descriptions[runState];
}
