/**
 * Runs a step's Python twin on real Twisted and drives it over loopback with
 * the same scenario steps the simulation uses: real sockets, real time.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { StringDecoder } from "node:string_decoder";
import type { DriverClient, ScenarioDriver } from "../../engine";

export const PYTHON = "/usr/bin/python3";
const READY_MARKER = "__finger_reactor_running__";
const STARTUP_TIMEOUT_MS = 10_000;

// Runs the twin as __main__ after arranging for a marker on stderr once the
// reactor is running, so the driver knows its ports are open.
const BOOTSTRAP = [
  "import runpy, sys",
  "from twisted.internet import reactor",
  `reactor.callWhenRunning(lambda: (sys.stderr.write("${READY_MARKER}\\n"), sys.stderr.flush()))`,
  "sys.argv = sys.argv[1:]",
  "runpy.run_path(sys.argv[0], run_name='__main__')",
].join("\n");

/** True when real Twisted can be run here (Debian's python3-twisted). */
export function realTwistedAvailable(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ["-c", "import twisted"], { stdio: "ignore" }).status === 0;
}

class RealClient implements DriverClient {
  state: DriverClient["state"] = "connecting";
  received = "";
  private readonly decoder = new StringDecoder("utf8");
  readonly socket: Socket;

  constructor(host: string, port: number) {
    this.socket = connect({ host: host === "localhost" ? "127.0.0.1" : host, port });
    this.socket.on("connect", () => (this.state = "open"));
    this.socket.on("data", (chunk: Buffer) => (this.received += this.decoder.write(chunk)));
    this.socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") this.state = "refused";
    });
    this.socket.on("close", () => {
      if (this.state !== "refused") this.state = "closed";
    });
  }
}

export class PythonTwinDriver implements ScenarioDriver {
  private process: ChildProcess | null = null;
  private stdoutText = "";
  private stderrText = "";
  private ready = false;
  private exited = false;
  private readonly clients: RealClient[] = [];

  constructor(
    /** The TypeScript solution's source: code checks read it, as for the simulation. */
    readonly source: string,
    private readonly twinPath: string,
  ) {}

  async start(): Promise<string | null> {
    // A port still held by the previous check's process frees up within moments.
    for (let attempt = 0; ; attempt++) {
      const error = await this.startOnce();
      if (!error || !error.includes("Address already in use") || attempt >= 5) return error;
      await sleep(400);
    }
  }

  private async startOnce(): Promise<string | null> {
    this.stdoutText = "";
    this.stderrText = "";
    this.ready = false;
    this.exited = false;
    const child = spawn(PYTHON, ["-u", "-c", BOOTSTRAP, this.twinPath], { stdio: ["ignore", "pipe", "pipe"] });
    this.process = child;
    child.stdout!.setEncoding("utf8").on("data", (text: string) => (this.stdoutText += text));
    child.stderr!.setEncoding("utf8").on("data", (text: string) => {
      this.stderrText += text;
      if (this.stderrText.includes(READY_MARKER)) this.ready = true;
    });
    child.on("exit", () => (this.exited = true));
    await until(() => this.ready || this.exited, STARTUP_TIMEOUT_MS);
    if (!this.ready && !this.exited) return `the Python twin did not start within ${STARTUP_TIMEOUT_MS / 1000} s`;
    if (this.exited && /Traceback/.test(this.stderrText)) return `the Python twin failed:\n${this.stderrText.trim()}`;
    return null;
  }

  connect(host: string, port: number): DriverClient {
    const client = new RealClient(host, port);
    this.clients.push(client);
    return client;
  }

  send(client: DriverClient, text: string): void {
    (client as RealClient).socket.write(text, "utf8");
  }

  close(client: DriverClient): void {
    (client as RealClient).socket.end();
  }

  halfClose(client: DriverClient): void {
    (client as RealClient).socket.end();
  }

  /** A real network's conditions are what they are: segmentation is the operating system's. */
  setNetwork(): void {}

  async settle(): Promise<void> {
    await sleep(50);
  }

  async wait(seconds: number, done?: () => boolean): Promise<void> {
    await until(() => done?.() ?? false, seconds * 1000);
  }

  output(): string {
    return (this.stdoutText + this.stderrText.replace(`${READY_MARKER}\n`, "")).trimEnd();
  }

  stdout(): string[] {
    return this.stdoutText.split("\n").filter((line, index, lines) => index < lines.length - 1 || line !== "");
  }

  /** Real Twisted has no block guard: a blocked twin simply stops answering. */
  fatal(): string | null {
    return null;
  }

  reactorRunning(): boolean {
    return this.ready && !this.exited;
  }

  async dispose(): Promise<void> {
    for (const client of this.clients) client.socket.destroy();
    const child = this.process;
    if (child && !this.exited) {
      child.kill("SIGTERM");
      await until(() => this.exited, 3000);
      if (!this.exited) child.kill("SIGKILL");
      await until(() => this.exited, 3000);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(15);
}
