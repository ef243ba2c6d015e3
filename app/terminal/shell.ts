/**
 * A small shell over the simulated world, drawn on an xterm terminal:
 * line editing and history, `nc`/`telnet` sessions (in the foreground or in
 * the background with `&`), `help` and `clear`. It only writes text; the
 * terminal component owns the xterm instance.
 */

/** A connection the shell opened through the runner. */
export interface ShellConnection {
  send(text: string): void;
  close(): void;
}

/** What a connection reports back to the shell. */
export interface ConnectionHandlers {
  onConnected(): void;
  onData(text: string): void;
  onClosed(clean: boolean): void;
  onRefused(): void;
}

/** What the shell needs from the world it runs in. */
export interface ShellHost {
  connect(host: string, port: number, handlers: ConnectionHandlers): ShellConnection;
  /** A line describing the program's state, for `status`. */
  describeProgram(): string;
}

interface Session {
  readonly id: number;
  readonly tool: "nc" | "telnet";
  readonly host: string;
  readonly port: number;
  readonly connection: ShellConnection;
  background: boolean;
  open: boolean;
}

const PROMPT = "\x1b[1;32mlearner@finger\x1b[0m:\x1b[1;34m~\x1b[0m$ ";
const CRLF = "\r\n";

export const SHELL_HELP = [
  "Commands:",
  "  nc HOST PORT         connect and type lines to send (sent with CRLF, like nc -C)",
  "  telnet HOST PORT     the same, with telnet's messages",
  "  CMD &                run nc or telnet in the background (e.g. several clients)",
  "  jobs                 list background connections",
  "  status               is the program running?",
  "  clear                clear the screen (also Ctrl-L)",
  "  help                 this list",
  "Keys: Enter sends a line, Ctrl-C ends the current client, Up/Down recall history.",
  "Your program runs when you press Run (Ctrl+Enter); it listens on the ports it asks for.",
];

export class Shell {
  private line = "";
  private readonly history: string[] = [];
  private historyIndex = 0;
  private foreground: Session | null = null;
  private readonly sessions = new Map<number, Session>();
  private nextSessionId = 1;

  constructor(
    private readonly host: ShellHost,
    private readonly write: (text: string) => void,
  ) {}

  /** Prints the greeting and the first prompt. */
  start(): void {
    this.write(`Simulated terminal. Type \x1b[1mhelp\x1b[0m for commands.${CRLF}`);
    this.prompt();
  }

  /** Handles keystrokes from the terminal (xterm's onData). */
  input(data: string): void {
    // Escape sequences (arrows) arrive whole; everything else is handled a character at a time.
    if (data === "\x1b[A") return this.recall(-1);
    if (data === "\x1b[B") return this.recall(1);
    if (data.startsWith("\x1b")) return;
    for (const ch of data) this.key(ch);
  }

  /** Prints text from the program (its output or the reactor's log) without breaking the line being typed. */
  printAbove(text: string): void {
    this.write(`\r\x1b[2K${toTerminal(text)}${text.endsWith("\n") ? "" : CRLF}`);
    this.redraw();
  }

  /** Ends every session (the program was restarted). */
  reset(): void {
    for (const session of this.sessions.values()) session.connection.close();
    this.sessions.clear();
    this.foreground = null;
  }

  private key(ch: string): void {
    switch (ch) {
      case "\r":
        return this.enter();
      case "\x7f":
      case "\b":
        if (this.line) {
          this.line = this.line.slice(0, -1);
          this.write("\b \b");
        }
        return;
      case "\x03":
        return this.interrupt();
      case "\x0c":
        this.write("\x1b[2J\x1b[H");
        return this.redraw();
      default:
        if (ch >= " ") {
          this.line += ch;
          this.write(ch);
        }
    }
  }

  private enter(): void {
    const line = this.line;
    this.line = "";
    this.write(CRLF);
    if (this.foreground) {
      this.foreground.connection.send(`${line}\r\n`);
      return;
    }
    if (line.trim()) {
      this.history.push(line);
      this.historyIndex = this.history.length;
    }
    this.run(line.trim());
  }

  private interrupt(): void {
    this.line = "";
    this.write(`^C${CRLF}`);
    const session = this.foreground;
    if (session) {
      this.foreground = null;
      session.open = false;
      this.sessions.delete(session.id);
      session.connection.close();
    }
    this.prompt();
  }

  private recall(direction: number): void {
    if (this.foreground || this.history.length === 0) return;
    this.historyIndex = Math.max(0, Math.min(this.history.length, this.historyIndex + direction));
    this.line = this.history[this.historyIndex] ?? "";
    this.redraw();
  }

  private run(commandLine: string): void {
    if (!commandLine) return this.prompt();
    const background = commandLine.endsWith("&");
    const words = commandLine.replace(/&$/, "").trim().split(/\s+/);
    const [command = "", ...args] = words;
    switch (command) {
      case "help":
        this.print(SHELL_HELP);
        return this.prompt();
      case "clear":
        this.write("\x1b[2J\x1b[H");
        return this.prompt();
      case "status":
        this.print([this.host.describeProgram()]);
        return this.prompt();
      case "jobs":
        this.print(this.jobLines());
        return this.prompt();
      case "nc":
      case "telnet":
        return this.connect(command, args, background);
      default:
        this.print([`${command}: command not found (type help for the list)`]);
        return this.prompt();
    }
  }

  private connect(tool: "nc" | "telnet", args: string[], background: boolean): void {
    const positional = args.filter((arg) => !arg.startsWith("-"));
    const [host, portText] = positional;
    const port = Number(portText);
    if (!host || !portText || !Number.isInteger(port) || port < 1 || port > 65535) {
      this.print([tool === "nc" ? "usage: nc HOST PORT" : "usage: telnet HOST PORT"]);
      return this.prompt();
    }
    const id = this.nextSessionId++;
    if (tool === "telnet") this.print([`Trying ${host === "localhost" ? "127.0.0.1" : host}...`]);
    let session: Session | null = null;
    const connection = this.host.connect(host, port, {
      onConnected: () => {
        if (!session) return;
        if (tool === "telnet") this.printAbove(`Connected to ${host}.\r\nEscape character is '^]'.`);
        if (session.background) this.printAbove(`[${id}] connected to ${host} ${port}`);
      },
      onData: (text) => {
        if (!session) return;
        if (session.background) this.printAbove(`[${id}] ${text.replace(/\r?\n$/, "")}`);
        else this.write(toTerminal(text));
      },
      onClosed: () => this.sessionEnded(session, tool === "telnet" ? "Connection closed by foreign host." : null),
      onRefused: () =>
        this.sessionEnded(
          session,
          tool === "telnet"
            ? "telnet: Unable to connect to remote host: Connection refused"
            : `nc: connect to ${host} port ${port} (tcp) failed: Connection refused`,
        ),
    });
    session = { id, tool, host, port, connection, background, open: true };
    this.sessions.set(id, session);
    if (background) {
      this.print([`[${id}] ${tool} ${host} ${port}`]);
      this.prompt();
    } else {
      this.foreground = session;
    }
  }

  private sessionEnded(session: Session | null, message: string | null): void {
    if (!session || !session.open) return;
    session.open = false;
    this.sessions.delete(session.id);
    if (this.foreground === session) {
      this.foreground = null;
      if (message) this.write(`\r\x1b[2K${message}${CRLF}`);
      this.line = "";
      this.prompt();
    } else {
      this.printAbove(`[${session.id}] done${message ? `: ${message}` : ""}`);
    }
  }

  private jobLines(): string[] {
    const open = [...this.sessions.values()].filter((s) => s.background);
    if (open.length === 0) return ["no background connections"];
    return open.map((s) => `[${s.id}] ${s.tool} ${s.host} ${s.port}`);
  }

  private print(lines: string[]): void {
    for (const line of lines) this.write(`${line}${CRLF}`);
  }

  private prompt(): void {
    this.write(PROMPT + this.line);
  }

  private redraw(): void {
    this.write("\r\x1b[2K");
    if (this.foreground) this.write(this.line);
    else this.prompt();
  }
}

/** xterm needs CRLF to return to the first column; servers may send bare LF. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, CRLF);
}
