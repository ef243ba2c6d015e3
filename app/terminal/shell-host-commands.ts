/**
 * The shell's commands that run as processes on the simulated host: a plain
 * run, `> FILE` and `>> FILE` redirection, `$(COMMAND)` substitution, and a
 * command's output piped into nc.
 */
import type { CommandHandlers } from "./shell-host";
import { ShellIrc } from "./shell-irc";
import { printf, splitWords, toTerminal } from "./shell-text";

/** Commands that run as processes on the simulated host. */
export const HOST_COMMANDS = new Set(["finger", "curl", "xmlrpc", "pb", "openssl", "cat", "tail", "ls", "rm", "echo", "sleep", "true", "false", "twistd"]);

/** Running host commands for the shell. */
export abstract class ShellHostCommands extends ShellIrc {
  /** Runs one command line (what the learner typed, or what a substitution made of it). */
  protected abstract run(commandLine: string): void;

  /**
   * `$(COMMAND)`, as a shell substitutes it: COMMAND runs on the host, and its
   * output (trailing newlines dropped) takes its place: `kill $(cat twistd.pid)`.
   */
  protected substitute(commandLine: string, match: RegExpExecArray): void {
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
  protected runOnHost(commandLine: string): void {
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
  protected runPipe(left: string, right: string, background: boolean): void {
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
}
