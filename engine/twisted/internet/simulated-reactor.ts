/**
 * The simulated reactor: Twisted's event loop over a virtual clock and an
 * in-memory network. Nothing here reads wall-clock time; a driver decides how
 * fast virtual time moves (as fast as possible for checks, real time in the
 * terminal, one event at a time in a debugger), so the same program and the
 * same inputs always give the same run, event for event.
 */
import * as log from "../python/log";
import { reportUnhandledErrors } from "./defer";
import type { DelayedCall } from "./delayed-call";
import { ReactorNotRunning } from "./error";
import { EventQueue, type Scheduled } from "./event-queue";
import type {
  IClientFactory,
  IDatagramProtocol,
  IFileSystem,
  IProcessProtocol,
  IProtocolFactory,
  IReactor,
  IReactorHost,
} from "./interfaces";
import { sleepInThread, SimulatedThreadPool, threadTime } from "./thread-pool";
import { Timers } from "./timers";
import { EngineAbort, logUnhandledError } from "./unhandled";
import { lastSeq, tracing } from "../../trace/tracer";

interface IoEvent extends Scheduled {
  readonly run: () => void;
  readonly label: string;
  /** When tracing: the seq of the event during which this I/O was scheduled. */
  readonly cause: number | null;
}

type Phase = "before" | "during" | "after";
type SystemEvent = "startup" | "shutdown";
interface Trigger {
  readonly phase: Phase;
  readonly event: SystemEvent;
  readonly f: (...args: any[]) => unknown;
  readonly args: readonly unknown[];
}

/** What one iteration of the loop did. */
export interface IterationResult {
  /** How many timed calls and I/O events ran. */
  readonly ran: number;
}

/** One event the loop ran, as plain data (what step() returns). */
export interface StepRecord {
  readonly kind: "timer" | "io";
  /** Virtual time at which it ran. */
  readonly time: number;
  /** What it was: the function's name for a timer, a description for I/O. */
  readonly label: string;
  /** For a timer: the delayed call's trace id (0 when it was scheduled untraced). */
  readonly call: number | null;
  /** For I/O, when tracing: the seq of the event during which it was scheduled. */
  readonly cause: number | null;
}

/** Options for a new simulated reactor. */
export interface SimulatedReactorOptions<H extends IReactorHost> {
  /**
   * Builds the machine the reactor does its I/O on (ports, connections,
   * processes, files), given the reactor that will schedule it: the
   * simulation hands its host in here. Without one, the reactor keeps time
   * only, and listenTCP and the other I/O calls throw.
   */
  readonly host?: (reactor: SimulatedReactor<H>) => H;
}

/** Iterations at one virtual instant before the loop is declared busy (e.g. callLater(0) forever). */
const MAX_ITERATIONS_PER_INSTANT = 100_000;

export class SimulatedReactor<H extends IReactorHost = IReactorHost> implements IReactor {
  /** True between run() and the end of shutdown. */
  running = false;
  /** The pool that deferToThread and callInThread use. */
  readonly threadPool: SimulatedThreadPool;
  private now = 0;
  private readonly timers = new Timers(() => this.now);
  private readonly io = new EventQueue<IoEvent>();
  private ioSeq = 0;
  private started = false;
  private stopping = false;
  private readonly triggers: Trigger[] = [];
  /** The iteration in progress: only work queued before it began may run in it. */
  private round: { readonly timerLimit: number; readonly ioLimit: number } | null = null;

  private readonly machine: H | null;

  constructor(options: SimulatedReactorOptions<H> = {}) {
    this.threadPool = new SimulatedThreadPool(
      { seconds: () => this.now, later: (delay, f) => this.scheduleIo(delay, f, "thread job done") },
      (f) => this.scheduleIo(0, f, "thread starts a job"),
    );
    // Last: the host may schedule work on this reactor as it is built.
    this.machine = options.host ? options.host(this) : null;
  }

  /**
   * The host the program runs on ("localhost"): its files, processes and ports.
   * @throws Error if this reactor was built without one (it keeps time only).
   */
  get host(): H {
    if (!this.machine) throw new Error("this SimulatedReactor was given no host to do I/O on (build it with the simulation's host)");
    return this.machine;
  }

  /** The current virtual time, in seconds since the simulation began. */
  seconds(): number {
    return this.now;
  }

  /** Schedules `f(...args)` to run `delay` seconds from now. */
  callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): DelayedCall {
    return this.timers.schedule(delay, f, args);
  }

  /** The delayed calls still waiting, in the order they will run. */
  getDelayedCalls(): DelayedCall[] {
    return this.timers.pending();
  }

  /** Runs `f(...args)` once the reactor is running (at once if it already is). */
  callWhenRunning<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
    if (this.running) this.guarded(() => f(...args));
    else this.addSystemEventTrigger("during", "startup", f, ...args);
  }

  /** Runs `f(...args)` at the given phase of startup or shutdown. */
  addSystemEventTrigger<A extends unknown[]>(phase: Phase, event: SystemEvent, f: (...args: A) => unknown, ...args: A): void {
    this.triggers.push({ phase, event, f, args });
  }

  /**
   * Starts the event loop. In the simulation run() returns at once: the
   * driver then runs the loop, so the page never blocks.
   * @throws Error (ReactorAlreadyRunning) when called twice.
   */
  run(): void {
    if (this.started) throw new Error("ReactorAlreadyRunning: the reactor is already running");
    this.started = true;
    this.running = true;
    this.scheduleIo(0, () => this.fireSystemEvent("startup"), "startup");
  }

  /**
   * Stops the loop after the current iteration: shutdown triggers run, ports
   * close and open connections are dropped.
   * @throws ReactorNotRunning if the reactor is not running.
   */
  stop(): void {
    if (!this.running || this.stopping) throw new ReactorNotRunning();
    this.stopping = true;
    this.scheduleIo(0, () => {
      this.fireSystemEvent("shutdown");
      this.running = false;
      log.msg("Main loop terminated.");
    }, "shutdown");
  }

  /** True once run() was called (even if the reactor has since stopped). */
  get hasStarted(): boolean {
    return this.started;
  }

  /** Listens for TCP connections on `port` of this reactor's host. @throws CannotListenError */
  listenTCP(port: number, factory: IProtocolFactory, backlog = 50, iface = ""): ReturnType<H["listenTCP"]> {
    return this.host.listenTCP(port, factory, backlog, iface) as ReturnType<H["listenTCP"]>;
  }

  /** Connects from this reactor's host to `host:port`; the factory hears whether it worked. */
  connectTCP(host: string, port: number, factory: IClientFactory, timeout = 30): ReturnType<H["connectTCP"]> {
    return this.host.connectTCP(host, port, factory, timeout) as ReturnType<H["connectTCP"]>;
  }

  /** Listens for UDP datagrams on `port`. @throws CannotListenError */
  listenUDP(port: number, protocol: IDatagramProtocol, iface = "", maxPacketSize = 8192): ReturnType<H["listenUDP"]> {
    return this.host.listenUDP(port, protocol, iface, maxPacketSize) as ReturnType<H["listenUDP"]>;
  }

  /** Runs a simulated command on this reactor's host (see the host's process table). */
  spawnProcess(
    processProtocol: IProcessProtocol,
    executable: string,
    args: readonly string[] = [],
    env: Readonly<Record<string, string>> = {},
    path: string | null = null,
  ): ReturnType<H["spawnProcess"]> {
    return this.host.spawnProcess(processProtocol, executable, args, env, path) as ReturnType<H["spawnProcess"]>;
  }

  /** Runs `f(...args)` in a simulated pool thread. */
  callInThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
    this.callInThreadWithCallback(() => undefined, () => f(...args), f.name);
  }

  /** Engine use: runs `f` in a pool thread; `onResult(ok, value)` runs back in the reactor. */
  callInThreadWithCallback(onResult: (ok: boolean, result: unknown) => void, f: () => unknown, name?: string): void {
    this.threadPool.callInThreadWithCallback((ok, result) => {
      if (!ok) logUnhandledError(result);
      this.guarded(() => onResult(ok, result));
    }, f, name ?? f.name);
  }

  /** Runs `f(...args)` in the reactor thread, in a later iteration; from a pool thread, at that thread's own time. */
  callFromThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
    const threadNow = threadTime();
    const delay = threadNow === null ? 0 : Math.max(0, threadNow - this.now);
    this.scheduleIo(delay, () => this.guarded(() => f(...args)), `callFromThread ${f.name || "anonymous"}`);
  }

  /** Sets the most threads the pool runs at once. */
  suggestThreadPoolSize(size: number): void {
    this.threadPool.max = Math.max(1, Math.floor(size));
  }

  /**
   * A blocking call (time.sleep) in the reactor thread: virtual time jumps
   * ahead while nothing else runs. In a pool thread only that thread's clock moves.
   */
  blockFor(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError(`sleep length must be non-negative, not ${seconds}`);
    if (!sleepInThread(seconds)) this.now += seconds;
  }

  /** A seeded random number in [0, 1). */
  random(): number {
    return this.host.random();
  }

  /** The files of this reactor's host. */
  fileSystem(): IFileSystem {
    return this.host.fs;
  }

  /** Engine use: queues an I/O event `delay` seconds from now. */
  scheduleIo(delay: number, run: () => void, label = "io"): void {
    const cause = tracing.sink ? lastSeq() : null;
    this.io.push({ time: this.now + delay, seq: this.ioSeq++, run, label, cause });
  }

  /**
   * Runs the next single event due now, in exactly the order iterate() would
   * (timed calls first, then I/O; work created in an iteration waits for the
   * next). Returns null when nothing is due at the current time.
   */
  step(): StepRecord | null {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.round) this.round = { timerLimit: this.timers.sequence, ioLimit: this.ioSeq };
      const ran = this.runOne(this.round);
      if (ran) return ran;
      this.round = null;
    }
    reportUnhandledErrors();
    return null;
  }

  /** Runs the next event, moving the clock to it if nothing is due now. Null when nothing is scheduled. */
  stepNext(): StepRecord | null {
    const ran = this.step();
    if (ran) return ran;
    const next = this.nextEventTime();
    if (next === null) return null;
    this.now = Math.max(this.now, next);
    return this.step();
  }

  /**
   * One turn of the loop, as Twisted's mainLoop: first the timed calls that are
   * due, then the I/O that is ready. Work that this turn creates waits for the next.
   */
  iterate(): IterationResult {
    let ran = 0;
    if (!this.round) this.round = { timerLimit: this.timers.sequence, ioLimit: this.ioSeq };
    while (this.runOne(this.round)) ran++;
    this.round = null;
    return { ran };
  }

  /**
   * Runs every iteration due at the current virtual time, then reports
   * Deferreds left holding unhandled Failures.
   * @returns false if work kept coming at this instant (a callLater(0) loop).
   */
  runUntilIdle(): boolean {
    for (let i = 0; i < MAX_ITERATIONS_PER_INSTANT; i++) {
      if (this.iterate().ran === 0) {
        reportUnhandledErrors();
        return true;
      }
    }
    return false;
  }

  /** The virtual time of the next scheduled work, or null if there is none. */
  nextEventTime(): number | null {
    const timer = this.started && !this.running ? null : this.timers.nextTime();
    const io = this.io.peek()?.time ?? null;
    if (timer === null) return io;
    if (io === null) return timer;
    return Math.min(timer, io);
  }

  /** Moves virtual time forward by `seconds`, running everything that falls due on the way, each at its own time. */
  advance(seconds: number): void {
    this.advanceTo(this.now + seconds);
  }

  /** Runs events in time order until `time` (or until `until()` is true), then sets the clock to `time`. */
  advanceTo(time: number, until?: () => boolean): void {
    this.runUntilIdle();
    for (;;) {
      if (until?.()) return;
      const next = this.nextEventTime();
      if (next === null || next > time) break;
      this.now = Math.max(this.now, next);
      this.runUntilIdle();
    }
    if (!until?.()) this.now = Math.max(this.now, time);
  }

  /** Engine use: runs learner code, turning an exception into an "Unhandled Error" log line. */
  guarded(f: () => unknown): void {
    try {
      f();
    } catch (thrown) {
      if (thrown instanceof EngineAbort) throw thrown;
      logUnhandledError(thrown);
    }
  }

  /** Stops everything at once: no timed call or I/O event runs again (the program was stopped from outside). */
  halt(): void {
    this.timers.clear();
    this.io.clear();
    this.round = null;
    this.running = false;
  }

  /** Called before each event the loop runs (the block guard and the debugger listen). */
  onEventStart: ((record: StepRecord) => void) | null = null;

  private runOne(round: { readonly timerLimit: number; readonly ioLimit: number }): StepRecord | null {
    // Once the main loop has terminated, the program's timers never fire
    // (as after reactor.run() returns); only the network settles.
    const call = this.started && !this.running ? null : this.timers.takeDue(this.now, round.timerLimit);
    if (call) {
      const record: StepRecord = { kind: "timer", time: this.now, label: call.func.name || "anonymous", call: call._traceId || null, cause: null };
      this.onEventStart?.(record);
      this.guarded(() => call.func(...call.args));
      return record;
    }
    const event = this.io.peek();
    if (event && event.time <= this.now && event.seq < round.ioLimit) {
      this.io.pop();
      const record: StepRecord = { kind: "io", time: this.now, label: event.label, call: null, cause: event.cause };
      this.onEventStart?.(record);
      this.guarded(event.run);
      return record;
    }
    return null;
  }

  private fireSystemEvent(event: SystemEvent): void {
    for (const phase of ["before", "during", "after"] as const) {
      if (event === "shutdown" && phase === "during") this.machine?.shutDown();
      const due = this.triggers.filter((t) => t.event === event && t.phase === phase);
      for (const trigger of due) this.guarded(() => trigger.f(...trigger.args));
    }
  }
}
