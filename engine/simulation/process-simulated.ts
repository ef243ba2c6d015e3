/**
 * Processes on a simulated host: reactor.spawnProcess runs a simulated
 * command (finger, echo, cat, ls, sleep, false, or one a lesson defines)
 * that writes to stdout and stderr over virtual time and exits. The process
 * table is plain data for `ps` and the reactor view.
 */
import { EngineAbort } from "../twisted/internet/unhandled";
import { Failure } from "../twisted/python/failure";
import type { ProcessContext, SimulatedCommand } from "./commands";
import { ProcessDone, ProcessExitedAlready, ProcessTerminated } from "../twisted/internet/error";
import type { IProcessTransport, ProcessProtocol } from "../twisted/internet/process-protocol";
import type { SimulatedHost } from "./simulated-host";
import { concatBytes, encodeData } from "../twisted/internet/wire";

export type { ProcessContext, SimulatedCommand } from "./commands";

/** One process, as plain data. */
export interface ProcessInfo {
  readonly pid: number;
  /** The command line, e.g. "finger moshez". */
  readonly command: string;
  readonly state: "running" | "exited";
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly exitCode: number | null;
  readonly signal: number | null;
  /** Which of its pipes to its parent are open. */
  readonly pipes: { readonly stdin: boolean; readonly stdout: boolean; readonly stderr: boolean };
}

const SIGNALS: Readonly<Record<string, number>> = { HUP: 1, INT: 2, KILL: 9, PIPE: 13, TERM: 15 };
const FIRST_PID = 1000;
const ENDED_KEPT = 50;

export class ProcessTable {
  private readonly commands: Map<string, SimulatedCommand>;
  private readonly table: SimulatedProcess[] = [];
  private nextPid = FIRST_PID;

  /**
   * @param host the host whose processes these are.
   * @param commands the commands its processes can run, by name (the host hands in the built-in ones).
   */
  constructor(
    private readonly host: SimulatedHost,
    commands: Readonly<Record<string, SimulatedCommand>>,
  ) {
    this.commands = new Map(Object.entries(commands));
  }

  /** Adds (or replaces) a command that processes on this host can run. */
  define(name: string, command: SimulatedCommand): void {
    this.commands.set(name, command);
  }

  /** The command called `name`, if this host has one. */
  lookup(name: string): SimulatedCommand | undefined {
    return this.commands.get(name);
  }

  /** The names of the commands this host can run, sorted. */
  commandNames(): string[] {
    return [...this.commands.keys()].sort();
  }

  /**
   * Starts `executable` (looked up by its base name) with `args` (args[0] is
   * the program's own name), connected to `protocol`. makeConnection runs at
   * once; the command starts in the next turn of the loop.
   */
  spawn(
    protocol: ProcessProtocol,
    executable: string,
    args: readonly string[],
    env: Readonly<Record<string, string>>,
    path: string | null,
  ): SimulatedProcess {
    const name = executable.slice(executable.lastIndexOf("/") + 1);
    const argv = args.length ? [...args] : [executable];
    const process = new SimulatedProcess(this.host, this.nextPid++, argv, protocol);
    this.table.push(process);
    const ended = this.table.filter((p) => p.ended);
    if (ended.length > ENDED_KEPT) this.table.splice(this.table.indexOf(ended[0]!), 1);
    this.host.network.simulation.guarded(() => protocol.makeConnection(process));
    const command = this.commands.get(name) ?? missingCommand(executable);
    this.host.network.simulation.scheduleIo(0, () => process.run(command, env, path ?? "/"), `exec ${argv.join(" ")}`);
    return process;
  }

  /** The running process with this id, if there is one. */
  running(pid: number): SimulatedProcess | undefined {
    return this.table.find((p) => p.processId === pid && !p.ended);
  }

  /** Every process still running and the most recent ones that ended. */
  list(): ProcessInfo[] {
    return this.table.map((p) => p.info());
  }
}

/** A running simulated command: the transport of its ProcessProtocol. */
export class SimulatedProcess implements IProcessTransport {
  ended = false;
  private exitCode: number | null = null;
  private signal: number | null = null;
  private readonly startedAt: number;
  private endedAt: number | null = null;
  private readonly open = { stdin: true, stdout: true, stderr: true };
  private readonly stdinListeners: ((text: string) => void)[] = [];
  private readonly stdinByteListeners: ((bytes: Uint8Array) => void)[] = [];
  /** Text readers of stdin share one streaming decoder, so a character split across writes arrives whole. */
  private readonly stdinDecoder = new TextDecoder("utf-8");
  /** One streaming decoder per output pipe, for a ProcessProtocol that takes text. */
  private readonly outputDecoders = { 1: new TextDecoder("utf-8"), 2: new TextDecoder("utf-8") };
  private readonly stdinClosedListeners: (() => void)[] = [];
  private readonly signalListeners: ((signal: string) => boolean)[] = [];
  /** Written to stdin and not yet read: a pipe buffers bytes until the command reads. */
  private stdinBuffer: Uint8Array[] = [];
  private stdinEofSeen = false;

  constructor(
    private readonly host: SimulatedHost,
    readonly processId: number,
    readonly argv: readonly string[],
    private readonly protocol: ProcessProtocol,
  ) {
    this.startedAt = host.network.simulation.seconds();
  }

  /** The process id, or null once the process has ended (as in Twisted). */
  get pid(): number | null {
    return this.ended ? null : this.processId;
  }

  /** Writes to the child's stdin. */
  write(data: string | Uint8Array): void {
    this.writeToChild(0, data);
  }

  /** Writes to the child's stdin (fd 0); other descriptors are ignored. */
  writeToChild(childFD: number, data: string | Uint8Array): void {
    const bytes = encodeData(data);
    if (childFD !== 0 || !this.open.stdin || this.ended) return;
    this.stdinBuffer.push(bytes);
    this.io(() => this.pumpStdin(), `stdin ${bytes.length} bytes to pid ${this.processId}`);
  }

  /** Closes the child's stdin: it reads end of file. */
  closeStdin(): void {
    if (!this.open.stdin) return;
    this.open.stdin = false;
    this.io(() => {
      this.pumpStdin();
      this.lost(0);
    }, `close stdin of pid ${this.processId}`);
  }

  /** Stops reading the child's stdout; its next write there kills it with SIGPIPE. */
  closeStdout(): void {
    if (!this.open.stdout) return;
    this.open.stdout = false;
    this.io(() => this.lost(1), `close stdout of pid ${this.processId}`);
  }

  /** Stops reading the child's stderr. */
  closeStderr(): void {
    if (!this.open.stderr) return;
    this.open.stderr = false;
    this.io(() => this.lost(2), `close stderr of pid ${this.processId}`);
  }

  /** Closes all three pipes. */
  loseConnection(): void {
    this.closeStdin();
    this.closeStdout();
    this.closeStderr();
  }

  /**
   * Sends a signal; a simulated command dies of it unless it catches it (onSignal).
   * @throws ProcessExitedAlready if the process has ended.
   */
  signalProcess(signal: string | number): void {
    if (this.ended) throw new ProcessExitedAlready();
    const number = typeof signal === "number" ? signal : SIGNALS[signal.replace(/^SIG/, "")];
    if (number === undefined) throw new Error(`ValueError: unknown signal ${signal}`);
    const name = Object.keys(SIGNALS).find((key) => SIGNALS[key] === number)!;
    // A caught signal is the command's business (twistd stops its reactor); SIGKILL cannot be caught.
    if (number !== SIGNALS.KILL && this.signalListeners.some((listener) => listener(name))) return;
    this.terminate(null, number);
  }

  /** @internal Runs the command. */
  run(command: SimulatedCommand, env: Readonly<Record<string, string>>, cwd: string): void {
    if (this.ended) return;
    const context: ProcessContext = {
      argv0: this.argv[0]!,
      args: this.argv.slice(1),
      env,
      cwd,
      pid: this.processId,
      host: this.host,
      fs: this.host.fs,
      stdout: (text) => this.output(1, text),
      stderr: (text) => this.output(2, text),
      exit: (code = 0) => this.terminate(code, null),
      later: (seconds, f) => this.host.network.simulation.scheduleIo(seconds, () => !this.ended && f(), `pid ${this.processId} wakes`),
      onStdin: (listener) => {
        this.stdinListeners.push(listener);
        this.io(() => this.pumpStdin(), `pid ${this.processId} reads stdin`);
      },
      onStdinBytes: (listener) => {
        this.stdinByteListeners.push(listener);
        this.io(() => this.pumpStdin(), `pid ${this.processId} reads stdin`);
      },
      onStdinClosed: (listener) => {
        this.stdinClosedListeners.push(listener);
        this.io(() => this.pumpStdin(), `pid ${this.processId} reads stdin`);
      },
      onSignal: (listener) => {
        this.signalListeners.push(listener);
      },
      get running() {
        return !self.ended;
      },
    };
    const self = this;
    let code: number | void;
    try {
      code = command(context);
    } catch (thrown) {
      if (thrown instanceof EngineAbort) throw thrown;
      this.output(2, `${this.argv[0]}: ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}\n`);
      code = 1;
    }
    if (typeof code === "number") this.terminate(code, null);
  }

  /** @internal */
  info(): ProcessInfo {
    return {
      pid: this.processId,
      command: this.argv.join(" "),
      state: this.ended ? "exited" : "running",
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      exitCode: this.exitCode,
      signal: this.signal,
      pipes: { ...this.open },
    };
  }

  /** Hands buffered stdin to the command once it reads, then end of file once stdin is closed. */
  private pumpStdin(): void {
    if (this.ended) return;
    const reading = this.stdinListeners.length + this.stdinByteListeners.length > 0;
    if (reading && this.stdinBuffer.length) {
      const bytes = concatBytes(this.stdinBuffer);
      this.stdinBuffer = [];
      for (const listener of this.stdinByteListeners) listener(bytes);
      const text = this.stdinListeners.length ? this.stdinDecoder.decode(bytes, { stream: true }) : "";
      if (text) for (const listener of this.stdinListeners) listener(text);
    }
    if (!this.open.stdin && !this.stdinBuffer.length && !this.stdinEofSeen && this.stdinClosedListeners.length) {
      this.stdinEofSeen = true;
      for (const listener of this.stdinClosedListeners) listener();
    }
  }

  private output(fd: 1 | 2, data: string | Uint8Array): void {
    if (this.ended || data.length === 0) return;
    const stream = fd === 1 ? "stdout" : "stderr";
    if (!this.open[stream]) {
      // Writing to a pipe nobody reads: SIGPIPE, as real processes get.
      this.terminate(null, SIGNALS.PIPE!);
      return;
    }
    const bytes = encodeData(data);
    this.io(() => {
      if (!this.open[stream]) return;
      const value = this.protocol.receivesBytes ? bytes : this.outputDecoders[fd].decode(bytes, { stream: true });
      if (value.length) this.protocol.childDataReceived(fd, value as string);
    }, `${stream} ${bytes.length} bytes from pid ${this.processId}`);
  }

  private terminate(code: number | null, signal: number | null): void {
    if (this.ended) return;
    this.ended = true;
    this.exitCode = code;
    this.signal = signal;
    this.endedAt = this.host.network.simulation.seconds();
    this.io(() => {
      for (const [fd, stream] of [[0, "stdin"], [1, "stdout"], [2, "stderr"]] as const) {
        if (!this.open[stream]) continue;
        this.open[stream] = false;
        this.lost(fd);
      }
      const reason = new Failure(code === 0 ? new ProcessDone() : new ProcessTerminated(code, signal));
      this.protocol.connected = 0;
      this.host.network.simulation.guarded(() => this.protocol.processExited(reason));
      this.host.network.simulation.guarded(() => this.protocol.processEnded(reason));
    }, `pid ${this.processId} exits`);
  }

  private lost(fd: number): void {
    this.host.network.simulation.guarded(() => this.protocol.childConnectionLost(fd));
  }

  private io(run: () => void, label: string): void {
    const sim = this.host.network.simulation;
    sim.scheduleIo(0, () => sim.guarded(run), label);
  }
}

/** What a missing executable does under Twisted: the child's exec fails, it says so on stderr, exit 1. */
function missingCommand(executable: string): SimulatedCommand {
  return (proc) => {
    const path = executable.includes("/") ? executable : `/usr/bin/${executable}`;
    proc.stderr(
      `Upon execvpe ${executable} [${[proc.argv0, ...proc.args].join(", ")}] in environment id 0\n` +
        `:Traceback (most recent call last):\nFileNotFoundError: [Errno 2] No such file or directory: '${path}'\n`,
    );
    return 1;
  };
}
