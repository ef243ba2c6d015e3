/**
 * A small shell over the simulated world, drawn on an xterm terminal:
 * line editing and history, `nc`/`telnet` sessions (in the foreground or in
 * the background with `&`, brought back with `fg`, ended with `kill`), a pipe
 * into `nc` (`printf 'moshez\r\n' | nc localhost 1079`), an `irc` client
 * for the simulated IRC network (irc-client.ts), `help` and `clear`.
 * It only writes text; the terminal component owns the xterm instance.
 */
import { helpLines } from "./shell-help";
import { HOST_COMMANDS, ShellHostCommands } from "./shell-host-commands";
import { CRLF, printf, splitPipe, splitWords, toTerminal } from "./shell-text";

export type { CommandHandlers, ConnectionHandlers, ShellConnection, ShellHost } from "./shell-host";
export { printf, splitPipe, splitWords, toTerminal, wrapText } from "./shell-text";

/** The program's process id in `ps`, so `kill 1` signals it. */
const PROGRAM_PID = 1;

/**
 * The course terminal's shell. Built in layers, one job each: its state and
 * screen (shell-screen.ts), nc/telnet connections and jobs
 * (shell-sessions.ts), the irc command (shell-irc.ts), commands run on the
 * host (shell-host-commands.ts); keys and the command dispatch are here.
 */
export class Shell extends ShellHostCommands {
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

  protected override run(commandLine: string): void {
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
}
