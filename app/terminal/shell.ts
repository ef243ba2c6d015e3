/**
 * A small shell over the simulated world, drawn on an xterm terminal:
 * line editing and history, `nc`/`telnet` sessions (in the foreground or in
 * the background with `&`, brought back with `fg`, ended with `kill`), a pipe
 * into `nc` (`printf 'moshez\r\n' | nc localhost 1079`), an `irc` client
 * for the simulated IRC network (irc-client.ts), `help` and `clear`.
 * It only writes text; the terminal component owns the xterm instance.
 */

import { IrcClient } from "./irc-client";
import { helpLines } from "./shell-help";

/** A connection the shell opened through the runner. */
export interface ShellConnection {
  send(text: string): void;
  /** Closes only the sending half: the server reads end of file, and can still answer. */
  halfClose(): void;
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
  /** Sends the running program a signal; false when no program runs. */
  signal(name: "SIGTERM" | "SIGINT"): boolean;
}

/** Commands that run as processes on the simulated host. */
const HOST_COMMANDS = new Set(["finger", "curl", "xmlrpc", "pb", "openssl", "cat", "tail", "ls", "rm", "echo", "sleep", "true", "false", "twistd"]);

interface Session {
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

/** The program's process id in `ps`, so `kill 1` signals it. */
const PROGRAM_PID = 1;

const PROMPT = "\x1b[1;32mlearner@finger\x1b[0m:\x1b[1;34m~\x1b[0m$ ";
const CRLF = "\r\n";


export class Shell {
  private line = "";
  private readonly history: string[] = [];
  private historyIndex = 0;
  private foreground: Session | null = null;
  /** A command running in the foreground (e.g. sleep 5): Ctrl-C interrupts it, keys wait. */
  private runningCommand: { interrupt(): void } | null = null;
  private readonly sessions = new Map<number, Session>();
  private nextSessionId = 1;
  /** The `irc` client while it runs in the foreground: typed lines go to it. */
  private irc: { client: IrcClient; connection: ShellConnection } | null = null;

  /**
   * @param columns the terminal's width, so long lines wrap between words
   *   (xterm itself breaks them at the last column, mid-word).
   */
  constructor(
    private readonly host: ShellHost,
    private readonly write: (text: string) => void,
    private readonly columns: () => number = () => Infinity,
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

  /** Ends every session (the program was restarted). */
  reset(): void {
    this.irc?.connection.close();
    this.irc = null;
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
      case "\x04":
        return this.endOfInput();
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

  /**
   * Ctrl-D, as a terminal gives it to nc: text typed so far goes out without a
   * line end; on an empty line the connection's sending half is closed.
   */
  private endOfInput(): void {
    const session = this.foreground;
    if (!session) return;
    if (this.line) {
      session.connection.send(this.line);
      this.line = "";
      this.write(CRLF);
      return;
    }
    session.connection.halfClose();
  }

  private enter(): void {
    const line = this.line;
    this.line = "";
    if (this.irc && !this.runningCommand) {
      // As in irssi, the typed line leaves the input row: what it did is printed above ("<learner> hello").
      if (line.trim()) {
        this.history.push(line);
        this.historyIndex = this.history.length;
      }
      this.irc.client.typed(line);
      return this.redraw();
    }
    this.write(CRLF);
    if (this.runningCommand) return;
    if (this.foreground) {
      if (!this.foreground.piped) this.foreground.connection.send(`${line}\r\n`);
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
    if (this.irc) {
      // Like irssi's /quit: say goodbye, and the server closes the link; a second Ctrl-C does not wait for it.
      const { client, connection } = this.irc;
      if (!client.quitting) return client.quit("Leaving");
      connection.close();
      client.closed();
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
    const substitution = /\$\(([^()]*)\)/.exec(commandLine);
    if (substitution) return this.substitute(commandLine, substitution);
    const background = commandLine.endsWith("&");
    const pipe = splitPipe(commandLine.replace(/&$/, "").trim());
    if (pipe) return this.runPipe(pipe[0], pipe[1], background);
    const words = commandLine.replace(/&$/, "").trim().split(/\s+/);
    const [command = "", ...args] = words;
    switch (command) {
      case "help":
        this.print(helpLines(args));
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
      case "fg":
        return this.bringToForeground(args[0]);
      case "kill": {
        const said = this.kill(args);
        if (said === null) return;
        this.print(said);
        return this.prompt();
      }
      case "printf": {
        const text = printf(splitWords(commandLine.replace(/&$/, "").trim()).slice(1));
        if (text) this.write(toTerminal(text));
        return this.prompt();
      }
      case "nc":
      case "telnet":
        return this.connect(command, args, background, commandLine.replace(/&$/, "").trim());
      case "clients":
        return this.manyClients(args);
      case "irc":
        return this.startIrc(args);
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

  /**
   * `$(COMMAND)`, as a shell substitutes it: COMMAND runs on the host, and its
   * output (trailing newlines dropped) takes its place: `kill $(cat twistd.pid)`.
   */
  private substitute(commandLine: string, match: RegExpExecArray): void {
    const argv = splitWords(match[1]!);
    if (!HOST_COMMANDS.has(argv[0] ?? "")) {
      this.print([`${argv[0] || "(nothing)"}: command not found (type help for the list)`]);
      return this.prompt();
    }
    let captured = "";
    let finished = false;
    const running = this.host.exec(argv, {
      onOutput: (text, stream) => (stream === "stdout" ? (captured += text) : this.write(toTerminal(text))),
      onExit: () => {
        finished = true;
        this.runningCommand = null;
        const replaced = `${commandLine.slice(0, match.index)}${captured.replace(/\n+$/, "").replace(/\s+/g, " ")}${commandLine.slice(match.index + match[0].length)}`;
        this.run(replaced.trim());
      },
    });
    if (!finished) this.runningCommand = running;
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

  /** `LEFT | nc ...`: LEFT's output is sent as it is, as a real pipe does (a bare LF stays a bare LF). */
  private runPipe(left: string, right: string, background: boolean): void {
    const [tool = "", ...args] = splitWords(right);
    if (tool !== "nc" && tool !== "telnet") {
      this.print([`${tool || "(nothing)"}: only nc and telnet read a pipe here`]);
      return this.prompt();
    }
    const send = (text: string) => this.connect(tool, args, background, background ? `${left} | ${right}` : right, args.includes("-C") ? text.replace(/\r?\n/g, "\r\n") : text);
    const words = splitWords(left);
    if (words[0] === "printf") return send(printf(words.slice(1)));
    if (words[0] === "echo") return send(`${words.slice(1).join(" ")}\n`);
    if (!HOST_COMMANDS.has(words[0] ?? "")) {
      this.print([`${words[0]}: command not found (type help for the list)`]);
      return this.prompt();
    }
    let captured = "";
    let finished = false;
    const running = this.host.exec(words, {
      onOutput: (text, stream) => (stream === "stdout" ? (captured += text) : this.write(toTerminal(text))),
      onExit: () => {
        finished = true;
        this.runningCommand = null;
        send(captured);
      },
    });
    if (!finished) this.runningCommand = running;
  }

  /** `fg`, `fg %2`, `fg 2`: the background client comes back to the foreground. */
  private bringToForeground(which: string | undefined): void {
    const session = this.findJob(which);
    if (!session) {
      this.print([which ? `fg: ${which}: no such job` : "fg: no current job"]);
      return this.prompt();
    }
    session.background = false;
    this.foreground = session;
    this.print([session.command]);
  }

  /**
   * `kill %N` ends a background client; `kill [-TERM|-INT] 1` signals the
   * program; any other PID (a twistd daemon) is the host's kill command's.
   * @returns the lines to print, or null when the host's kill runs and prompts itself
   */
  private kill(args: string[]): string[] | null {
    const flag = args.find((arg) => arg.startsWith("-"));
    const target = args.find((arg) => !arg.startsWith("-"));
    if (!target) return ["usage: kill [-TERM|-INT] PID   or   kill %JOB"];
    if (/^\d+$/.test(target) && Number(target) !== PROGRAM_PID) {
      this.runOnHost(["kill", ...args].join(" "));
      return null;
    }
    if (target.startsWith("%")) {
      const session = this.findJob(target);
      if (!session) return [`kill: ${target}: no such job`];
      session.open = false;
      this.sessions.delete(session.id);
      session.connection.close();
      return [`[${session.id}]  Terminated              ${session.command}`];
    }
    if (Number(target) !== PROGRAM_PID) return [`kill: (${target}) - No such process (your program is PID ${PROGRAM_PID}; see ps)`];
    const name = flag && /^-(INT|SIGINT|2)$/.test(flag) ? "SIGINT" : "SIGTERM";
    return this.host.signal(name) ? [] : [`kill: (${target}) - No such process (no program is running)`];
  }

  private findJob(which: string | undefined): Session | null {
    const background = [...this.sessions.values()].filter((session) => session.background);
    if (which === undefined) return background.at(-1) ?? null;
    const id = Number(which.replace(/^%/, ""));
    return background.find((session) => session.id === id) ?? null;
  }

  /**
   * `irc [NICK] [HOST [PORT]]`: joins the simulated IRC network as NICK
   * (learner by default) on irc.freenode.org:6667. Until /quit or Ctrl-C,
   * typed lines go to the IRC client and what the server says is printed.
   */
  private startIrc(args: string[]): void {
    const [nick = "learner", host = "irc.freenode.org", portText = "6667"] = args;
    const port = Number(portText);
    if (!/^[A-Za-z[\]\\`_^{|}][\w[\]\\`^{|}-]{0,15}$/.test(nick) || !Number.isInteger(port) || port < 1 || port > 65535) {
      this.print(["usage: irc [NICK] [HOST [PORT]]   (NICK: letters, digits, _ or -, at most 16; default learner)"]);
      return this.prompt();
    }
    this.print([`-!- Connecting to ${host} port ${port} as ${nick}... (/help for commands, /quit or Ctrl-C to leave)`]);
    let connection: ShellConnection | null = null;
    let pending: string[] = [];
    const client = new IrcClient(nick, host, {
      send: (line) => (connection ? connection.send(`${line}\r\n`) : pending.push(line)),
      print: (lines) => {
        for (const line of lines) this.printAbove(line, ircStyle(line, client.nick));
      },
      ended: () => {
        if (this.irc?.client !== client) return;
        this.irc = null;
        this.line = "";
        this.redraw();
      },
    });
    connection = this.host.connect(host, port, {
      onConnected: () => client.connected(),
      onData: (data) => client.received(data),
      onClosed: () => client.closed(),
      onRefused: () => client.refused(port),
    });
    for (const line of pending) connection.send(`${line}\r\n`);
    pending = [];
    this.irc = { client, connection };
    this.redraw();
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

  /**
   * Connects, in the foreground or the background. With `input` (from a
   * pipe), sends it as soon as the connection opens, and typed lines go nowhere.
   */
  private connect(tool: "nc" | "telnet", args: string[], background: boolean, command: string, input?: string): void {
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
        if (input) connection.send(input);
        // nc -N: at the end of its input, nc closes its sending half (shutdown), and still reads the answer.
        if (input !== undefined && tool === "nc" && args.includes("-N")) connection.halfClose();
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
    session = { id, tool, host, port, connection, command, piped: input !== undefined, background, open: true };
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
    return open.map((s) => `[${s.id}]  Running                 ${s.command}`);
  }

  private print(lines: readonly string[]): void {
    for (const line of lines) for (const part of wrapText(line, this.columns())) this.write(`${part}${CRLF}`);
  }

  private prompt(): void {
    this.write(PROMPT + this.line);
  }

  private redraw(): void {
    this.write("\r\x1b[2K");
    if (this.irc) this.write(`\x1b[1;36m${this.irc.client.prompt}\x1b[0m${this.line}`);
    else if (this.foreground) this.write(this.line);
    // A command still running owns the line: its end draws the prompt (drawing one now doubled it after a traceback).
    else if (!this.runningCommand) this.prompt();
  }
}

/** The colour of an IRC line: private messages stand out, server notices recede, lines naming you are bold. */
function ircStyle(line: string, nick: string): string {
  if (/^\*[^*\s]+\* /.test(line) || line.startsWith("-> *")) return "\x1b[1;35m";
  if (line.startsWith("-!-") || / -!- /.test(line)) return "\x1b[38;2;154;164;184m";
  return line.toLowerCase().includes(nick.toLowerCase()) && !line.includes(`<${nick}>`) ? "\x1b[1m" : "";
}

/** "A | B" split at its one unquoted pipe, or null. */
export function splitPipe(line: string): [string, string] | null {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "|") return [line.slice(0, i).trim(), line.slice(i + 1).trim()];
  }
  return null;
}

/** printf FORMAT [ARG...]: backslash escapes (\n \r \t \\) and %s, as the shell's printf does. */
export function printf(args: readonly string[]): string {
  const [format = "", ...rest] = args;
  let next = 0;
  const escapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\", a: "\x07", "0": "\0" };
  return format.replace(/\\(.)|%([sd%])/g, (whole, escape: string | undefined, conversion: string | undefined) => {
    if (escape !== undefined) return escapes[escape] ?? whole;
    if (conversion === "%") return "%";
    return rest[next++] ?? "";
  });
}

/** Splits a command line into words, honouring single and double quotes. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) words.push(match[1] ?? match[2] ?? match[3]!);
  return words;
}

/**
 * Splits text into lines no wider than `columns`, breaking between words
 * where it can (a word longer than a line is broken where it must).
 */
export function wrapText(text: string, columns: number): string[] {
  const width = Math.max(10, columns - 1);
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/\r$/, "");
    while (line.length > width) {
      const space = line.lastIndexOf(" ", width);
      const cut = space > 0 ? space : width;
      out.push(line.slice(0, cut).trimEnd());
      line = line.slice(space > 0 ? cut + 1 : cut);
    }
    out.push(line);
  }
  return out;
}

/** xterm needs CRLF to return to the first column; servers may send bare LF. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, CRLF);
}
