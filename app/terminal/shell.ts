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

/** What a command run on the simulated host reports back. */
export interface CommandHandlers {
  onOutput(text: string, stream: "stdout" | "stderr"): void;
  onExit(code: number | null): void;
}

/** What the shell needs from the world it runs in. */
export interface ShellHost {
  connect(host: string, port: number, handlers: ConnectionHandlers): ShellConnection;
  /** Runs a command on the learner's simulated host; returns a way to interrupt it. */
  exec(argv: string[], handlers: CommandHandlers): { interrupt(): void };
  /** Writes (or appends to) a file on the simulated host. */
  writeFile(path: string, content: string, append: boolean, handlers: CommandHandlers): void;
  /** netstat's or ps's lines. */
  inspect(what: "netstat" | "ps"): Promise<string[]>;
  /** A line describing the program's state, for `status`. */
  describeProgram(): string;
}

/** Commands that run as processes on the simulated host. */
const HOST_COMMANDS = new Set(["finger", "curl", "cat", "ls", "echo", "sleep", "true", "false"]);

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
  "  nc HOST PORT           connect and type lines to send (sent with CRLF, like nc -C)",
  "  telnet HOST PORT       the same, with telnet's messages",
  "  CMD &                  run nc or telnet in the background (e.g. several clients)",
  "  clients N PORT [TEXT]  N clients connect at once and each sends TEXT (default moshez)",
  "  jobs                   list background connections",
  "  finger USER@HOST[:PORT]  ask a finger server (port 79 unless given)",
  "  curl [-i] URL          fetch a web page (HTTP GET; -i shows the status line and headers)",
  "       -X METHOD  -d DATA (a POST)  -H 'Name: value'  -I (HEAD, headers only)",
  "  ls, cat FILE, echo TEXT [> FILE | >> FILE]   look at and edit the simulated files",
  "  netstat                listening ports and open connections",
  "  ps                     processes on the simulated host",
  "  status                 is the program running?",
  "  clear                  clear the screen (also Ctrl-L)",
  "  help                   this list",
  "Keys: Enter sends a line, Ctrl-C ends the current client, Up/Down recall history.",
  "Your program runs when you press Run (Ctrl+Enter); it listens on the ports it asks for.",
];

export class Shell {
  private line = "";
  private readonly history: string[] = [];
  private historyIndex = 0;
  private foreground: Session | null = null;
  /** A command running in the foreground (e.g. sleep 5): Ctrl-C interrupts it, keys wait. */
  private runningCommand: { interrupt(): void } | null = null;
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
    if (this.runningCommand) return;
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
    if (this.runningCommand) {
      this.runningCommand.interrupt();
      return;
    }
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
      case "clients":
        return this.manyClients(args);
      case "netstat":
      case "ps":
        void this.host.inspect(command).then((lines) => {
          this.print(lines);
          this.prompt();
        });
        return;
      default:
        if (HOST_COMMANDS.has(command)) return this.runOnHost(commandLine.replace(/&$/, "").trim());
        this.print([`${command}: command not found (type help for the list)`]);
        return this.prompt();
    }
  }

  /** Runs a host command, with `> FILE` or `>> FILE` redirecting its output into a file. */
  private runOnHost(commandLine: string): void {
    const redirect = /^(.*?)\s*(>>?)\s*(\S+)$/.exec(commandLine);
    const argv = splitWords(redirect ? redirect[1]! : commandLine);
    let captured = "";
    let finished = false;
    const done = (code: number | null) => {
      void code;
      finished = true;
      this.runningCommand = null;
      this.prompt();
    };
    const handlers: CommandHandlers = redirect
      ? {
          onOutput: (text, stream) => (stream === "stdout" ? (captured += text) : this.write(toTerminal(text))),
          onExit: (code) => {
            if (code !== 0) return done(code);
            this.host.writeFile(redirect[3]!, captured, redirect[2] === ">>", {
              onOutput: (text) => this.write(toTerminal(text)),
              onExit: done,
            });
          },
        }
      : { onOutput: (text) => this.write(toTerminal(text)), onExit: done };
    const running = this.host.exec(argv, handlers);
    if (!finished) this.runningCommand = running;
  }

  /** Opens N background connections at once, each sending one line: concurrency made visible. */
  private manyClients(args: string[]): void {
    const [countText, portText, ...words] = args;
    const count = Number(countText);
    const port = Number(portText);
    if (!Number.isInteger(count) || count < 1 || count > 20 || !Number.isInteger(port)) {
      this.print(["usage: clients N PORT [TEXT]   (N from 1 to 20)"]);
      return this.prompt();
    }
    const text = words.join(" ") || "moshez";
    for (let i = 0; i < count; i++) {
      const id = this.nextSessionId++;
      let received = "";
      const connection = this.host.connect("localhost", port, {
        onConnected: () => connection.send(`${text}\r\n`),
        onData: (data) => (received += data),
        onClosed: () => this.printAbove(`[${id}] ${JSON.stringify(received)} then closed`),
        onRefused: () => this.printAbove(`[${id}] connection refused`),
      });
    }
    this.print([`${count} clients connecting to port ${port}, each sending ${JSON.stringify(text)}`]);
    this.prompt();
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

/** Splits a command line into words, honouring single and double quotes. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) words.push(match[1] ?? match[2] ?? match[3]!);
  return words;
}

/** xterm needs CRLF to return to the first column; servers may send bare LF. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, CRLF);
}
