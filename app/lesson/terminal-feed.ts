/**
 * The lines a lesson session prints to its terminal: notes and errors as they
 * come, and the run's own output through the debugger's gate (while the
 * debugger steps, only what happened up to its cursor, later lines dimmed).
 * Lines that come while no terminal listens (a quick Run before the terminal
 * has loaded, on a slow phone) wait for the first that does.
 */
import { OutputGate, type OutputShown } from "../debugger/output-gate";
import { DEBUG_BLOCK_NOTE } from "./session-notes";
import type { TerminalLine } from "./session-snapshot";

/** Terminal lines kept for a terminal that has not loaded yet. */
const BACKLOG_LIMIT = 500;

/** The lines bound for a lesson page's terminals: notes as they come, the run's output through the debugger's gate. */
export class TerminalFeed {
  private readonly listeners = new Set<(line: TerminalLine) => void>();
  private readonly dimListeners = new Set<(from: number | null) => void>();
  /** Terminal lines that arrived while no terminal listened, for the first one that does. */
  private backlog: TerminalLine[] = [];
  /** The "(debug: C: ... I: ...)" block is explained once per run. */
  private debugBlockExplained = false;
  /** The run's output on its way to the terminal: while the debugger steps, only what happened up to its cursor. */
  private readonly output = new OutputGate<TerminalLine>(
    (line, index) => this.printOutput(line, index),
    (from) => {
      for (const listener of this.dimListeners) listener(from);
    },
  );

  /** Adds a listener, first giving it the lines kept while none listened; returns its removal. */
  listen(listener: (line: TerminalLine) => void): () => void {
    this.listeners.add(listener);
    const backlog = this.backlog;
    this.backlog = [];
    for (const line of backlog) listener(line);
    return () => this.listeners.delete(listener);
  }

  /** Adds a listener for the first output line to dim (null: none); returns its removal. */
  listenDimmed(listener: (from: number | null) => void): () => void {
    this.dimListeners.add(listener);
    return () => this.dimListeners.delete(listener);
  }

  /** A new run: its output is numbered from 0 again, and the debug block is explained again. */
  runStarted(): void {
    this.debugBlockExplained = false;
    this.output.reset();
  }

  /** A line of the run's own output, printed once the gate lets it through. */
  addOutput(line: TerminalLine): void {
    this.output.add(line);
  }

  /** Prints and dims the run's output as `shown` says (from the debugger's cursor). */
  showOutput(shown: OutputShown): void {
    this.output.show(shown);
  }

  /** Prints `line` on every listening terminal, or keeps it (up to BACKLOG_LIMIT lines) until one listens. */
  emit(line: TerminalLine): void {
    if (this.listeners.size === 0) {
      if (this.backlog.length < BACKLOG_LIMIT) this.backlog.push(line);
      return;
    }
    for (const listener of this.listeners) listener(line);
  }

  /** Prints line `index` of the run's output, once the debugger's cursor has reached it. */
  private printOutput(line: TerminalLine, index: number): void {
    this.emit({ ...line, output: index });
    if (!this.debugBlockExplained && line.text.includes("(debug:")) {
      this.debugBlockExplained = true;
      this.emit({ stream: "note", text: DEBUG_BLOCK_NOTE });
    }
  }
}
