/**
 * The shell's state and its screen: the line being typed and its history,
 * what holds the foreground (a connection, a running command, the IRC
 * client), and drawing the prompt and printed lines without breaking the
 * line being typed.
 */
import type { IrcClient } from "./irc-client";
import type { ShellConnection, ShellHost } from "./shell-host";
import { CRLF, wrapText } from "./shell-text";

/** An nc or telnet connection the shell opened, in the foreground or as a background job. */
export interface Session {
  readonly id: number;
  readonly tool: "nc" | "telnet";
  readonly host: string;
  readonly port: number;
  readonly connection: ShellConnection;
  /** The command line, for `jobs` and `fg`. */
  readonly command: string;
  /** Its input came from a pipe, all sent: typed lines have nowhere to go. */
  readonly piped: boolean;
  background: boolean;
  open: boolean;
}

const PROMPT = "\x1b[1;32mlearner@finger\x1b[0m:\x1b[1;34m~\x1b[0m$ ";

/** The state every part of the shell shares, and how it draws on the terminal. */
export abstract class ShellScreen {
  protected line = "";
  protected readonly history: string[] = [];
  protected historyIndex = 0;
  protected foreground: Session | null = null;
  /** A command running in the foreground (e.g. sleep 5): Ctrl-C interrupts it, keys wait. */
  protected runningCommand: { interrupt(): void } | null = null;
  protected readonly sessions = new Map<number, Session>();
  protected nextSessionId = 1;
  /** The `irc` client while it runs in the foreground: typed lines go to it. */
  protected irc: { client: IrcClient; connection: ShellConnection } | null = null;

  /**
   * @param columns the terminal's width, so long lines wrap between words
   *   (xterm itself breaks them at the last column, mid-word).
   */
  constructor(
    protected readonly host: ShellHost,
    protected readonly write: (text: string) => void,
    protected readonly columns: () => number = () => Infinity,
  ) {}

  /**
   * Prints text from the program (its output or the reactor's log) without breaking the line being typed.
   * @returns how many rows it took, right above the cursor's row.
   */
  printAbove(text: string, style = ""): number {
    const lines = wrapText(text.replace(/\r?\n$/, ""), this.columns());
    const styled = style ? lines.map((line) => `${style}${line}\x1b[0m`) : lines;
    this.write(`\r\x1b[2K${styled.join(CRLF)}${CRLF}`);
    this.redraw();
    return lines.length;
  }

  protected recall(direction: number): void {
    if (this.foreground || this.history.length === 0) return;
    this.historyIndex = Math.max(0, Math.min(this.history.length, this.historyIndex + direction));
    this.line = this.history[this.historyIndex] ?? "";
    this.redraw();
  }

  protected print(lines: readonly string[]): void {
    for (const line of lines) for (const part of wrapText(line, this.columns())) this.write(`${part}${CRLF}`);
  }

  protected prompt(): void {
    this.write(PROMPT + this.line);
  }

  protected redraw(): void {
    this.write("\r\x1b[2K");
    if (this.irc) this.write(`\x1b[1;36m${this.irc.client.prompt}\x1b[0m${this.line}`);
    else if (this.foreground) this.write(this.line);
    // A command still running owns the line: its end draws the prompt (drawing one now doubled it after a traceback).
    else if (!this.runningCommand) this.prompt();
  }
}
