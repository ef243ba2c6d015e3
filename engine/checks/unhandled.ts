/**
 * Finds the first unhandled error a program logged ("Unhandled Error" from
 * the reactor, "Unhandled error in Deferred" from a chain), so a failed check
 * can say what went wrong inside the program and on which line.
 */

export interface LoggedError {
  /** The exception line: "TypeError: this.users.get is not a function". */
  readonly error: string;
  /** The innermost frame of the learner's file: "finger.ts, line 20, in getUser", or null. */
  readonly where: string | null;
  /** That frame's line number, or null. */
  readonly line: number | null;
}

const HEADER = /^Unhandled (Error|error in Deferred:?)$/;
const FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?$/;
// Lines of a traceback block that are not the exception itself.
const NOT_THE_ERROR = /^(\s|Traceback|\(debug|\)|[CI]: |--- )/;

/** The first unhandled error in `output` (the program's log and output, one line each), or null. */
export function firstUnhandledError(output: string): LoggedError | null {
  const lines = output.split("\n");
  const start = lines.findIndex((line) => HEADER.test(line.trim()));
  if (start < 0) return null;
  let where: string | null = null;
  let line: number | null = null;
  for (const text of lines.slice(start + 1)) {
    const frame = FRAME.exec(text);
    if (frame) {
      where = `${frame[1]}, line ${frame[2]}${frame[3] ? `, in ${frame[3]}` : ""}`;
      line = Number(frame[2]);
      continue;
    }
    if (!text.trim() || NOT_THE_ERROR.test(text)) continue;
    return { error: text.replace(/^Failure: /, "").trim(), where, line };
  }
  return null;
}
