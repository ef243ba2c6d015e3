/**
 * Runs a step's Python twin on real Twisted and drives it over loopback with
 * the same scenario steps the simulation uses: real sockets, real time.
 *
 * A twin is a script (twin/finger.py, run as __main__) or an application
 * configuration (twin/finger.tac, run as `twistd -ny`). Either way:
 * - it listens on 127.0.0.1 only, whatever its endpoints say (ports 1079 and 79
 *   stay off the machine's network);
 * - a `patch:` step reaches it as a line of JSON on its standard input, and it
 *   replaces the factory's method with the same fake backend as the simulation;
 * - `signal:` sends it the real signal;
 * - a `fingerd:` step starts a real finger server on a free loopback port, and
 *   the twin's connections to that host and port are sent there (an order over
 *   stdin); `refuse: true` sends them to a port nobody listens on;
 * - a `uiEvent:` step (the lesson page's button) reaches it over stdin, and
 *   lessons/tools/python/pagesupport.py (on its PYTHONPATH) hands it to the
 *   handlers; what the program shows on the page comes back on stderr;
 * - `expectDelayedCalls:` asks it over stdin how many delayed calls its reactor
 *   holds, or reads what it said after shutdown;
 * - the files the course adds to every simulated host (COURSE_FILES: /etc/users),
 *   and those a `file:` step writes on the learner's host, are given to it in a
 *   private folder: Python's `open` of such a path reads the copy, so the real
 *   machine's /etc is left alone;
 * - its Unix domain sockets live in that folder too (listenUNIX("/tmp/echo.sock")
 *   binds FOLDER/tmp/echo.sock, and a `connect:` with `path:` goes there), and
 *   its UDP ports listen on 127.0.0.1; a multicast port binds every interface,
 *   as receiving a group's datagrams needs, and the `joinGroup:` listeners are
 *   real sockets on this machine that join the group.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { ScenarioError, type DriverClient, type DriverUdpSocket, type PbCallHandle, type PbCallRequest, type ScenarioDriver, type WorldStep } from "../../engine";
import {
  DELAYED_CALLS_MARKER,
  MARKERS,
  NOT_PATCHED_MARKER,
  PAGE_DISPLAY_MARKER,
  PATCHED_MARKER,
  PORT_TAKEN_MARKER,
  PYTHON,
  READY_MARKER,
  REDIRECTED_MARKER,
  UI_DELIVERED_MARKER,
  startTwin,
} from "./twin-bootstrap";
import { copyPath, makeRealCertificate, writeCopy, writeCourseFiles } from "./twin-files";
import { RealFingerDaemon, type FingerdStep } from "./twin-finger-daemon";
import { startPbCall } from "./twin-pb-call";
import { backgroundDaemonPid, pidAlive, signalPid, sleep, until } from "./twin-processes";
import { RealClient, RealUdpSocket } from "./twin-sockets";

export { PYTHON } from "./twin-bootstrap";

/** How long a signalled twin has to exit before the driver takes it as still running. */
const SIGNAL_EXIT_WAIT_MS = 3000;

/** How long the twin has to get its reactor running. */
const STARTUP_TIMEOUT_MS = 10_000;

/** True when real Twisted can be run here (Debian's python3-twisted). */
export function realTwistedAvailable(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ["-c", "import twisted"], { stdio: "ignore" }).status === 0;
}

/**
 * A ScenarioDriver that runs a step's Python twin on real Twisted: it starts
 * the twin, connects to it over loopback, passes it the scenario's orders over
 * its standard input, and reads what it says.
 */
export class PythonTwinDriver implements ScenarioDriver {
  private process: ChildProcess | null = null;
  private stdoutText = "";
  private stderrText = "";
  private ready = false;
  private exited = false;
  private readonly clients: RealClient[] = [];
  private readonly pbCallers: ChildProcess[] = [];
  private readonly udpSockets: RealUdpSocket[] = [];
  private courseFiles: string | null = null;
  // The upstream finger servers of `fingerd:` steps, by "host:port".
  private readonly fingerDaemons = new Map<string, RealFingerDaemon>();
  // Redirects ordered before the twin started: it reads them from its environment.
  private readonly redirectsBeforeStart: { redirect: string; port: number; to: number }[] = [];

  private exitCode: number | null = null;

  /**
   * @param command a command line that starts the twin (`twistd -n finger
   *   --file=/etc/users`), run in a private folder holding a copy of the
   *   twin's folder; without it, the twin file runs as a script or a .tac.
   */
  constructor(
    /** The TypeScript solution's source: code checks read it, as for the simulation. */
    readonly source: string,
    private readonly twinPath: string,
    private readonly command?: readonly string[],
  ) {}

  async start(): Promise<string | null> {
    // A port still held by the previous check's process frees up within moments;
    // one held by another run of the checks on this machine, within seconds.
    for (let attempt = 0; ; attempt++) {
      const error = await this.startOnce();
      if (!error || !error.includes("Address already in use") || attempt >= 30) return error;
      await sleep(400);
    }
  }

  private async startOnce(): Promise<string | null> {
    this.stdoutText = "";
    this.stderrText = "";
    this.ready = false;
    this.exited = false;
    this.courseFiles ??= writeCourseFiles();
    const child = startTwin({ twinPath: this.twinPath, command: this.command, courseFiles: this.courseFiles, redirects: this.redirectsBeforeStart });
    this.process = child;
    child.stdin!.on("error", () => {});
    child.stdout!.setEncoding("utf8").on("data", (text: string) => (this.stdoutText += text));
    child.stderr!.setEncoding("utf8").on("data", (text: string) => {
      this.stderrText += text;
      if (this.stderrText.includes(READY_MARKER)) this.ready = true;
    });
    child.on("exit", (code) => {
      this.exitCode = code;
      this.exited = true;
    });
    const portTaken = () => this.stderrText.includes(PORT_TAKEN_MARKER);
    await until(() => (this.ready && !portTaken()) || this.exited || portTaken(), STARTUP_TIMEOUT_MS);
    if (portTaken()) {
      child.kill("SIGKILL");
      await until(() => this.exited, STARTUP_TIMEOUT_MS);
      return `the Python twin could not listen: Address already in use (${this.stderrText.split(PORT_TAKEN_MARKER)[1]!.split("\n")[0]!.trim()})`;
    }
    if (!this.ready && !this.exited) return `the Python twin did not start within ${STARTUP_TIMEOUT_MS / 1000} s`;
    if (this.exited && /Traceback|Failed to load application/.test(this.stderrText)) return `the Python twin failed:\n${this.stderrText.trim()}`;
    // A command that ended with an error (a usage error) failed to start, as in the simulation.
    if (this.command && this.exited && this.exitCode !== 0) return this.output() || `${this.command.join(" ")} exited with code ${this.exitCode}`;
    return null;
  }

  connect(host: string, port: number, tls = false): DriverClient {
    const client = new RealClient(host, port, tls);
    this.clients.push(client);
    return client;
  }

  /** Connects to the twin's Unix socket at `path`, which lives in its private folder. */
  connectUNIX(path: string): DriverClient {
    this.courseFiles ??= writeCourseFiles();
    const client = new RealClient("localhost", 0, false, copyPath(this.courseFiles, path));
    this.clients.push(client);
    return client;
  }

  async udpSocket(join?: { readonly group: string; readonly port: number }): Promise<RealUdpSocket> {
    const socket = await RealUdpSocket.open(join);
    this.udpSockets.push(socket);
    return socket;
  }

  sendUdp(socket: DriverUdpSocket, host: string, port: number, data: string): void {
    (socket as RealUdpSocket).socket.send(data, port, host === "localhost" ? "127.0.0.1" : host);
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

  /** Stops or resumes reading the socket: unread bytes fill the kernel's buffers, then the twin's own. */
  setReading(client: DriverClient, reading: boolean): void {
    const socket = (client as RealClient).socket;
    if (reading) socket.resume();
    else socket.pause();
  }

  /**
   * Makes the call with real Twisted's PB client in its own process
   * (twin_pb_call.py); the handle's outcome is set when it prints its answer.
   */
  pbCall(request: PbCallRequest): PbCallHandle {
    const { handle, child } = startPbCall(request);
    this.pbCallers.push(child);
    return handle;
  }

  /** A real network's conditions are what they are: segmentation is the operating system's. */
  setNetwork(): void {}

  /**
   * `patch:` reaches the real process over its stdin, and `file:` on the
   * learner's host is written to the twin's private folder, where its open()
   * finds it. Commands, web hosts and other hosts' files are the real machine's
   * own, so checks that change them are not compared.
   * @throws ScenarioError for those, or when the twin has nothing to patch.
   */
  async changeWorld(step: WorldStep): Promise<void> {
    if ("file" in step && step.host === undefined) {
      this.courseFiles ??= writeCourseFiles();
      if (step.remove) rmSync(copyPath(this.courseFiles, step.file), { force: true });
      else writeCopy(this.courseFiles, step.file, (step.content ?? "").repeat(step.repeat));
      return;
    }
    if ("certificate" in step) {
      this.courseFiles ??= writeCourseFiles();
      return makeRealCertificate(this.courseFiles, step);
    }
    if ("fingerd" in step) return this.serveFinger(step);
    if (!("patch" in step)) throw new ScenarioError("Only the simulation can change other hosts' files, commands and web hosts: this check is not comparable with the twin.");
    const acknowledged = () => count(this.stderrText, PATCHED_MARKER) + count(this.stderrText, NOT_PATCHED_MARKER);
    const before = acknowledged();
    const patchedBefore = count(this.stderrText, PATCHED_MARKER);
    const order = { patch: step.patch, port: step.port, after: step.after, ...(step.fail !== undefined ? { fail: step.fail } : { answer: step.answer }) };
    this.process?.stdin?.write(`${JSON.stringify(order)}\n`);
    await until(() => acknowledged() > before || this.exited, 3000);
    if (count(this.stderrText, PATCHED_MARKER) === patchedBefore) {
      throw new ScenarioError(`The Python twin has no factory with a ${step.patch} method on port ${step.port}.`);
    }
  }

  /**
   * Starts (or changes, or stops) the real finger server standing for
   * `step.fingerd`:`step.port`, and has the twin's connections there sent to it.
   * @throws ScenarioError when the twin does not take the order.
   */
  private async serveFinger(step: FingerdStep): Promise<void> {
    const key = `${hostKey(step.fingerd)}:${step.port}`;
    let daemon = this.fingerDaemons.get(key);
    if (!daemon) this.fingerDaemons.set(key, (daemon = new RealFingerDaemon(step)));
    daemon.serve(step);
    let to = 1;
    if (step.refuse) await daemon.stop();
    else to = await daemon.listen();
    const order = { redirect: step.fingerd, port: step.port, to };
    if (!this.process) {
      this.redirectsBeforeStart.push(order);
      return;
    }
    const before = count(this.stderrText, REDIRECTED_MARKER);
    this.process.stdin?.write(`${JSON.stringify(order)}\n`);
    await until(() => count(this.stderrText, REDIRECTED_MARKER) > before || this.exited, 3000);
    if (count(this.stderrText, REDIRECTED_MARKER) === before) {
      throw new ScenarioError(`The Python twin did not take the order to send connections for ${step.fingerd}:${step.port} to the scenario's finger server.`);
    }
  }

  fingerRequests(host: string, port: number): readonly string[] {
    return [...(this.fingerDaemons.get(`${hostKey(host)}:${port}`)?.requests ?? [])];
  }

  /** Presses the twin's page button (or types into its input) over its stdin, and waits until pagesupport handed it on. */
  async uiEvent(kind: "click" | "input", text: string): Promise<number> {
    const said = () => this.stderrText.match(new RegExp(`${UI_DELIVERED_MARKER} (\\d+)`, "g")) ?? [];
    const before = said().length;
    if (!this.process || this.exited) return 0;
    this.process.stdin?.write(`${JSON.stringify({ ui: kind, text })}\n`);
    await until(() => said().length > before || this.exited, 3000);
    const last = said().length > before ? said().at(-1) : undefined;
    return last === undefined ? 0 : Number(last.split(" ")[1]);
  }

  /** The last text the twin showed on its page, or null. */
  pageDisplay(): string | null {
    const shown = this.stderrText.match(new RegExp(`${PAGE_DISPLAY_MARKER} (.*)`, "g"));
    const last = shown?.at(-1);
    return last === undefined ? null : (JSON.parse(last.slice(PAGE_DISPLAY_MARKER.length + 1)) as string);
  }

  async signal(name: "SIGTERM" | "SIGINT"): Promise<void> {
    const daemon = this.daemonPid();
    if (daemon !== null) signalPid(daemon, name);
    else if (this.process && !this.exited) this.process.kill(name);
    // twistd stops its services before it exits, which takes a busy machine far longer than a fixed pause: wait for
    // the exit (a program that catches the signal and runs on costs the whole wait, and is reported running).
    await until(() => (daemon !== null ? !pidAlive(daemon) : this.exited), SIGNAL_EXIT_WAIT_MS);
  }

  /** The pid of the daemon a background `twistd` (no -n) left running, or null. */
  private daemonPid(): number | null {
    return backgroundDaemonPid(this.command, this.courseFiles);
  }

  async settle(): Promise<void> {
    await sleep(50);
  }

  async wait(seconds: number, done?: () => boolean): Promise<void> {
    await until(() => done?.() ?? false, seconds * 1000);
  }

  output(): string {
    return (this.stdoutText + this.stderrText.replace(MARKERS, "")).trimEnd();
  }

  stdout(): string[] {
    return this.stdoutText.split("\n").filter((line, index, lines) => index < lines.length - 1 || line !== "");
  }

  /** What reactor.getDelayedCalls() holds now, or held after shutdown once the twin has stopped. */
  async delayedCalls(): Promise<number | null> {
    const said = () => this.stderrText.match(new RegExp(`${DELAYED_CALLS_MARKER} (\\d+)`, "g")) ?? [];
    const before = said().length;
    if (this.process && !this.exited) {
      this.process.stdin?.write(`${JSON.stringify({ delayedCalls: true })}\n`);
      await until(() => said().length > before || this.exited, 3000);
    }
    const last = said().at(-1);
    return last === undefined ? null : Number(last.split(" ")[1]);
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
    for (const caller of this.pbCallers) if (caller.exitCode === null && caller.signalCode === null) caller.kill("SIGKILL");
    for (const udp of this.udpSockets) udp.socket.close();
    // A daemon outlives its parent: it is stopped by the pid it wrote, and given the time its stopService takes.
    const daemon = this.daemonPid();
    if (daemon !== null) {
      signalPid(daemon, "SIGTERM");
      await until(() => !pidAlive(daemon), 3000);
      if (pidAlive(daemon)) signalPid(daemon, "SIGKILL");
    }
    const child = this.process;
    if (child && !this.exited) {
      child.kill("SIGTERM");
      await until(() => this.exited, 3000);
      if (!this.exited) child.kill("SIGKILL");
      await until(() => this.exited, 3000);
    }
    for (const daemon of this.fingerDaemons.values()) await daemon.stop();
    this.fingerDaemons.clear();
    if (this.courseFiles) rmSync(this.courseFiles, { recursive: true, force: true });
    this.courseFiles = null;
  }
}

/** "localhost" and 127.x are one host, as in the simulation. */
function hostKey(host: string): string {
  return host === "localhost" || host.startsWith("127.") ? "127.0.0.1" : host;
}

function count(text: string, marker: string): number {
  return text.split(marker).length - 1;
}
