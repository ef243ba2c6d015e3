/**
 * What a world keeps of its program's output, and who hears it. A program may
 * print without end (ten million lines over timer events, one line of fifty
 * million characters), and every line kept is memory: the world keeps the
 * first KEPT_LINES lines, each cut at KEPT_LINE_CHARS characters, while its
 * listeners still hear every line, shortened.
 */

/** One line of output: what the program printed or what the reactor logged. */
export interface OutputLine {
  readonly stream: "stdout" | "stderr" | "log" | "error";
  readonly text: string;
  /** Virtual time, in seconds. */
  readonly time: number;
  /** How long the line was before the world shortened it (see KEPT_LINE_CHARS); absent when it was not. */
  readonly fullLength?: number;
}

const KEPT_LINES = 20_000;
const KEPT_LINE_CHARS = 20_000;

/** A world's output lines: kept (up to a limit) and handed to listeners. */
export class WorldOutput {
  /** The lines kept, oldest first; past KEPT_LINES, one last line says the output was truncated. */
  readonly lines: OutputLine[] = [];
  private readonly listeners = new Set<(line: OutputLine) => void>();

  /**
   * @param seconds the virtual time, stamped on each line.
   * @param onShortened hears each line's text as it will be kept, before the line is stamped and kept (the recording).
   */
  constructor(
    private readonly seconds: () => number,
    private readonly onShortened: (stream: OutputLine["stream"], shown: string) => void,
  ) {}

  /** Calls `listener` for every later line; returns its removal. */
  listen(listener: (line: OutputLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops telling anyone of later lines. */
  clearListeners(): void {
    this.listeners.clear();
  }

  /** Adds a line of `stream`, shortened if too long, keeps it if there is room, and hands it to every listener. */
  add(stream: OutputLine["stream"], text: string): void {
    const shown = text.length > KEPT_LINE_CHARS ? `${text.slice(0, KEPT_LINE_CHARS)}… (output truncated: ${text.length} characters in all)` : text;
    this.onShortened(stream, shown);
    const line: OutputLine = shown === text ? { stream, text, time: this.seconds() } : { stream, text: shown, time: this.seconds(), fullLength: text.length };
    if (this.lines.length < KEPT_LINES) this.lines.push(line);
    else if (this.lines.length === KEPT_LINES) {
      this.lines.push({ stream: "error", text: `output truncated: only the first ${KEPT_LINES} lines of output are kept`, time: line.time });
    }
    for (const listener of this.listeners) listener(line);
  }
}
