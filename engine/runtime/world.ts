/**
 * One simulated world: a reactor, its network, the learner's program and the
 * clients talking to it. Several worlds can exist (the terminal's and each
 * check's); whichever is running code has its reactor installed and its log
 * observer listening.
 */
import { makeSelfSigned } from "../twisted/internet/simulated-pem";
import { subjectText } from "../simulation/openssl-command";
import { normalizePath } from "../twisted/python/paths";
import { discardUnhandledErrors } from "../twisted/internet/defer";
import { installReactor } from "../twisted/internet/reactor";
import { ReactorBusyError, type StepRecord } from "../twisted/internet/simulated-reactor";
import { newSimulatedReactor, type HostedReactor } from "../simulation/simulated-network";
import type { NetworkConditions } from "../simulation/simulated-network";
import type { SimulatedHost, PortInfo } from "../simulation/simulated-host";
import type { ConnectionInfo } from "../simulation/tcp-transport";
import type { ProcessInfo, SimulatedCommand } from "../simulation/process-simulated";
import type { ThreadInfo } from "../twisted/internet/thread-pool";
import type { DirEntry } from "../twisted/internet/interfaces";
import * as log from "../twisted/python/log";
import { EngineAbort } from "../twisted/python/engine-abort";
import { ReactorNotRunning } from "../twisted/internet/error";
import { SimulatedClient, type ClientEvents } from "./client";
import { UdpPeer } from "./udp-peer";
import { runCommand, type CommandEvents, type CommandHandle } from "./command";
import { BlockGuard, DEFAULT_BUDGET, ReactorBlockedError, RunEndedError, explainBlocked, type GuardBudget } from "./guard";
import { PUBLIC_HOSTS } from "../simulation/internet";
import { serveWebPages, webSiteOn, type WebPages } from "../simulation/web-host";
import { fingerDaemonOn, serveFinger, type FingerScript } from "../simulation/finger-host";
import { ircServerOn, serveIrc, type IrcNetworkSetup, type IrcServer } from "../simulation/irc-host";
import { describeException, runModule, type ProgramError, type ProgramHooks } from "./program";
import { isTacFile, runTacFile } from "./twistd";
import { filesUnder, LearnerModules } from "./learner-modules";
import { isTrialFile, runTrialFile } from "./trial";
import { twistdCommand } from "./twistd-command";
import { childProgramCommand } from "./child-program";
import * as sys from "../stdlib/sys";
import type { TraceRows } from "../trace/rows";
import { WorldRecording } from "./recording";
import { activateTrace } from "../trace/tracer";
import type { TraceEvent } from "../trace/events";
import { PageLoop, enterPageLoop, type PageEventKind } from "../stdlib/pagesupport";

/** One line of output: what the program printed or what the reactor logged. */
export interface OutputLine {
  readonly stream: "stdout" | "stderr" | "log" | "error";
  readonly text: string;
  /** Virtual time, in seconds. */
  readonly time: number;
  /** How long the line was before the world shortened it (see KEPT_LINE_CHARS); absent when it was not. */
  readonly fullLength?: number;
}

/** How a program's start went. */
export type StartOutcome =
  | { readonly status: "running" }
  | { readonly status: "exited"; readonly reason: string }
  | { readonly status: "error"; readonly error: ProgramError }
  | { readonly status: "blocked"; readonly error: ProgramError };

/** Why a world stopped by itself: its program blocked the reactor. */
export interface BlockedReport {
  readonly message: string;
  readonly line: number;
  /** Whether the program held too much memory, rather than keeping the reactor from running. */
  readonly outOfMemory: boolean;
}

/**
 * What a world keeps of its output: a program may print without end (ten
 * million lines over timer events, one line of fifty million characters),
 * and every line kept is memory. Listeners still hear every line, shortened.
 */
const KEPT_LINES = 20_000;
const KEPT_LINE_CHARS = 20_000;

let current: World | null = null;
log.addObserver((event) => {
  if (current?.echoingLog) current.emit(event.isError ? "error" : "log", event.text);
});

/** How a new world starts. */
/** Turns at one virtual instant past which a reactor stopped for being busy is said never to have become idle. */
const TURNS_OF_A_LOOP_AT_ONE_INSTANT = 10_000;

export interface WorldOptions {
  /** Seed of the network's randomness: the same seed, program and inputs give the same run. */
  readonly seed?: number;
  /** Files to put on the learner's host, as path: content. */
  readonly files?: Readonly<Record<string, string>>;
  /** Network conditions to start with. */
  readonly conditions?: Partial<NetworkConditions>;
  /** A real clock in milliseconds, so the block guard can also stop code that runs too long. */
  readonly wallClock?: () => number;
  /** Overrides parts of the block guard's budget (tests use a small one). */
  readonly guardBudget?: Partial<GuardBudget>;
  /** Record a trace for the debugger: every event, every line with its variables (capped at `limit` events). */
  readonly record?: { readonly limit?: number };
}

/** How many processes a reactor snapshot lists, newest last. */
const RECORDED_PROCESSES = 12;

export class World {
  /** This world's reactor: only the world runs it, so that every event passes the block guard and the recording. */
  private readonly reactor: HostedReactor;
  readonly output: OutputLine[] = [];
  /** Set when the program blocked the reactor and the world stopped itself. */
  blocked: BlockedReport | null = null;
  /** Called for each statement the program runs, when lines are recorded (the debugger). */
  onLine: ((line: number, locals: () => Record<string, unknown>) => void) | null = null;
  private readonly listeners = new Set<(line: OutputLine) => void>();
  private readonly guard: BlockGuard;
  private file = "program.ts";
  /** Describes, at its TypeScript line, something the program threw outside the world's calls. */
  private describeThrown: (thrown: unknown) => ProgramError = (thrown) => describeException(thrown, this.file);
  private recording: WorldRecording | null = null;
  private readonly recordOptions: { readonly limit?: number } | undefined;
  private depth = 0;
  /** False while a twistd command writes the log itself (to its terminal or to twistd.log), or a child process runs. */
  echoingLog = true;
  /** The command a run started with startCommand, which signals reach as `kill` sends them. */
  private command: CommandHandle | null = null;
  /** The lesson page's panel as the program sees it (`pagesupport.install()`). */
  private readonly page = new PageLoop();
  /** The program started, which a child process (`python3 FILE`) may run again: a process pool's workers. */
  private program: { readonly source: string; readonly file: string } | null = null;
  /** The hooks the program runs under; its child processes run under them too. */
  private programHooks: ProgramHooks = { recordLines: false, line() {}, guard() {} };

  constructor(options: WorldOptions = {}) {
    this.reactor = newSimulatedReactor({ seed: options.seed });
    this.guard = new BlockGuard(options.wallClock ?? null, { ...DEFAULT_BUDGET, ...options.guardBudget });
    this.recordOptions = options.record;
    this.reactor.onEventStart = (record) => {
      this.guard.startEvent();
      this.recording?.eventStarted(record);
    };
    this.reactor.host.network.publicHosts = PUBLIC_HOSTS;
    this.reactor.host.processes.define("twistd", twistdCommand({ reactor: this.reactor, echoLog: (on) => (this.echoingLog = on) }));
    this.reactor.host.processes.define(
      "python3",
      childProgramCommand({
        reactor: this.reactor,
        program: () => this.program,
        hooks: () => this.programHooks,
        quietly: (f) => {
          const echoing = this.echoingLog;
          this.echoingLog = false;
          try {
            return f();
          } finally {
            this.echoingLog = echoing;
          }
        },
      }),
    );
    if (options.files) this.reactor.host.fs.seed(options.files);
    if (options.conditions) this.reactor.host.network.setConditions(options.conditions);
  }

  /**
   * Calls `listener` when the program's code reaches a new line, a few times
   * per request (see BlockGuard.onLineChange), or stops calling with null.
   */
  onLineChange(listener: ((line: number) => void) | null): void {
    this.guard.onLineChange = listener;
  }

  /**
   * Stops the program because it holds more memory than its host allows: at
   * its next line, or, if no more of its code runs, when the driver looks
   * (noticeLateBlock).
   */
  exceedMemory(): void {
    this.guard.stopSoon("memory");
  }

  /** Calls `listener` every few hundred milliseconds while the program's code runs (see BlockGuard.onHeartbeat). */
  onHeartbeat(listener: (() => void) | null): void {
    this.guard.onHeartbeat = listener;
  }

  /** Calls `listener` for every later line of output. */
  onOutput(listener: (line: OutputLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs the learner's program. Like a Python process, it is only "running"
   * afterwards if it called reactor.run(); otherwise it has exited. A file
   * named *.tac.ts is an application configuration: it runs as
   * `twistd -ny FILE` would run it (see runtime/twistd.ts).
   */
  start(source: string, file: string, pauseBeforeReactor = false): StartOutcome {
    discardUnhandledErrors();
    this.file = file;
    if (this.recordOptions) {
      const recording = new WorldRecording(
        {
          seconds: () => this.reactor.seconds(),
          isRunning: () => this.reactor.running,
          snapshot: () => ({ ports: this.listeningPorts(), connections: this.connections(), threads: this.threads(), processes: this.childProcesses() }),
          nextEventTime: () => this.reactor.nextEventTime(),
        },
        file,
        this.recordOptions.limit,
      );
      this.recording = recording;
      this.onLine = (line, locals) => recording.line(line, locals);
    }
    const hooks: ProgramHooks = {
      recordLines: this.onLine !== null,
      line: (line, locals) => this.onLine?.(line, locals),
      callAt: (line) => this.recording?.callAt(line),
      guard: (line) => this.guard.check(line),
    };
    // The program's own modules (a .tac's finger library) are files on the host, found from its working directory "/".
    // Only the program's file records lines for the debugger. Its modules still pass the block guard, which keeps
    // naming the program's own last line: a line number of the module's would point into the wrong file.
    const moduleHooks: ProgramHooks = { recordLines: false, line() {}, guard: () => this.guard.check(this.guard.lastLine) };
    const modules = new LearnerModules(filesUnder(this.reactor.host.fs, "/"), (text, stream) => this.emit(stream, text), moduleHooks);
    this.program = { source, file };
    this.programHooks = hooks;
    const outcome = this.enter(() => {
      this.guard.startEvent();
      this.recording?.programStarted();
      // A .tac file runs under twistd, which starts the reactor for it.
      // A test_*.ts module runs under trial, which starts the reactor for its tests.
      const { error, resumeAfterRun, describeThrown } = isTacFile(file)
        ? { error: runTacFile(source, file, this.reactor, hooks, modules.importFrom), resumeAfterRun: null, describeThrown: this.describeThrown }
        : isTrialFile(file)
          ? { ...runTrialFile(source, file, this.reactor, (text, stream) => this.emit(stream, text), hooks, modules.importFrom), resumeAfterRun: null }
          : runModule(source, file, (text, stream) => this.emit(stream, text), hooks, modules.importFrom, undefined, { sys: { ...sys, argv: [file] } });
      this.describeThrown = describeThrown;
      // The lines after reactor.run() run once the reactor has stopped, as in Python.
      if (resumeAfterRun) {
        this.reactor.onStopped(() => {
          const late = resumeAfterRun();
          if (late) this.emit("error", formatProgramError(late));
        });
      }
      if (error) {
        this.emit("error", formatProgramError(error));
        this.reactor.host.network.shutDown();
        return { status: "error", error } as const;
      }
      if (!this.reactor.hasStarted) {
        const waiting = this.listeningPorts().length > 0 || this.reactor.getDelayedCalls().length > 0;
        const reason = "The program ended without calling reactor.run(), so the reactor never started and nothing will answer.";
        // Only worth saying when something was waiting for the reactor: a port or a timer.
        if (waiting) this.emit("log", reason);
        this.reactor.host.network.shutDown();
        return { status: "exited", reason } as const;
      }
      if (!pauseBeforeReactor) this.reactor.runUntilIdle();
      return { status: "running" } as const;
    });
    const result: StartOutcome =
      outcome === undefined
        ? {
            status: "blocked",
            error: { kind: "exception", message: this.blocked!.message, location: this.blocked!.line > 0 ? { file, line: this.blocked!.line, column: 1 } : null },
          }
        : outcome;
    this.enter(() => this.recording?.programEnded(result.status, "error" in result ? result.error.message : null));
    return result;
  }

  /**
   * Runs the learner's program as a command line typed in the course's
   * terminal (`twistd -n finger --file=/etc/users`): `source` is saved as
   * `file` in the learner's folder (/) beside the step's other files, and
   * the command runs on the learner's host. What it prints is the program's
   * output; it is "running" while the command runs, "exited" once it ended
   * well (`twistd --help`), and an error when it ended with a non-zero code
   * (a usage error), whose message is what it printed.
   */
  startCommand(argv: readonly string[], source: string, file: string): StartOutcome {
    discardUnhandledErrors();
    this.file = file;
    this.reactor.host.fs.write(normalizePath(file, "/"), source);
    const lines = { stdout: "", stderr: "" };
    const flush = (stream: "stdout" | "stderr", text: string, end = false) => {
      lines[stream] += text;
      const parts = lines[stream].split("\n");
      lines[stream] = end ? "" : parts.pop()!;
      for (const line of end ? parts.filter((part, index) => index < parts.length - 1 || part !== "") : parts) {
        this.emit(stream === "stdout" ? "log" : "error", line);
      }
    };
    let exitCode: number | null = null;
    const handle = this.enter(() =>
      runCommand(this.reactor.host, argv, {
        onStdout: (text) => flush("stdout", text),
        onStderr: (text) => flush("stderr", text),
        onExit: (code) => {
          flush("stdout", "", true);
          flush("stderr", "", true);
          exitCode = code ?? 1;
        },
      }),
    );
    if (handle === undefined) {
      return { status: "blocked", error: { kind: "exception", message: this.blocked!.message, location: null } };
    }
    this.command = handle;
    this.runUntilIdle();
    if (this.blocked) return { status: "blocked", error: { kind: "exception", message: this.blocked.message, location: null } };
    if (exitCode !== null && exitCode !== 0) {
      const said = `${handle.stderr}${handle.stdout}`.trim();
      return { status: "error", error: { kind: "exception", message: said || `${argv.join(" ")} exited with code ${exitCode}`, location: null } };
    }
    if (exitCode !== null && !this.reactor.running) return { status: "exited", reason: `${argv.join(" ")} ended.` };
    return { status: "running" };
  }

  /**
   * Reports a Promise of the program's that was rejected with nothing to
   * catch it (an async function that threw, a Promise.reject nobody awaited),
   * as the host saw it (the browser's unhandledrejection event). The learner
   * sees it in the terminal, with its line, instead of only in a console.
   */
  reportUnhandledRejection(reason: unknown): void {
    // A stopped run's aborts travel as rejections too: the stop was reported already.
    if (this.blocked || reason instanceof EngineAbort) return;
    const error = this.describeThrown(reason);
    this.emit(
      "error",
      `${formatProgramError(error)}\n(A Promise was rejected and nothing caught it: await it inside try/catch, or add .catch(...) to it.)`,
    );
  }

  /** Runs the program's top level but none of the reactor's events yet: the debugger steps from there. */
  startPaused(source: string, file: string): StartOutcome {
    return this.start(source, file, true);
  }

  /** The recorded trace so far (empty unless the world records). */
  get trace(): readonly TraceEvent[] {
    return this.recording?.events ?? [];
  }

  /** How many events the recording holds, without building them. */
  get traceLength(): number {
    return this.recording?.length ?? 0;
  }

  /** The recorded events from `from` on, as rows for a TraceRowDecoder on another thread (see TraceRecorder.exportRows). */
  traceRows(from: number): TraceRows | null {
    return this.recording?.recorder.exportRows(from) ?? null;
  }

  /** Records something the learner did from outside the program (part of the run's inputs). */
  recordInput(action: "connect" | "send" | "close" | "exec" | "page", detail: string): void {
    this.enter(() => this.recording?.input(action, detail));
  }

  /**
   * Sends the program a signal, as `kill` does. SIGTERM and SIGINT reach
   * Twisted's handlers: they log "Received SIGTERM, shutting down." and stop
   * the reactor (services stop, ports close) in the next turn of the loop.
   * A program whose reactor is not running has nothing to stop.
   */
  signal(name: "SIGTERM" | "SIGINT"): void {
    const command = this.command;
    if (command && !command.ended) {
      this.enter(() => command.kill(name.slice(3)));
      return;
    }
    this.enter(() => {
      if (!this.reactor.running) return;
      log.msg(`Received ${name}, shutting down.`);
      try {
        this.reactor.stop();
      } catch (thrown) {
        // Already stopping: the second signal only gets its log line, as in Twisted.
        if (!(thrown instanceof ReactorNotRunning)) throw thrown;
      }
    });
  }

  /**
   * The lesson page's button was pressed (`click`) or its input changed
   * (`input`), holding `text`: each handler the program gave `onClick` or
   * `onInput` is handed the text as a reactor event of its own, which runs
   * with the world's next events (runUntilIdle: a debugger's pause holds it
   * back like any other). Before the program called `pagesupport.install()`
   * the event reaches nobody.
   * @returns how many handlers it was handed to.
   */
  uiEvent(kind: PageEventKind, text: string): number {
    const handed = this.enter(() => {
      this.recording?.input("page", `${kind} ${JSON.stringify(text)}`);
      return this.reactor.running ? this.page.deliver(kind, text) : 0;
    });
    return handed ?? 0;
  }

  /** What the page's display line shows (the program's last `page.show(text)`), or null. */
  get pageDisplay(): string | null {
    return this.page.display;
  }

  /** Calls `listener` with each text the program shows on the page's display line. */
  onPageShow(listener: ((text: string) => void) | null): void {
    this.page.onShow = listener;
  }

  /** Opens a scripted client connection to `host:port`, from host `from` (the learner's host by default). */
  connect(host: string, port: number, events?: ClientEvents, from?: string, options: { tls?: boolean } = {}): SimulatedClient {
    return this.enter(() => new SimulatedClient(this.reactor, host, port, events, from, options.tls ?? false));
  }

  /**
   * Writes a self-signed certificate and its key to `certificate` and `key`
   * (relative to the working directory, "/") on the learner's host, as
   * `openssl req -x509 -newkey rsa:2048 -nodes -subj SUBJECT` does.
   */
  makeSelfSignedCertificate(certificate: string, key: string, subject = "/CN=localhost"): void {
    const host = this.reactor.host;
    const made = makeSelfSigned(subjectText(subject) ?? subject, 2048, 365, () => host.random());
    host.fs.write(normalizePath(certificate, "/"), made.certificate);
    host.fs.write(normalizePath(key, "/"), made.key);
  }

  /** Opens a scripted client connection to the Unix domain socket at `path` on the learner's host. */
  connectUNIX(path: string, events?: ClientEvents): SimulatedClient {
    return this.enter(() => new SimulatedClient(this.reactor, "localhost", 0, events, undefined, false, path));
  }

  /**
   * Opens a scripted UDP socket that is not learner code (the checks' peers):
   * on the learner's host, or, to join a multicast group, on host
   * `join.host` (added, quiet, if the network does not know it).
   */
  udpPeer(join?: { readonly group: string; readonly port: number; readonly host: string }): UdpPeer {
    return this.enter(() => {
      if (!join) return new UdpPeer(this.reactor.host, 0);
      const network = this.reactor.host.network;
      const host = network.getHost(join.host) ?? Object.assign(network.addHost(join.host), { quiet: true });
      return new UdpPeer(host, join.port, join.group);
    });
  }

  /**
   * Sends `signal` to every running process of the learner's host whose
   * command is `name` (each twistd the terminal started, in the foreground or
   * as a daemon), as `kill -INT PID` would to each.
   * @returns how many processes were signalled
   */
  signalCommands(name: string, signal: "INT" | "TERM"): number {
    const processes = this.reactor.host.processes;
    const targets = processes.list().filter((info) => info.state === "running" && info.command.split(" ")[0] === name);
    this.enter(() => {
      for (const info of targets) processes.running(info.pid)?.signalProcess(signal);
    });
    this.runUntilIdle();
    return targets.length;
  }

  /** Runs a command (e.g. ["finger", "moshez@localhost"]) on a host, as the shell does. */
  exec(argv: readonly string[], events: CommandEvents = {}, host?: string): CommandHandle {
    return this.enter(() => runCommand(this.hostNamed(host), argv, events));
  }

  /**
   * Stops the world if its program tripped the guard in code that ran after
   * the world's own call had returned (a Promise's callback, an endless
   * `for (;;) await null`), where no call of the world was there to notice.
   * The driver calls it once such code can have run (after the microtasks).
   * @returns whether the world is blocked.
   */
  noticeLateBlock(): boolean {
    if (this.guard.tripped instanceof ReactorBlockedError && !this.blocked) this.enter(() => undefined);
    return this.blocked !== null;
  }

  /**
   * Runs `f` with this world's reactor installed and its log observer active.
   * If the program blocks the reactor, the world stops itself (its ports close,
   * its connections drop), `blocked` says why, and `f`'s result is undefined.
   */
  enter<T>(f: () => T): T {
    const previousWorld = current;
    const previousReactor = installReactor(this.reactor);
    // A recording world traces into its own recording; others leave tracing as it is.
    const previousTrace = this.recording ? activateTrace(this.recording.context) : undefined;
    const previousPage = enterPageLoop(this.page);
    current = this;
    if (this.depth === 0) {
      // A new request from the driver: its budgets start now.
      this.guard.startDriverCall();
      this.reactor.inputArrived();
    }
    this.depth++;
    try {
      const result = f();
      // The guard tripped, but the program swallowed the stop (a rejected Promise, an unawaited async function): stop anyway.
      if (this.depth === 1 && this.guard.tripped instanceof ReactorBlockedError && !this.blocked) {
        this.stopBlocked(this.guard.tripped);
        return undefined as T;
      }
      return result;
    } catch (thrown) {
      if (thrown instanceof ReactorBusyError) {
        this.stopBlocked(new ReactorBlockedError(this.guard.lastLine, "instant"));
        return undefined as T;
      }
      // A retired world's program is stopped already.
      if (thrown instanceof RunEndedError) return undefined as T;
      if (!(thrown instanceof ReactorBlockedError)) throw thrown;
      this.stopBlocked(thrown);
      return undefined as T;
    } finally {
      this.depth--;
      if (this.depth === 0) this.recording?.afterWork();
      current = previousWorld;
      installReactor(previousReactor);
      enterPageLoop(previousPage);
      if (previousTrace !== undefined) activateTrace(previousTrace);
    }
  }

  private stopBlocked(stop: ReactorBlockedError): void {
    if (this.blocked) return;
    // The wall clock stopped, before the reactor's own count did, a loop that never let virtual time move
    // (a slow machine, a recorded run): it is the same hang, and the learner is told which.
    const atOneInstant = stop.reason === "busy" && this.reactor.turnsAtThisInstant >= TURNS_OF_A_LOOP_AT_ONE_INSTANT;
    const error = atOneInstant ? new ReactorBlockedError(stop.line, "instant") : stop;
    this.blocked = { message: explainBlocked(error, this.file, this.guard.budget.milliseconds), line: error.line, outOfMemory: error.reason === "memory" };
    this.emit("error", this.blocked.message);
    this.guard.reset();
    try {
      this.reactor.host.network.shutDown();
    } catch (thrown) {
      // Cleanup code that blocks too is not run to the end.
      if (!(thrown instanceof ReactorBlockedError) && !(thrown instanceof ReactorBusyError)) throw thrown;
    }
    this.reactor.halt();
  }

  /**
   * Ends this world for good (the runner replaced it with a fresh one): its
   * reactor runs nothing more, and any code of its program that something
   * still calls (a Promise settled late) stops at its first guard.
   */
  retire(): void {
    this.reactor.halt();
    this.guard.retire();
    this.listeners.clear();
    this.page.onShow = null;
  }

  /** Runs everything due now. */
  runUntilIdle(): boolean {
    return this.enter(() => this.reactor.runUntilIdle());
  }

  /** The virtual time, in seconds. */
  seconds(): number {
    return this.reactor.seconds();
  }

  /** True while the program's reactor runs (from reactor.run() until it stops). */
  get reactorRunning(): boolean {
    return this.reactor.running;
  }

  /** How many delayed calls (reactor.callLater) the program has waiting; after the reactor stopped, how many it left behind. */
  delayedCalls(): number {
    return this.reactor.getDelayedCalls().length;
  }

  /** Schedules `f(...args)` on this world's reactor (a scenario's fake backend answers through it). */
  callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): { cancel(): void } {
    return this.reactor.callLater(delay, f, ...args);
  }

  /** Runs events in time order up to `time`, stopping early once `until()` holds. */
  advanceTo(time: number, until?: () => boolean): void {
    this.enter(() => this.reactor.advanceTo(time, until));
  }

  /** Runs the next single event due now (one-event-at-a-time mode); null when nothing is due now. */
  step(): StepRecord | null {
    return this.enter(() => this.reactor.step());
  }

  /** Runs the next event, moving virtual time to it if needed; null when nothing is scheduled. */
  stepNext(): StepRecord | null {
    return this.enter(() => this.reactor.stepNext());
  }

  /** Runs everything that falls due in the next `seconds` of virtual time. */
  advance(seconds: number): void {
    this.advanceTo(this.reactor.seconds() + seconds);
  }

  /** The virtual time of the next scheduled work, or null (what a real-time driver waits for). */
  nextEventTime(): number | null {
    return this.reactor.nextEventTime();
  }

  /** The current network conditions. */
  networkConditions(): NetworkConditions {
    return this.reactor.host.network.conditions();
  }

  /** Changes latency, segmentation, seed or UDP loss. @throws RangeError for bad values. */
  setNetworkConditions(changes: Partial<NetworkConditions>): void {
    this.reactor.host.network.setConditions(changes);
  }

  /** Adds a host to the network (e.g. "livejournal.com"), with its own files and ports. */
  addHost(name: string, ip?: string): SimulatedHost {
    return this.reactor.host.network.addHost(name, ip);
  }

  /**
   * Serves `content` (plain-text pages by path, an optional delay) over HTTP
   * on `host`:`port`, adding the host if the network does not know it yet;
   * null stops the server, so connections are refused. Public hosts such as
   * livejournal.com already serve their own pages: this replaces them.
   */
  serveWebPages(host: string, content: WebPages | null, port = 80): void {
    this.enter(() => {
      const target = this.reactor.host.network.getHost(host) ?? this.addHost(host);
      target.quiet = true;
      if (content) serveWebPages(target, content, port);
      else webSiteOn(target, port)?.stop();
    });
  }

  /**
   * Runs a scripted finger daemon on `host`:`port` (adding the host if the
   * network does not know it): it answers every query with `script`'s reply.
   * Null stops it, so connections are refused.
   */
  serveFinger(host: string, script: FingerScript | null, port = 79): void {
    this.enter(() => {
      const target = this.sceneryHost(host) ?? this.addHost(host);
      if (script) serveFinger(target, script, port);
      else fingerDaemonOn(target, port)?.stop();
    });
  }

  /** The host a scenery server named `name` runs on: "localhost" and 127.x are the learner's own. */
  private sceneryHost(name: string): SimulatedHost | undefined {
    const network = this.reactor.host.network;
    if (name === "localhost" || name.startsWith("127.")) return network.localhost;
    return network.getHost(name);
  }

  /** What each connection to the scripted finger daemon on `host`:`port` sent, oldest first ([] when none runs there). */
  fingerRequests(host: string, port = 79): readonly string[] {
    const target = this.sceneryHost(host);
    return (target && fingerDaemonOn(target, port)?.requests) ?? [];
  }

  /**
   * The IRC server on `host`:`port`: the public networks' (irc.freenode.org,
   * irc.freenode.net, irc.libera.chat) are built on first use; for another
   * host, one is started with `setup` (adding the host if needed). Lessons
   * and checks use it to make its simulated users talk and to read its
   * transcript.
   */
  ircNetwork(host: string, setup: IrcNetworkSetup = {}, port = 6667): IrcServer {
    return this.enter(() => {
      const target = this.reactor.host.network.getHost(host) ?? this.addHost(host);
      return ircServerOn(target, port) ?? serveIrc(target, setup, port);
    });
  }

  /** Adds a command that processes on `host` (the learner's by default) can run. */
  defineCommand(name: string, command: SimulatedCommand, host?: string): void {
    this.hostNamed(host).processes.define(name, command);
  }

  /** Listening TCP and UDP ports on every host. */
  listeningPorts(): PortInfo[] {
    return this.reactor.host.network.listeningPorts();
  }

  /** Open connection ends, with the bytes each has in flight. */
  connections(): ConnectionInfo[] {
    return this.reactor.host.network.connections();
  }

  /** The process table of `host` (the learner's by default). */
  processes(host?: string): ProcessInfo[] {
    return this.hostNamed(host).processes.list();
  }

  /** The processes started on the learner's host, as the reactor view shows them: the running ones, and the last few that ended. */
  private childProcesses() {
    return this.processes()
      .slice(-RECORDED_PROCESSES)
      .map(({ pid, command, state, pipes, exitCode, signal }) => ({ pid, command, state, pipes, exitCode, signal }));
  }

  /** The simulated threads: the reactor's pool's, then those of pools the program made (adbapi's). */
  threads(): ThreadInfo[] {
    return [this.reactor.threadPool, ...this.reactor.otherThreadPools].flatMap((pool) => pool.info());
  }

  /** The entries of a directory on `host`. @throws FileNotFoundError, NotADirectoryError */
  listFiles(path: string, host?: string): DirEntry[] {
    return this.hostNamed(host).fs.list(path);
  }

  /** A file's text on `host`. @throws FileNotFoundError, IsADirectoryError */
  readFile(path: string, host?: string): string {
    return this.hostNamed(host).fs.read(path);
  }

  /** Writes a file on `host`, creating directories as needed. */
  writeFile(path: string, content: string, host?: string): void {
    this.hostNamed(host).fs.write(path, content);
  }

  /** Deletes a file on `host`. @throws FileNotFoundError */
  removeFile(path: string, host?: string): void {
    this.hostNamed(host).fs.remove(path);
  }

  /** Sets a file's permission bits on `host` (0o600: the program may not read it). @throws FileNotFoundError */
  chmod(path: string, mode: number, host?: string): void {
    this.hostNamed(host).fs.chmod(path, mode);
  }

  /** Appends to a file on `host`, creating it (and its directories) as needed. */
  appendFile(path: string, content: string, host?: string): void {
    this.hostNamed(host).fs.append(path, content);
  }

  /** Goes up whenever a file on the host changes: whoever keeps a copy of the files knows when to take a new one. */
  fileVersion(host?: string): number {
    return this.hostNamed(host).fs.version;
  }

  /** Every file on `host` (the learner's by default), as path: content. */
  fileSnapshot(host?: string): Record<string, string> {
    return this.hostNamed(host).fs.snapshot();
  }

  /** The command `name` that processes on `host` run, if the host knows one. */
  commandNamed(name: string, host?: string): SimulatedCommand | undefined {
    return this.hostNamed(host).processes.lookup(name);
  }

  /** The factory of the TCP port `port` listens with on the learner's host, if something listens there. */
  listeningFactory(port: number): unknown {
    return this.reactor.host.tcpFactory(port);
  }

  /** @throws Error if `name` names no host. */
  private hostNamed(name?: string): SimulatedHost {
    if (name === undefined) return this.reactor.host;
    const host = this.reactor.host.network.getHost(name);
    if (!host) throw new Error(`no host named ${name} on the simulated network`);
    return host;
  }

  /** @internal */
  emit(stream: OutputLine["stream"], text: string): void {
    const shown = text.length > KEPT_LINE_CHARS ? `${text.slice(0, KEPT_LINE_CHARS)}… (output truncated: ${text.length} characters in all)` : text;
    this.recording?.output(stream, shown);
    const line: OutputLine = shown === text ? { stream, text, time: this.reactor.seconds() } : { stream, text: shown, time: this.reactor.seconds(), fullLength: text.length };
    if (this.output.length < KEPT_LINES) this.output.push(line);
    else if (this.output.length === KEPT_LINES) {
      this.output.push({ stream: "error", text: `output truncated: only the first ${KEPT_LINES} lines of output are kept`, time: line.time });
    }
    for (const listener of this.listeners) listener(line);
  }
}

/** "line 3: NameError: ..." — the way the terminal and checks show a program error. */
export function formatProgramError(error: ProgramError): string {
  const where = error.location ? `${error.location.file}, line ${error.location.line}: ` : "";
  return `${where}${error.message}`;
}
