/**
 * Keeps a reported location inside the editor's text. A location comes from
 * the learner's program (a stack trace it may have rewritten, a timer that
 * fires after the file was cut to two lines), so it is data to check, never
 * an index to trust: Monaco throws "Illegal value for lineNumber" for a line
 * it does not have, and that error would take the page down.
 */

/** What the editor needs to know about its text. */
export interface EditorText {
  /** Lines in the text, at least 1. */
  readonly lineCount: number;
  /** One past the last column of `line` (Monaco's getLineMaxColumn), for a line that exists. */
  maxColumn(line: number): number;
}

/** A location that exists in the editor's text. */
export interface EditorLocation {
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
}

/**
 * The location to mark for `line` and `column`, or null when `line` is not a
 * line of the text (missing, not a whole number, before the first or past the
 * last line): such a location is about code that is no longer there. A column
 * past the line's end is pulled back to its last column.
 */
export function locationInText(text: EditorText, line: number | undefined, column?: number): EditorLocation | null {
  if (line === undefined || !Number.isSafeInteger(line) || line < 1 || line > text.lineCount) return null;
  const endColumn = text.maxColumn(line);
  const start = column !== undefined && Number.isSafeInteger(column) && column >= 1 ? Math.min(column, endColumn) : 1;
  return { line, column: start, endColumn: Math.max(endColumn, start) };
}

/** True when `line` is a line of the text (the debugger's marks are skipped otherwise). */
export function isLineInText(text: Pick<EditorText, "lineCount">, line: number | null | undefined): line is number {
  return line !== null && line !== undefined && Number.isSafeInteger(line) && line >= 1 && line <= text.lineCount;
}
