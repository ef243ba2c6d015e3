/**
 * The simulated reactor: Twisted's event loop over a virtual clock and an
 * in-memory network. Nothing here reads wall-clock time; a driver decides how
 * fast virtual time moves (as fast as possible for checks, real time in the
 * terminal, one event at a time in a debugger), so the same program and the
 * same inputs always give the same run, event for event.
 */
import { ReactorBase } from "./base";
import { reportUnhandledErrors } from "./defer";
import type { Factory } from "./protocol";
import { TLSMemoryBIOFactory } from "../protocols/tls";
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
import { lastSeq, tracing } from "../../trace/tracer";
import { EngineAbort } from "./unhandled";

/**
 * Thrown when the loop keeps turning at one virtual instant: something
 * reschedules work for "now" forever (callLater(0) calling itself, a
 * LoopingCall at interval 0), so the clock can never move. It stops the
 * simulation, as a blocked reactor does.
 */
export class ReactorBusyError extends EngineAbort {
  constructor(readonly time: number) {
    super(`The reactor never became idle at virtual time ${time}`);
    this.name = "ReactorBusyError";
  }
}

interface IoEvent extends Scheduled {
  readonly run: () => void;
  readonly label: string;
  /** When tracing: the seq of the event during which this I/O was scheduled. */
  readonly cause: number | null;
}

/**
 * One turn of the loop in progress: only work queued before it began may run
 * in it. Its phases follow Twisted's mainLoop: calls from threads
 * (callFromThread), delayed calls, then (if stop() was called) the shutdown
 * event, then I/O.
 */
interface Round {
  readonly threadLimit: number;
  readonly timerLimit: number;
  readonly ioLimit: number;
  phase: "threads" | "timers" | "io";
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

/** Turns of the loop at one virtual instant before the loop is declared busy (e.g. callLater(0) forever). */
const MAX_ITERATIONS_PER_INSTANT = 100_000;

export class SimulatedReactor<H extends IReactorHost = IReactorHost> extends ReactorBase implements IReactor {
  private now = 0;
  private readonly io = new EventQueue<IoEvent>();
  private ioSeq = 0;
  /** Twisted's threadCallQueue: callFromThread's calls, run first in a turn (a pool thread's at its own time). */
  private readonly threadCalls = new EventQueue<IoEvent>();
  private threadSeq = 0;
  private round: Round | null = null;
  /** Set when the main loop has just ended: "Main loop terminated." follows the event that ended it. */
  private loopEnded = false;
  /** The virtual instant the loop last turned at, and how many turns that ran work it has had since input last came. */
  private instant = 0;
  private turnsAtInstant = 0;

  private readonly machine: H | null;

  constructor(options: SimulatedReactorOptions<H> = {}) {
    super();
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

  /**
   * Starts the reactor: "startup" fires at once (callWhenRunning functions run
   * now), and the driver then runs the loop, so the page never blocks. The
   * program's own code after reactor.run() waits for the loop to end (see
   * runtime/program.ts).
   * @throws ReactorAlreadyRunning, or ReactorNotRestartable after a stop.
   */
  run(): void {
    this.startRunning();
  }

  /** Listens for TCP connections on `port` of this reactor's host. @throws CannotListenError */
  listenTCP(port: number, factory: IProtocolFactory, backlog = 50, iface = ""): ReturnType<H["listenTCP"]> {
    return this.host.listenTCP(port, factory, backlog, iface) as ReturnType<H["listenTCP"]>;
  }

  /** Connects from this reactor's host to `host:port`; the factory hears whether it worked. */
  connectTCP(host: string, port: number, factory: IClientFactory, timeout = 30): ReturnType<H["connectTCP"]> {
    return this.host.connectTCP(host, port, factory, timeout) as ReturnType<H["connectTCP"]>;
  }

  /**
   * Listens for TLS connections on `port`: listenTCP with the factory wrapped
   * in TLSMemoryBIOFactory, as Twisted does ("Site (TLS) starting on 443").
   * @throws CannotListenError; TypeError if `contextFactory` has no getContext().
   */
  listenSSL(port: number, factory: IProtocolFactory, contextFactory: unknown, backlog = 50, iface = ""): ReturnType<H["listenTCP"]> {
    const listening = this.listenTCP(port, new TLSMemoryBIOFactory(contextFactory, false, factory as Factory), backlog, iface);
    (listening as { _type?: string })._type = "TLS";
    return listening;
  }

  /** Connects over TLS: connectTCP with the factory wrapped in a client TLSMemoryBIOFactory. */
  connectSSL(host: string, port: number, factory: IClientFactory, contextFactory: unknown, timeout = 30): ReturnType<H["connectTCP"]> {
    return this.connectTCP(host, port, new TLSMemoryBIOFactory(contextFactory, true, factory as unknown as Factory), timeout);
  }

  /** Listens for UDP datagrams on `port`. @throws CannotListenError */
  listenUDP(port: number, protocol: IDatagramProtocol, iface = "", maxPacketSize = 8192): ReturnType<H["listenUDP"]> {
    return this.host.listenUDP(port, protocol, iface, maxPacketSize) as ReturnType<H["listenUDP"]>;
  }

  /** Listens for UDP datagrams on `port` with a socket that can join multicast groups. @throws CannotListenError */
  listenMulticast(
    port: number,
    protocol: IDatagramProtocol,
    iface = "",
    maxPacketSize = 8192,
    listenMultiple = false,
  ): ReturnType<H["listenMulticast"]> {
    return this.host.listenMulticast(port, protocol, iface, maxPacketSize, listenMultiple) as ReturnType<H["listenMulticast"]>;
  }

  /** Listens on a Unix domain socket: a file at `address` on this reactor's host. @throws CannotListenError */
  listenUNIX(address: string, factory: IProtocolFactory, backlog = 50, mode = 0o666, wantPID: boolean | number = 0): ReturnType<H["listenUNIX"]> {
    return this.host.listenUNIX(address, factory, backlog, mode, wantPID) as ReturnType<H["listenUNIX"]>;
  }

  /** Connects to the Unix domain socket at `address` on this reactor's host. */
  connectUNIX(address: string, factory: IClientFactory, timeout = 30, checkPID: boolean | number = 0): ReturnType<H["connectUNIX"]> {
    return this.host.connectUNIX(address, factory, timeout, checkPID) as ReturnType<H["connectUNIX"]>;
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

  /** A blocking call (time.sleep) in the reactor thread: virtual time jumps ahead while nothing else runs. */
  protected blockReactorThread(seconds: number): void {
    this.now += seconds;
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
   * (timed calls first, then shutdown if stop() was called, then I/O; work
   * created in an iteration waits for the next). Returns null when nothing is
   * due at the current time.
   */
  step(): StepRecord | null {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.round) this.round = this.newRound();
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
    if (!this.round) this.round = this.newRound();
    while (this.runOne(this.round)) ran++;
    this.round = null;
    if (ran > 0) this.countTurn();
    return { ran };
  }

  /**
   * Runs every iteration due at the current virtual time, then reports
   * Deferreds left holding unhandled Failures.
   * @returns true once nothing more is due now.
   * @throws ReactorBusyError if work kept coming at this instant (a callLater(0) loop).
   */
  runUntilIdle(): boolean {
    while (this.iterate().ran > 0);
    reportUnhandledErrors();
    return true;
  }

  /**
   * Input came from outside the simulation (a client connected, a line was
   * typed): work it brings at this instant is new, so the count of turns at
   * one instant starts again.
   */
  inputArrived(): void {
    this.turnsAtInstant = 0;
  }

  /** How many turns of the loop have run work at the current virtual instant. */
  get turnsAtThisInstant(): number {
    return this.now === this.instant ? this.turnsAtInstant : 0;
  }

  /** @throws ReactorBusyError after too many turns that ran work at one virtual instant. */
  private countTurn(): void {
    if (this.now !== this.instant) {
      this.instant = this.now;
      this.turnsAtInstant = 0;
    }
    if (++this.turnsAtInstant > MAX_ITERATIONS_PER_INSTANT) {
      this.turnsAtInstant = 0;
      throw new ReactorBusyError(this.now);
    }
  }

  /** The virtual time of the next scheduled work, or null if there is none. */
  nextEventTime(): number | null {
    if (this.justStopped) return this.now;
    const timer = this.loopIsOver() ? null : this.timers.nextTime();
    let next = timer;
    const io = this.io.peek();
    if (io !== undefined && (next === null || io.time < next)) next = io.time;
    const thread = this.threadCalls.peek();
    if (thread !== undefined && (next === null || thread.time < next)) next = thread.time;
    return next;
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

  /** Stops everything at once: no timed call or I/O event runs again (the program was stopped from outside). */
  halt(): void {
    this.timers.clear();
    this.io.clear();
    this.threadCalls.clear();
    this.round = null;
    this.running = false;
    this.started = false;
    this.startedBefore = true;
    this.justStopped = false;
  }

  /** Called before each event the loop runs (the block guard and the debugger listen). */
  onEventStart: ((record: StepRecord) => void) | null = null;

  protected runSoon(delay: number, f: () => void, label: string): void {
    const cause = tracing.sink ? lastSeq() : null;
    this.threadCalls.push({ time: this.now + delay, seq: this.threadSeq++, run: f, label, cause });
  }

  protected disconnectAll(): void {
    this.machine?.shutDown();
  }

  protected wakeForShutdown(): void {
    // nextEventTime() reports the pending shutdown, so a driver turns the loop now.
  }

  protected mainLoopEnding(): void {
    this.loopEnded = true;
  }

  /** Once the main loop has terminated, the program's timers never fire (as after reactor.run() returns); only the network settles. */
  private loopIsOver(): boolean {
    return this.startedBefore && !this.started;
  }

  private newRound(): Round {
    return { threadLimit: this.threadSeq, timerLimit: this.timers.sequence, ioLimit: this.ioSeq, phase: "threads" };
  }

  private runOne(round: Round): StepRecord | null {
    if (round.phase === "threads") {
      const call = this.threadCalls.peek();
      if (call && call.time <= this.now && call.seq < round.threadLimit) {
        this.threadCalls.pop();
        return this.runEvent({ kind: "io", time: this.now, label: call.label, call: null, cause: call.cause }, call.run);
      }
      round.phase = "timers";
    }
    if (round.phase === "timers") {
      const call = this.loopIsOver() ? null : this.timers.takeDue(this.now, round.timerLimit);
      if (call) {
        const record: StepRecord = { kind: "timer", time: this.now, label: call.func.name || "anonymous", call: call._traceId || null, cause: null };
        return this.runEvent(record, () => call.func(...call.args));
      }
      round.phase = "io";
      // As runUntilCurrent ends: a stop() asked for before now fires "shutdown" here, before the turn's I/O.
      if (this.justStopped) {
        const record: StepRecord = { kind: "io", time: this.now, label: "shutdown", call: null, cause: null };
        return this.runEvent(record, () => this.fireShutdownIfStopped());
      }
    }
    const event = this.io.peek();
    if (event && event.time <= this.now && event.seq < round.ioLimit) {
      this.io.pop();
      const record: StepRecord = { kind: "io", time: this.now, label: event.label, call: null, cause: event.cause };
      return this.runEvent(record, event.run);
    }
    return null;
  }

  private runEvent(record: StepRecord, run: () => unknown): StepRecord {
    this.onEventStart?.(record);
    this.guarded(run);
    if (this.loopEnded) {
      this.loopEnded = false;
      this.loopTerminated();
    }
    return record;
  }
}
