/**
 * The simulated reactor: Twisted's event loop over a virtual clock and an
 * in-memory network. Nothing here reads wall-clock time; a driver decides how
 * fast virtual time moves (as fast as possible for checks, real time in the
 * terminal), so the same program and inputs always give the same run.
 */
import * as log from "../python/log";
import { reportUnhandledErrors } from "./defer";
import type { DelayedCall } from "./delayed-call";
import { ReactorNotRunning } from "./error";
import { EventQueue, type Scheduled } from "./event-queue";
import type { ClientFactory, Factory } from "./protocol";
import { SimulatedNetwork, type SimulatedConnector, type SimulatedPort } from "./tcp-simulated";
import { Timers } from "./timers";
import { logUnhandledError } from "./unhandled";

interface IoEvent extends Scheduled {
  readonly run: () => void;
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

/** Iterations at one virtual instant before the loop is declared busy (e.g. callLater(0) forever). */
const MAX_ITERATIONS_PER_INSTANT = 100_000;

export class SimulatedReactor {
  /** True between run() and the end of shutdown. */
  running = false;
  /** The in-memory network this reactor's TCP ports and connections live on. */
  readonly network: SimulatedNetwork;
  private now = 0;
  private readonly timers = new Timers(() => this.now);
  private readonly io = new EventQueue<IoEvent>();
  private ioSeq = 0;
  private started = false;
  private stopping = false;
  private readonly triggers: Trigger[] = [];

  constructor() {
    this.network = new SimulatedNetwork(this);
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
  addSystemEventTrigger<A extends unknown[]>(
    phase: Phase,
    event: SystemEvent,
    f: (...args: A) => unknown,
    ...args: A
  ): void {
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
    this.scheduleIo(0, () => this.fireSystemEvent("startup"));
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
    });
  }

  /** Listens for TCP connections on `port`, building protocols with `factory`. */
  listenTCP(port: number, factory: Factory, backlog = 50, iface = ""): SimulatedPort {
    void backlog;
    return this.network.listen(port, factory, iface);
  }

  /** Connects to `host:port`; the factory hears whether it worked. */
  connectTCP(host: string, port: number, factory: ClientFactory, timeout = 30): SimulatedConnector {
    return this.network.connect(host, port, factory, timeout);
  }

  /** True once run() was called (even if the reactor has since stopped). */
  get hasStarted(): boolean {
    return this.started;
  }

  /** Engine use: queues an I/O event `delay` seconds from now. */
  scheduleIo(delay: number, run: () => void): void {
    this.io.push({ time: this.now + delay, seq: this.ioSeq++, run });
  }

  /**
   * One turn of the loop, as Twisted's mainLoop: first the timed calls that are
   * due, then the I/O that is ready. Work that this turn creates waits for the next.
   */
  iterate(): IterationResult {
    let ran = 0;
    const timerLimit = this.timers.sequence;
    for (let call = this.timers.takeDue(this.now, timerLimit); call; call = this.timers.takeDue(this.now, timerLimit)) {
      const due = call;
      this.guarded(() => due.func(...due.args));
      ran++;
    }
    const ioLimit = this.ioSeq;
    for (let event = this.io.peek(); event && event.time <= this.now && event.seq < ioLimit; event = this.io.peek()) {
      this.io.pop();
      this.guarded(event.run);
      ran++;
    }
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
    const timer = this.timers.nextTime();
    const io = this.io.peek()?.time ?? null;
    if (timer === null) return io;
    if (io === null) return timer;
    return Math.min(timer, io);
  }

  /**
   * Moves virtual time forward by `seconds`, running everything that falls due
   * on the way, each at its own time.
   */
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
      logUnhandledError(thrown);
    }
  }

  private fireSystemEvent(event: SystemEvent): void {
    for (const phase of ["before", "during", "after"] as const) {
      if (event === "shutdown" && phase === "during") this.network.shutDown();
      const due = this.triggers.filter((t) => t.event === event && t.phase === phase);
      for (const trigger of due) this.guarded(() => trigger.f(...trigger.args));
    }
  }
}

