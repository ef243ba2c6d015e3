/**
 * What the shell needs from the world it runs in (ShellHost), and what
 * connections and commands report back to it.
 */

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
