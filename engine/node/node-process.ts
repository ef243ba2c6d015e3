/**
 * Processes for the real-network reactor, on child_process. As in Twisted,
 * env is the child's whole environment (getProcessOutput passes {}), and an
 * executable is looked up the way Python's execvpe does without a PATH.
 */
import * as childProcess from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { Failure } from "../twisted/python/failure";
import { ProcessDone, ProcessExitedAlready, ProcessTerminated } from "../twisted/internet/error";
import type { IProcessTransport, ProcessProtocol } from "../twisted/internet/process-protocol";
import { encodeData, StreamDecoder } from "../twisted/internet/wire";
import type { NodeReactor } from "./node-reactor";

/** Python's os.defpath: where execvpe looks when the environment has no PATH. */
const DEFAULT_PATH = "/bin:/usr/bin";

/** Finds `executable` on the PATH of `env` (or the default path), as execvpe does. */
export function resolveExecutable(executable: string, env: Readonly<Record<string, string>>): string | null {
  if (executable.includes("/")) return fs.existsSync(executable) ? executable : null;
  for (const dir of (env.PATH ?? DEFAULT_PATH).split(":")) {
    const candidate = path.join(dir || ".", executable);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  return null;
}

/**
 * A real pipe (a FIFO), for a child's stdout or stderr. Node gives children
 * socket pairs, but Twisted gives them pipes, and programs can tell: Debian's
 * finger writes CRLF line ends when its stdout is a socket (as under fingerd)
 * and LF on a pipe. Returns null where mkfifo is missing (then Node's default is used).
 */
function makePipe(): { readonly reader: net.Socket; readonly writeFd: number } | null {
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twisted-pipe-"));
    const fifo = path.join(dir, "fifo");
    childProcess.execFileSync("mkfifo", [fifo], { stdio: "ignore" });
    const readFd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writeFd = fs.openSync(fifo, fs.constants.O_WRONLY);
    fs.rmSync(dir, { recursive: true });
    return { reader: new net.Socket({ fd: readFd, readable: true, writable: false }), writeFd };
  } catch {
    return null;
  }
}

/** A real child process: the transport of its ProcessProtocol. */
export class NodeProcess implements IProcessTransport {
  private ended = false;
  private child: childProcess.ChildProcess | null = null;
  private exitReason: Failure | null = null;
  private openPipes = 3;
  private stdout: NodeJS.ReadableStream & { destroy(): void } | null = null;
  private stderr: NodeJS.ReadableStream & { destroy(): void } | null = null;

  constructor(
    private readonly reactor: NodeReactor,
    private readonly protocol: ProcessProtocol,
    executable: string,
    args: readonly string[],
    env: Readonly<Record<string, string>>,
    cwd: string | null,
  ) {
    reactor.guarded(() => protocol.makeConnection(this));
    const resolved = resolveExecutable(executable, env);
    if (!resolved) {
      this.failExec(executable);
      return;
    }
    const argv = args.length ? args : [executable];
    const out = makePipe();
    const err = out ? makePipe() : null;
    const stdio: childProcess.StdioOptions = out && err ? ["pipe", out.writeFd, err.writeFd] : ["pipe", "pipe", "pipe"];
    const child = childProcess.spawn(resolved, argv.slice(1), { env: { ...env }, cwd: cwd ?? undefined, argv0: argv[0], stdio });
    if (out && err) {
      // The child holds the write ends now; ours would keep the pipes open for ever.
      fs.closeSync(out.writeFd);
      fs.closeSync(err.writeFd);
    }
    this.child = child;
    this.stdout = out && err ? out.reader : child.stdout;
    this.stderr = out && err ? err.reader : child.stderr;
    reactor.trackProcess(this, true);
    for (const [fd, stream] of [[1, this.stdout], [2, this.stderr]] as const) {
      const decoder = new StreamDecoder(protocol);
      stream?.on("data", (chunk: Buffer) => {
        const value = decoder.decode(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if (value !== null) reactor.guarded(() => protocol.childDataReceived(fd, value as string));
        reactor.workDone();
      });
      stream?.on("close", () => this.pipeClosed(fd));
    }
    child.stdin?.on("close", () => this.pipeClosed(0));
    child.stdin?.on("error", () => undefined);
    child.on("exit", (code, signal) => {
      this.ended = true;
      const number = signal ? os.constants.signals[signal] : null;
      const reason = new Failure(code === 0 ? new ProcessDone() : new ProcessTerminated(code, number));
      this.exitReason = reason;
      reactor.guarded(() => protocol.processExited(reason));
      this.maybeEnded();
    });
  }

  /** The child's process id, or null once it has ended. */
  get pid(): number | null {
    return this.ended ? null : (this.child?.pid ?? null);
  }

  /** Writes to the child's stdin. */
  write(data: string | Uint8Array): void {
    this.writeToChild(0, data);
  }

  /** Writes to the child's stdin (fd 0); other descriptors are ignored. */
  writeToChild(childFD: number, data: string | Uint8Array): void {
    if (childFD === 0) this.child?.stdin?.write(encodeData(data));
  }

  /** Closes the child's stdin: it reads end of file. */
  closeStdin(): void {
    this.child?.stdin?.end();
  }

  /** Stops reading the child's stdout (its next write there gets SIGPIPE). */
  closeStdout(): void {
    this.stdout?.destroy();
  }

  /** Stops reading the child's stderr. */
  closeStderr(): void {
    this.stderr?.destroy();
  }

  /** Closes all three pipes. */
  loseConnection(): void {
    this.closeStdin();
    this.closeStdout();
    this.closeStderr();
  }

  /** Sends a signal ("TERM", "KILL", "INT", ... or a number). @throws ProcessExitedAlready once it has ended. */
  signalProcess(signal: string | number): void {
    if (this.ended || !this.child) throw new ProcessExitedAlready();
    this.child.kill(typeof signal === "number" ? signal : (`SIG${signal.replace(/^SIG/, "")}` as NodeJS.Signals));
  }

  /** @internal Reactor shutdown: nothing to do; like Twisted, children outlive the reactor. */
  get running(): boolean {
    return !this.ended;
  }

  private pipeClosed(fd: number): void {
    this.openPipes--;
    this.reactor.guarded(() => this.protocol.childConnectionLost(fd));
    this.maybeEnded();
  }

  private maybeEnded(): void {
    if (!this.exitReason || this.openPipes > 0) return;
    const reason = this.exitReason;
    this.exitReason = null;
    this.protocol.connected = 0;
    this.reactor.trackProcess(this, false);
    this.reactor.guarded(() => this.protocol.processEnded(reason));
    this.reactor.workDone();
  }

  /** What Twisted's forked child does when exec fails: a traceback on stderr, exit status 1. */
  private failExec(executable: string): void {
    setImmediate(() => {
      const where = executable.includes("/") ? executable : `/usr/bin/${executable}`;
      const text = `Upon execvpe ${executable} in environment\n:Traceback (most recent call last):\nFileNotFoundError: [Errno 2] No such file or directory: '${where}'\n`;
      this.reactor.guarded(() => this.protocol.childDataReceived(2, text));
      this.ended = true;
      for (const fd of [0, 1, 2]) this.reactor.guarded(() => this.protocol.childConnectionLost(fd));
      const reason = new Failure(new ProcessTerminated(1, null));
      this.reactor.guarded(() => this.protocol.processExited(reason));
      this.reactor.guarded(() => this.protocol.processEnded(reason));
      this.reactor.workDone();
    });
  }
}
