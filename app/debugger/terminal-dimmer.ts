/**
 * Dims, in the terminal itself, the program lines that come after the
 * debugger's cursor (see output-gate.ts). xterm cannot take printed text
 * back, so each program line of the run is remembered by a marker on its
 * first row, and the lines after the cursor get a decoration that greys them
 * until the cursor catches up or the run goes on live.
 */
import type { IDecoration, IMarker, Terminal } from "@xterm/xterm";

/** Greyer than the reactor log's grey: clearly "not yet", still readable. */
const AHEAD_COLOR = "#5b6476";
/** The class the dimmed rows' decorations carry (for styling and tests). */
export const AHEAD_CLASS = "terminal-ahead";

type DimmableTerminal = Pick<Terminal, "write" | "registerMarker" | "registerDecoration" | "cols">;

export class TerminalDimmer {
  /** Each printed line's rows, one marker a row (a decoration taller than a row colours only its first in the DOM renderer). */
  private readonly lines: IMarker[][] = [];
  private decorations: IDecoration[] = [];
  private from: number | null = null;

  constructor(private readonly terminal: DimmableTerminal) {}

  /**
   * Line `index` of the run's output was just printed, on the `rows` rows
   * above the cursor. Line 0 starts a new run: the last run's lines are forgotten.
   */
  printed(index: number, rows: number): void {
    if (index === 0) this.forget();
    // xterm parses writes later: the rows exist once what was written before this empty write is parsed.
    this.terminal.write("", () => {
      const markers: IMarker[] = [];
      for (let row = rows; row > 0; row--) markers.push(this.terminal.registerMarker(-row));
      this.lines[index] = markers;
      if (this.from !== null && index >= this.from) this.decorate(index);
    });
  }

  /** Dims the printed lines from `from` on; null undims them all. */
  dim(from: number | null): void {
    this.from = from;
    for (const decoration of this.decorations) decoration.dispose();
    this.decorations = [];
    if (from === null) return;
    for (let index = from; index < this.lines.length; index++) this.decorate(index);
  }

  /** Forgets every line (a new run, or the terminal is going away). */
  forget(): void {
    this.dim(null);
    for (const line of this.lines) for (const marker of line ?? []) marker.dispose();
    this.lines.length = 0;
  }

  private decorate(index: number): void {
    for (const marker of this.lines[index] ?? []) {
      if (marker.isDisposed) continue;
      const decoration = this.terminal.registerDecoration({ marker, width: this.terminal.cols, foregroundColor: AHEAD_COLOR, layer: "top" });
      if (!decoration) continue;
      decoration.onRender((element) => element.classList.add(AHEAD_CLASS));
      this.decorations.push(decoration);
    }
  }
}
