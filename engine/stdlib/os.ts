/**
 * Python's os, the part a process pool needs: the process's own id, and
 * _exit, which ends the process at once (no cleanup, no reactor shutdown),
 * as a crashing worker does. The course's main program is process 1 (as
 * `ps` in the terminal lists it); a child process started by spawnProcess
 * gets a module of its own, from osFor (runtime/child-program.ts). Imports nothing.
 */

/** What one process's os module answers. */
export interface ProcessSelf {
  readonly pid: number;
  /** Ends the process with `code`: its pipes close and its parent sees it exit. */
  exit(code: number): void;
}

/** The main program's process id, as the terminal's `ps` shows it. */
const MAIN_PROGRAM_PID = 1;

/** The id of the process running this code (here, the main program's). */
export function getpid(): number {
  return MAIN_PROGRAM_PID;
}

/**
 * Ends this process at once with `code`, as os._exit does.
 * @throws Error in the main program, whose end is the reactor's to decide.
 */
export function _exit(code: number): void {
  void code;
  throw new Error("os._exit ends a child process; the program you run stops with reactor.stop() instead.");
}

/**
 * The os module of one child process: its own pid, and an _exit that ends
 * it. Nothing after _exit is seen outside: the process's output is cut off
 * and its timers never fire.
 */
export function osFor(self: ProcessSelf): { getpid(): number; _exit(code: number): void } {
  return { getpid: () => self.pid, _exit: (code: number) => self.exit(code) };
}
