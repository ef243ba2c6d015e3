/**
 * Keeps the terminal in step with the debugger's cursor. A paused run has
 * already run ahead of the cursor in the runner (its top level, or the whole
 * reactor event a step asked for), so its output arrives early: the gate holds
 * each program line back until the cursor passes the trace's output event for
 * it, and marks the lines already printed that the cursor has gone back
 * before, for the terminal to dim. The n-th line of a run's output is the
 * n-th "output" event of its trace (the world records each line as it prints it).
 */
import type { DebugSnapshot } from "./debug-store";

/** What the terminal shows of the run's output: lines printed, and the first one to dim. */
export interface OutputShown {
  /** Print lines up to (not including) this one; null: print every line as it comes. */
  readonly printBefore: number | null;
  /** Dim printed lines from this one on (they come after the cursor); null: dim none. */
  readonly dimFrom: number | null;
}

export const SHOW_ALL: OutputShown = { printBefore: null, dimFrom: null };

/**
 * How much of the run's output the terminal should show for the debugger's
 * state. While the learner steps a paused run, only the output up to the
 * cursor; while they look back over a run that goes on live, everything, the
 * lines after the cursor dimmed. Following the live run, or once the run has
 * ended, everything.
 * @param running the program is still running in the runner.
 */
export function outputShown(debug: DebugSnapshot, running: boolean): OutputShown {
  if (!running || !debug.recorded || !debug.live || debug.following || debug.state.limitReached) return SHOW_ALL;
  const upToCursor = debug.state.outputTotal;
  return { printBefore: debug.paused ? upToCursor : null, dimFrom: upToCursor };
}

/** A run's program output on its way to the terminal, each line numbered from 0 in the order printed. */
export class OutputGate<Line> {
  private readonly held: Line[] = [];
  /** How many lines were printed; held[0] is line number `printed`. */
  private printed = 0;
  private shown: OutputShown = SHOW_ALL;
  private dimmed: number | null = null;

  /**
   * @param print prints line number `index` of the run's output.
   * @param dim dims printed lines from `from` on, or (null) none.
   */
  constructor(
    private readonly print: (line: Line, index: number) => void,
    private readonly dim: (from: number | null) => void,
  ) {}

  /** A new run: its lines are numbered from 0. What the last run printed stays printed, undimmed. */
  reset(): void {
    this.held.length = 0;
    this.printed = 0;
    this.shown = SHOW_ALL;
    this.update();
  }

  /** The program printed `line`. */
  add(line: Line): void {
    this.held.push(line);
    this.update();
  }

  /** The debugger moved: show what `outputShown` says. */
  show(shown: OutputShown): void {
    this.shown = shown;
    this.update();
  }

  private update(): void {
    const { printBefore, dimFrom } = this.shown;
    const end = printBefore === null ? this.printed + this.held.length : Math.min(printBefore, this.printed + this.held.length);
    let taken = 0;
    for (; this.printed + taken < end; taken++) this.print(this.held[taken]!, this.printed + taken);
    if (taken > 0) this.held.splice(0, taken);
    this.printed += taken;
    const dimmed = dimFrom !== null && dimFrom < this.printed ? dimFrom : null;
    if (dimmed !== this.dimmed) {
      this.dimmed = dimmed;
      this.dim(dimmed);
    }
  }
}
