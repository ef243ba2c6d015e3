/**
 * What a lesson page reads of its session: the immutable snapshot React
 * renders from (useSyncExternalStore) and the lines the terminal prints.
 * LessonSession (session-store.ts) produces them.
 */
import type { CheckResult } from "../../engine";

export type RunState = "stopped" | "starting" | "running" | "exited" | "error" | "blocked" | "out-of-memory";

export interface LocatedError {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface SessionSnapshot {
  readonly runState: RunState;
  readonly virtualTime: number;
  readonly checking: boolean;
  readonly results: readonly CheckResult[] | null;
  /** The error that stopped the program, with its line when known. */
  readonly error: LocatedError | null;
  /** The TCP ports the running program listens on, as last seen. */
  readonly listening: readonly number[];
  /** What the program shows on the page's panel (pagesupport's page.show), or null. */
  readonly pageDisplay: string | null;
  /** A twistd the terminal started may still run (in the foreground, or as a daemon): Stop interrupts it. */
  readonly twistdInTerminal: boolean;
}

export type TerminalLine = {
  readonly stream: "stdout" | "stderr" | "log" | "error" | "note";
  readonly text: string;
  /** For the program's own output: the line's number in the run's output, from 0 (the debugger dims lines after its cursor by it). */
  readonly output?: number;
};

/** A session before its first run. */
export const INITIAL_SNAPSHOT: SessionSnapshot = {
  runState: "stopped",
  virtualTime: 0,
  checking: false,
  results: null,
  error: null,
  listening: [],
  twistdInTerminal: false,
  pageDisplay: null,
};
