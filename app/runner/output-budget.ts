/**
 * How much of a run's output reaches the page. A program can print without
 * end (`console.log("x".repeat(50_000_000))`, or a line per timer for hours);
 * every line the runner posts is copied to the page, drawn by xterm and read
 * by a screen reader, so the runner cuts the flood before postMessage and
 * says in the terminal what it left out.
 */

export interface OutputLimits {
  /** Characters of one line shown; the rest of the line is dropped. */
  readonly lineChars: number;
  /** Lines shown per run. */
  readonly lines: number;
  /** Characters shown per run, over all its lines. */
  readonly chars: number;
}

export const OUTPUT_LIMITS: OutputLimits = { lineChars: 2000, lines: 2000, chars: 200_000 };

/** What to post for one line of output: its text (shortened, perhaps) and a note to add after it. */
export interface AdmittedLine {
  readonly text: string;
  /** "output truncated: …", said once where the cut is made. */
  readonly note: string | null;
}

/** One run's budget: admit() says what of each line to post, null once the run has had its share. */
export class OutputBudget {
  private lines = 0;
  private chars = 0;
  private full = false;

  constructor(private readonly limits: OutputLimits = OUTPUT_LIMITS) {}

  /**
   * What to post of `text`, or null when nothing more of this run is shown.
   * @param fullLength how long the line was before something upstream shortened it.
   */
  admit(text: string, fullLength = text.length): AdmittedLine | null {
    if (this.full) return null;
    this.lines++;
    const room = Math.min(this.limits.lineChars, this.limits.chars - this.chars);
    const shown = text.length > room ? text.slice(0, room) : text;
    this.chars += shown.length;
    if (this.lines >= this.limits.lines || this.chars >= this.limits.chars) {
      this.full = true;
      const why = this.lines >= this.limits.lines ? `${count(this.limits.lines)} lines` : `${count(this.limits.chars)} characters`;
      return { text: shown, note: `output truncated: this run has printed ${why}; the rest of its output is not shown.` };
    }
    if (shown.length < fullLength) {
      return { text: shown, note: `output truncated: that line had ${count(fullLength)} characters; the first ${count(shown.length)} are shown.` };
    }
    return { text, note: null };
  }
}

/** Characters a connection's received data shows in the terminal (nc, telnet) before the rest is dropped. */
export const CONNECTION_DATA_CHARS = 200_000;

/**
 * One connection's budget for what the program sends to the terminal's nc:
 * a server that writes 50 MB would otherwise be copied to the page and drawn
 * whole. The connection itself carries on; only what is shown is cut.
 */
export class ConnectionDataBudget {
  private shown = 0;
  private full = false;

  constructor(private readonly limit = CONNECTION_DATA_CHARS) {}

  /** What to pass on of `data` (and a note, where the cut is made), or null once the connection has had its share. */
  admit(data: string): AdmittedLine | null {
    if (this.full) return null;
    const room = this.limit - this.shown;
    if (data.length < room) {
      this.shown += data.length;
      return { text: data, note: null };
    }
    this.full = true;
    this.shown = this.limit;
    return {
      text: data.slice(0, room),
      note: `output truncated: this connection has received ${count(this.limit)} characters; the rest of what the program sends on it is not shown.`,
    };
  }
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
