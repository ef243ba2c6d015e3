/**
 * One simulated world: a reactor, its network, the learner's program and the
 * clients talking to it. Several worlds can exist (the terminal's and each
 * check's); whichever is running code has its reactor installed and its log
 * observer listening.
 */
import { normalizePath } from "../twisted/python/paths";
import { discardUnhandledErrors } from "../twisted/internet/defer";
import { installReactor } from "../twisted/internet/reactor";
import { ReactorBusyError } from "../twisted/internet/simulated-reactor";
import { newSimulatedReactor, type NetworkConditions } from "../simulation/simulated-network";
import * as log from "../twisted/python/log";
import { EngineAbort } from "../twisted/python/engine-abort";
import { ReactorNotRunning } from "../twisted/internet/error";
import { runCommand, type CommandHandle } from "./command";
import { BlockGuard, DEFAULT_BUDGET, ReactorBlockedError, RunEndedError, explainBlocked, type GuardBudget } from "./guard";
import { PUBLIC_HOSTS } from "../simulation/internet";
import { describeException, type ConsoleSink, type ProgramError, type ProgramHooks } from "./program";
import { filesUnder, LearnerModules } from "./learner-modules";
import type { TraceRows } from "../trace/rows";
import { WorldRecording } from "./recording";
import { activateTrace } from "../trace/tracer";
import type { TraceEvent } from "../trace/events";
import { PageLoop, enterPageLoop, type PageEventKind } from "../stdlib/pagesupport";
import { CommandOutputLines } from "./command-output-lines";
import { defineProgramCommands } from "./program-commands";
import { launchProgram } from "./program-launch";
import { formatProgramError, type BlockedReport, type StartOutcome } from "./start-outcome";
import { WorldMachinery } from "./world-machinery";
import { WorldOutput, type OutputLine } from "./world-output";

export type { OutputLine } from "./world-output";
export { formatProgramError, type BlockedReport, type StartOutcome } from "./start-outcome";

let current: World | null = null;
log.addObserver((event) => {
  if (current?.echoingLog) current.emit(event.isError ? "error" : "log", event.text);
});

/** Turns at one virtual instant past which a reactor stopped for being busy is said never to have become idle. */
const TURNS_OF_A_LOOP_AT_ONE_INSTANT = 10_000;

/** How a new world starts. */
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

/**
 * A world and the learner's program in it. The machinery (clock, hosts,
 * scenery, scripted clients) is WorldMachinery's; this class runs the program
 * and contains it.
 */
export class World extends WorldMachinery {
  /** The program's output: kept lines and listeners (see WorldOutput). */
  private readonly out = new WorldOutput(
    () => this.reactor.seconds(),
    (stream, shown) => this.recording?.output(stream, shown),
  );
  /** The lines of output kept so far, oldest first. */
  readonly output: OutputLine[] = this.out.lines;
  /** Set when the program blocked the reactor and the world stopped itself. */
  blocked: BlockedReport | null = null;
  /** Called for each statement the program runs, when lines are recorded (the debugger). */
  onLine: ((line: number, locals: () => Record<string, unknown>) => void) | null = null;
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
    super(newSimulatedReactor({ seed: options.seed }));
    this.guard = new BlockGuard(options.wallClock ?? null, { ...DEFAULT_BUDGET, ...options.guardBudget });
    this.recordOptions = options.record;
    this.reactor.onEventStart = (record) => {
      this.guard.startEvent();
      this.recording?.eventStarted(record);
    };
    this.reactor.host.network.publicHosts = PUBLIC_HOSTS;
    defineProgramCommands({
      reactor: this.reactor,
      setEchoingLog: (on) => {
        const was = this.echoingLog;
        this.echoingLog = on;
        return was;
      },
      program: () => this.program,
      hooks: () => this.programHooks,
    });
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
    return this.out.listen(listener);
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
      const recording = new WorldRecording(this.recordedView(), file, this.recordOptions.limit);
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
      // A .tac file runs under twistd and a test_*.ts module under trial, each starting the reactor itself.
      const print: ConsoleSink = (text, stream) => this.emit(stream, text);
      const { error, resumeAfterRun, describeThrown } = launchProgram(source, file, this.reactor, print, hooks, modules.importFrom, this.describeThrown);
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
    const lines = new CommandOutputLines((stream, line) => this.emit(stream === "stdout" ? "log" : "error", line));
    let exitCode: number | null = null;
    const handle = this.enter(() =>
      runCommand(this.reactor.host, argv, {
        onStdout: (text) => lines.write("stdout", text),
        onStderr: (text) => lines.write("stderr", text),
        onExit: (code) => {
          lines.end();
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
    this.out.clearListeners();
    this.page.onShow = null;
  }

  /** @internal */
  emit(stream: OutputLine["stream"], text: string): void {
    this.out.add(stream, text);
  }
}

