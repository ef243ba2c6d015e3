/**
 * How a world's program start went, and how its error reads in the terminal
 * and in checks.
 */
import type { ProgramError } from "./program";

/** How a program's start went. */
export type StartOutcome =
  | { readonly status: "running" }
  | { readonly status: "exited"; readonly reason: string }
  | { readonly status: "error"; readonly error: ProgramError }
  | { readonly status: "blocked"; readonly error: ProgramError };

/** Why a world stopped by itself: its program blocked the reactor. */
export interface BlockedReport {
  readonly message: string;
  readonly line: number;
  /** Whether the program held too much memory, rather than keeping the reactor from running. */
  readonly outOfMemory: boolean;
}

/** "line 3: NameError: ..." — the way the terminal and checks show a program error. */
export function formatProgramError(error: ProgramError): string {
  const where = error.location ? `${error.location.file}, line ${error.location.line}: ` : "";
  return `${where}${error.message}`;
}
