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
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { StringDecoder } from "node:string_decoder";
import { connect as tlsConnect } from "node:tls";
import { COURSE_FILES, ScenarioError, type DriverClient, type DriverUdpSocket, type PbCallHandle, type PbCallRequest, type ScenarioDriver, type WorldStep } from "../../engine";

type FingerdStep = Extract<WorldStep, { fingerd: string }>;

/**
 * The real upstream finger server a `fingerd:` step describes, on a free
 * loopback port: it keeps what each connection sent, answers once a line has
 * arrived (its reply's pieces with real pauses between them), and closes.
 */
class RealFingerDaemon {
  readonly requests: string[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(private step: FingerdStep) {}

  /** Starts listening (if not already) and resolves with the port. */
  async listen(): Promise<number> {
    if (!this.server) {
      const server = createServer((socket) => this.answer(socket));
      this.server = server;
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    }
    return (this.server.address() as AddressInfo).port;
  }

  /** Answers later queries by `step`. */
  serve(step: FingerdStep): void {
    this.step = step;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(socket: Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => {});
    const index = this.requests.push("") - 1;
    const decoder = new StringDecoder("utf8");
    let answering = false;
    socket.on("data", (chunk: Buffer) => {
      this.requests[index] += decoder.write(chunk);
      if (answering || !this.requests[index]!.includes("\n")) return;
      answering = true;
      const { segments = [this.step.reply ?? ""], gap, delay } = this.step;
      const writeFrom = (next: number): void => {
        if (socket.destroyed) return;
        if (next >= segments.length) {
          socket.end();
          return;
        }
        socket.write(segments[next]!, "utf8");
        if (next + 1 < segments.length && gap > 0) setTimeout(() => writeFrom(next + 1), gap * 1000);
        else writeFrom(next + 1);
      };
      setTimeout(() => writeFrom(0), delay * 1000);
    });
  }
}

export const PYTHON = "/usr/bin/python3";
/** Makes one PB call with real Twisted's PB client (pbCall steps). */
const PB_CALL = path.join(path.dirname(new URL(import.meta.url).pathname), "twin_pb_call.py");
/** Where the course's own Python modules for twins live (pagesupport). */
const TWIN_MODULES = path.join(path.dirname(new URL(import.meta.url).pathname), "python");
const READY_MARKER = "__finger_reactor_running__";
const PATCHED_MARKER = "__finger_patched__";
const NOT_PATCHED_MARKER = "__finger_not_patched__";
// Said when a port the twin listens on is taken: by an endpoint, the failure
// would only reach a Deferred and the twin would run on, so the driver would
// talk to whatever else holds the port.
const PORT_TAKEN_MARKER = "__finger_port_taken__";
// Followed by how many delayed calls the reactor holds: said when asked, and after shutdown.
const DELAYED_CALLS_MARKER = "__finger_delayed_calls__";
// Said once connections to a host and port are sent to the driver's finger server.
const REDIRECTED_MARKER = "__finger_redirected__";
// Followed by how many handlers a page event was handed to.
const UI_DELIVERED_MARKER = "__finger_ui_delivered__";
// Followed by what the program showed on the page, as JSON (said by pagesupport.py).
const PAGE_DISPLAY_MARKER = "__finger_page_display__";
const MARKERS = new RegExp(
  `^.*(?:${READY_MARKER}|${PATCHED_MARKER}|${NOT_PATCHED_MARKER}|${PORT_TAKEN_MARKER}|${DELAYED_CALLS_MARKER}|${REDIRECTED_MARKER}|${UI_DELIVERED_MARKER}|${PAGE_DISPLAY_MARKER}).*\\n`,
  "gm",
);
const STARTUP_TIMEOUT_MS = 10_000;

// Prepares real Twisted before the twin runs: loopback-only listening, a
// marker on stderr once the reactor runs (so the driver knows the ports are
// open), and fake backends ordered over stdin.
const PREPARE = [
  "import json, os, sys",
  "_courseFiles = os.environ.get('FINGER_TWIN_FILES')",
  "from twisted.internet import defer, reactor, stdio, task",
  "from twisted.protocols import basic",
  "def _say(text):",
  "    os.write(2, (text + '\\n').encode())",
  `reactor.callWhenRunning(_say, "${READY_MARKER}")`,
  // An IRC bot talks to no real network: port 1 on loopback refuses it, and ClientService retries.
  "_connectTCP = reactor.connectTCP",
  // Connections to an upstream finger server of the scenario go to the driver's.
  "_redirects = {}",
  "def _hostKey(host):",
  "    host = host.decode() if isinstance(host, bytes) else host",
  "    return '127.0.0.1' if host == 'localhost' or host.startswith('127.') else host",
  // Those a scenario set before the twin started come in FINGER_TWIN_REDIRECTS.
  "for _r in json.loads(os.environ.get('FINGER_TWIN_REDIRECTS') or '[]'):",
  "    _redirects[(_hostKey(_r['redirect']), _r['port'])] = _r['to']",
  "def _connectOffline(host, port, factory, timeout=30, bindAddress=None):",
  "    if (_hostKey(host), port) in _redirects:",
  "        host, port = '127.0.0.1', _redirects[(_hostKey(host), port)]",
  "    elif port == 6667 and host not in ('127.0.0.1', 'localhost', '::1'):",
  "        host, port = '127.0.0.1', 1",
  "    return _connectTCP(host, port, factory, timeout, bindAddress)",
  "reactor.connectTCP = _connectOffline",
  "_factories = {}",
  "_listenTCP = reactor.listenTCP",
  "def _listenOnLoopback(port, factory, backlog=50, interface=''):",
  "    try:",
  "        listening = _listenTCP(port, factory, backlog, interface if interface not in ('', '0.0.0.0', '::') else '127.0.0.1')",
  "    except Exception as e:",
  `        _say("${PORT_TAKEN_MARKER} " + str(e))`,
  "        raise",
  "    _factories[listening.getHost().port] = factory",
  "    return listening",
  "reactor.listenTCP = _listenOnLoopback",
  "_listenUDP = reactor.listenUDP",
  "def _listenUDPOnLoopback(port, protocol, interface='', maxPacketSize=8192):",
  "    return _listenUDP(port, protocol, interface if interface not in ('', '0.0.0.0') else '127.0.0.1', maxPacketSize)",
  "reactor.listenUDP = _listenUDPOnLoopback",
  // Unix sockets: an absolute path is taken inside the twin's private folder.
  "def _privatePath(address):",
  "    if _courseFiles and isinstance(address, (str, bytes)) and os.path.isabs(address):",
  "        return os.path.join(_courseFiles, os.fsdecode(address).lstrip('/'))",
  "    return address",
  "_listenUNIX = reactor.listenUNIX",
  "reactor.listenUNIX = lambda address, *args, **kwargs: _listenUNIX(_privatePath(address), *args, **kwargs)",
  "_connectUNIX = reactor.connectUNIX",
  "reactor.connectUNIX = lambda address, *args, **kwargs: _connectUNIX(_privatePath(address), *args, **kwargs)",
  "def _sayDelayedCalls():",
  `    _say("${DELAYED_CALLS_MARKER} %d" % len(reactor.getDelayedCalls()))`,
  `reactor.addSystemEventTrigger("after", "shutdown", _sayDelayedCalls)`,
  "class _Orders(basic.LineReceiver):",
  "    delimiter = b'\\n'",
  "    def lineReceived(self, line):",
  "        order = json.loads(line)",
  "        if order.get('delayedCalls'):",
  "            return _sayDelayedCalls()",
  "        if 'ui' in order:",
  "            import pagesupport",
  `            return _say("${UI_DELIVERED_MARKER} %d" % pagesupport._deliver(order['ui'], order['text']))`,
  "        if 'redirect' in order:",
  "            _redirects[(_hostKey(order['redirect']), order['port'])] = order['to']",
  `            return _say("${REDIRECTED_MARKER}")`,
  "        factory = _factories.get(order['port'])",
  "        if not callable(getattr(factory, order['patch'], None)):",
  `            return _say("${NOT_PATCHED_MARKER}")`,
  "        def settle():",
  "            if 'fail' in order:",
  "                raise RuntimeError(order['fail'])",
  "            return order['answer'].encode()",
  "        def backend(*args, **kwargs):",
  "            if order['after'] > 0:",
  "                return task.deferLater(reactor, order['after'], settle)",
  "            return defer.maybeDeferred(settle)",
  "        setattr(factory, order['patch'], backend)",
  `        _say("${PATCHED_MARKER}")`,
  "stdio.StandardIO(_Orders(), stdout=os.open(os.devnull, os.O_WRONLY))",
  // The course's own files (/etc/users): open() of such a path reads the copy in FINGER_TWIN_FILES.
  "import builtins",
  "_open = builtins.open",
  "def _openCourseFile(file, *args, **kwargs):",
  "    if _courseFiles and isinstance(file, (str, bytes)) and os.path.isabs(file):",
  "        copy = os.path.join(_courseFiles, os.fsdecode(file).lstrip('/'))",
  "        if os.path.isfile(copy):",
  "            file = copy",
  "    return _open(file, *args, **kwargs)",
  "builtins.open = _openCourseFile",
];

// A script runs as __main__.
const RUN_SCRIPT = [...PREPARE, "sys.argv = sys.argv[1:]", "import runpy", "runpy.run_path(sys.argv[0], run_name='__main__')"].join("\n");

// A .tac runs under twistd -n (no daemon, no pid file). twistd logs to
// standard output and sends print() to its log: both go to stderr here, so
// standard output holds what the simulation calls stdout (nothing, under twistd).
const RUN_TAC = [
  ...PREPARE,
  "from twisted.scripts.twistd import run",
  "sys.stdout = sys.stderr",
  "sys.argv = ['twistd', '--nodaemon', '--pidfile=', '--python=' + sys.argv[1]]",
  "run()",
].join("\n");

// A command line (`twistd -n finger --file=/etc/users`) runs real twistd in
// the twin's private folder, which holds a copy of the twin's files (its
// finger/ package and twisted/plugins/): the folder is on sys.path, as
// PYTHONPATH=. puts it for the tutorial, so twistd finds the plugin.
const RUN_COMMAND = [
  ...PREPARE,
  "from twisted.scripts.twistd import run",
  "sys.stdout = sys.stderr",
  "sys.path.append(os.getcwd())",
  "sys.argv = sys.argv[1:]",
  "run()",
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

  /** Connects to `host:port` (with `useTls`, as a TLS client), or to the Unix domain socket at `path`. */
  constructor(host: string, port: number, useTls = false, path?: string) {
    const address = { host: host === "localhost" ? "127.0.0.1" : host, port };
    // A TLS client accepts any certificate, as curl -k does (the twin's is self-signed).
    if (path !== undefined) this.socket = connect({ path });
    else this.socket = useTls ? tlsConnect({ ...address, rejectUnauthorized: false }) : connect(address);
    this.socket.on("connect", () => (this.state = "open"));
    this.socket.on("data", (chunk: Buffer) => (this.received += this.decoder.write(chunk)));
    this.socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED" || error.code === "ENOENT") this.state = "refused";
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
    const bootstrap = this.command ? RUN_COMMAND : this.twinPath.endsWith(".tac") ? RUN_TAC : RUN_SCRIPT;
    this.courseFiles ??= writeCourseFiles();
    // A twin with a package of its own beside it (twin/finger/) finds it as `PYTHONPATH=. twistd -ny` would: twistd
    // does not put the .tac's folder on sys.path. Only then, so no other twin's imports change. No .pyc is left there.
    // Every twin finds the course's own modules for twins (pagesupport), which no Python module shadows.
    const twinDir = path.dirname(this.twinPath);
    const hasPackage = readdirSync(twinDir, { withFileTypes: true }).some((entry) => entry.isDirectory());
    const pythonPath = [TWIN_MODULES, hasPackage ? twinDir : null, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
    if (this.command) cpSync(twinFolder(this.twinPath), this.courseFiles, { recursive: true, dereference: true });
    const env = {
      ...process.env,
      PYTHONPATH: pythonPath,
      PYTHONDONTWRITEBYTECODE: "1",
      FINGER_TWIN_FILES: this.courseFiles,
      FINGER_TWIN_REDIRECTS: JSON.stringify(this.redirectsBeforeStart),
    };
    // The twin's working directory is its private folder: a relative cert.pem is looked for there.
    const argv = this.command ? [...this.command] : [this.twinPath];
    const child = spawn(PYTHON, ["-u", "-c", bootstrap, ...argv], { stdio: ["pipe", "pipe", "pipe"], env, cwd: this.courseFiles });
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
    const handle: PbCallHandle = { outcome: null };
    const child = spawn(PYTHON, [PB_CALL, JSON.stringify(request)], { stdio: ["ignore", "pipe", "pipe"] });
    this.pbCallers.push(child);
    let printed = "";
    let errors = "";
    child.stdout!.setEncoding("utf8").on("data", (text: string) => (printed += text));
    child.stderr!.setEncoding("utf8").on("data", (text: string) => (errors += text));
    child.on("exit", () => {
      const line = printed.split("\n").find((text) => text.startsWith("{"));
      handle.outcome = line ? JSON.parse(line) : { ok: false, errorType: "PbCallerFailed", message: errors.trim() || "the PB client printed nothing" };
    });
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
    await sleep(50);
  }

  /**
   * The pid of the daemon a background `twistd` (no -n) left running, from
   * its twistd.pid: the process the driver started was only its parent.
   */
  private daemonPid(): number | null {
    if (!this.command || this.command.some((arg) => arg === "-n" || arg === "--nodaemon" || /^-\w*n/.test(arg) && !arg.startsWith("--"))) return null;
    if (!this.courseFiles) return null;
    const pidFile = path.join(this.courseFiles, "twistd.pid");
    if (!existsSync(pidFile)) return null;
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
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

/** A real UDP socket for `udpSend:` and `joinGroup:` steps: it records every datagram it receives. */
class RealUdpSocket implements DriverUdpSocket {
  readonly received: string[] = [];

  private constructor(readonly socket: UdpSocket) {
    socket.on("message", (message: Buffer) => this.received.push(message.toString("utf8")));
  }

  /**
   * Binds an ephemeral port, or `join.port` (shared) joined to `join.group`;
   * on every interface, since a datagram to a group leaves by the network's
   * interface, and one from a socket bound to 127.0.0.1 would never arrive.
   */
  static open(join?: { readonly group: string; readonly port: number }): Promise<RealUdpSocket> {
    const socket = createSocket({ type: "udp4", reuseAddr: join !== undefined });
    const udp = new RealUdpSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once("error", reject);
      const bound = () => {
        socket.removeListener("error", reject);
        if (join) socket.addMembership(join.group);
        resolve(udp);
      };
      if (join) socket.bind(join.port, bound);
      else socket.bind(0, bound);
    });
  }
}

function signalPid(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder a twin's modules are found from: the step's twin/ folder, of
 * which `twinPath` (twin/finger/tap.py) is one file.
 */
function twinFolder(twinPath: string): string {
  let dir = path.dirname(twinPath);
  while (path.basename(dir) !== "twin" && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** A private folder holding a copy of each of the course's files at its path (/etc/users → DIR/etc/users). */
function writeCourseFiles(): string {
  const root = mkdtempSync(path.join(tmpdir(), "finger-twin-files-"));
  // twistd reads them after switching to uid 1 (a .tac with uid=1 runs as daemon).
  chmodSync(root, 0o755);
  for (const [file, content] of Object.entries(COURSE_FILES)) writeCopy(root, file, content);
  // As on every simulated host: a program may make its Unix sockets in /tmp.
  mkdirSync(path.join(root, "tmp"), { mode: 0o1777 });
  return root;
}

/**
 * A real self-signed certificate and key, made by openssl in the twin's
 * working directory `root`, readable by the user twistd switches to.
 * @throws ScenarioError when openssl fails (or is missing).
 */
function makeRealCertificate(root: string, step: { certificate: string; key: string; subject: string }): void {
  const certificate = path.resolve(root, step.certificate);
  const key = path.resolve(root, step.key);
  const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-keyout", key, "-out", certificate, "-days", "365", "-nodes", "-subj", step.subject], { encoding: "utf8" });
  if (made.status !== 0) throw new ScenarioError(`openssl could not make the twin's certificate: ${made.error?.message ?? made.stderr}`);
  chmodSync(certificate, 0o644);
  chmodSync(key, 0o644);
}

/** Where the twin's copy of `file` (an absolute path) lives under `root`. */
function copyPath(root: string, file: string): string {
  return path.join(root, path.resolve("/", file));
}

/** Writes `content` as the copy of `file` (an absolute path) under `root`, readable by every user. */
function writeCopy(root: string, file: string, content: string): void {
  const copy = copyPath(root, file);
  mkdirSync(path.dirname(copy), { recursive: true, mode: 0o755 });
  writeFileSync(copy, content, { mode: 0o644 });
}

/** "localhost" and 127.x are one host, as in the simulation. */
function hostKey(host: string): string {
  return host === "localhost" || host.startsWith("127.") ? "127.0.0.1" : host;
}

function count(text: string, marker: string): number {
  return text.split(marker).length - 1;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(15);
}
