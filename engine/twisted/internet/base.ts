/**
 * twisted.internet.base: what every reactor shares, whatever it does its I/O
 * on. The simulated reactor (virtual clock, in-memory network) and the
 * NodeReactor (real sockets) both build on ReactorBase, so system events,
 * the start/stop lifecycle, delayed calls and the thread pool behave the same
 * on both, in Twisted's order.
 */
import * as log from "../python/log";
import { Deferred } from "./defer-core";
import { DeferredList } from "./defer-list";
import type { DelayedCall } from "./delayed-call";
import { ReactorAlreadyRunning, ReactorNotRestartable, ReactorNotRunning } from "./error";
import type { SystemEventPhase, SystemEventType } from "./interfaces";
import { SimulatedThreadPool, sleepInThread, threadTime } from "./thread-pool";
import { Timers } from "./timers";
import { EngineAbort, logUnhandledError } from "./unhandled";

type TriggerCallable = (...args: any[]) => unknown;

interface Trigger {
  readonly f: TriggerCallable;
  readonly args: readonly unknown[];
}

/** What addSystemEventTrigger returns: pass it to removeSystemEventTrigger. */
export interface SystemEventTriggerID {
  readonly eventType: SystemEventType;
  readonly phase: SystemEventPhase;
  readonly trigger: Trigger;
}

const PHASES: readonly SystemEventPhase[] = ["before", "during", "after"];

/**
 * The triggers of one system event ("startup" or "shutdown"), fired as
 * Twisted's _ThreePhaseEvent fires them: every "before" trigger, then, once
 * all the Deferreds they returned have fired, every "during" and "after"
 * trigger. A trigger runs once: firing consumes it.
 */
export class ThreePhaseEvent {
  readonly before: Trigger[] = [];
  readonly during: Trigger[] = [];
  readonly after: Trigger[] = [];
  /** "BEFORE" while before-triggers run or are awaited, "BASE" otherwise. */
  state: "BASE" | "BEFORE" = "BASE";
  private finishedBefore: Trigger[] = [];

  /** @throws KeyError-like Error for a phase other than before, during or after. */
  addTrigger(phase: SystemEventPhase, f: TriggerCallable, args: readonly unknown[]): Trigger {
    if (!PHASES.includes(phase)) throw new Error(`KeyError: 'invalid phase' (${String(phase)})`);
    const trigger: Trigger = { f, args };
    this[phase].push(trigger);
    return trigger;
  }

  /**
   * Removes a trigger that has not run. Removing a before-trigger that already
   * ran while the event is firing is ignored, as Twisted only warns about it.
   * @throws ValueError-like Error if the trigger is not there.
   */
  removeTrigger(phase: SystemEventPhase, trigger: Trigger): void {
    if (this.state === "BEFORE" && phase === "before" && this.finishedBefore.includes(trigger)) return;
    const list = this[phase];
    const index = list.indexOf(trigger);
    if (index < 0) throw new Error("ValueError: list.remove(x): x not in list");
    list.splice(index, 1);
  }

  /** Fires the event; `guarded` runs each trigger, logging what it raises. */
  fireEvent(guarded: (f: () => unknown) => unknown): void {
    this.state = "BEFORE";
    this.finishedBefore = [];
    const beforeResults: Deferred<unknown>[] = [];
    // Triggers added while this phase runs run in it too (the list is read as it grows).
    while (this.before.length > 0) {
      const trigger = this.before.shift()!;
      this.finishedBefore.push(trigger);
      const result = guarded(() => trigger.f(...trigger.args));
      if (result instanceof Deferred) beforeResults.push(result);
    }
    // An empty DeferredList fires at once: skip making one, so the debugger shows no Deferred that nobody wrote.
    if (beforeResults.length === 0) this.continueFiring(guarded);
    else new DeferredList(beforeResults).addCallback(() => this.continueFiring(guarded));
  }

  private continueFiring(guarded: (f: () => unknown) => unknown): void {
    this.state = "BASE";
    this.finishedBefore = [];
    for (const phase of [this.during, this.after]) {
      while (phase.length > 0) {
        const trigger = phase.shift()!;
        guarded(() => trigger.f(...trigger.args));
      }
    }
  }
}

/**
 * The core every reactor shares: system event triggers, run/stop/crash with
 * Twisted's errors, callWhenRunning, delayed calls and the thread pool.
 * A subclass supplies time and I/O: `seconds()`, how to run something soon
 * outside the timers (`runSoon`), how to drop its ports and connections at
 * shutdown (`disconnectAll`), and what to do when the main loop ends.
 */
export abstract class ReactorBase {
  /** True from the "during startup" phase until the reactor crashes or stops. */
  running = false;
  /** The pool that deferToThread and callInThread use. */
  readonly threadPool: SimulatedThreadPool;
  /** Pools made with newThreadPool (adbapi's), for the reactor view. */
  readonly otherThreadPools: SimulatedThreadPool[] = [];
  protected readonly timers: Timers;
  /** True between run() and the end of shutdown (Twisted's _started). */
  protected started = false;
  /** True once stop() was called or before run() (Twisted's _stopped). */
  protected stopped = true;
  /** True once the reactor ran and stopped: it cannot run again (Twisted's _startedBefore). */
  protected startedBefore = false;
  /** True from stop() until the shutdown event fires (Twisted's _justStopped). */
  protected justStopped = false;
  private readonly eventTriggers = new Map<SystemEventType, ThreePhaseEvent>();
  private readonly stoppedListeners: (() => void)[] = [];

  constructor() {
    this.timers = new Timers(() => this.seconds());
    this.threadPool = new SimulatedThreadPool(
      { seconds: () => this.seconds(), later: (delay, f) => this.runSoon(delay, f, "thread job done") },
      (f) => this.runSoon(0, f, "thread starts a job"),
    );
    this.addSystemEventTrigger("during", "startup", () => this.reallyStartRunning());
    this.addShutdownTriggers();
  }

  /** The reactor's own "during shutdown" work: end the main loop, close every port and connection. */
  private addShutdownTriggers(): void {
    this.addSystemEventTrigger("during", "shutdown", () => this.crash());
    this.addSystemEventTrigger("during", "shutdown", () => this.disconnectAll());
  }

  /** The current time in seconds. */
  abstract seconds(): number;

  /** Engine use: runs `f` once, `delay` seconds from now, as I/O rather than a learner-visible delayed call. */
  protected abstract runSoon(delay: number, f: () => void, label: string): void;

  /** Shutdown, "during" phase: close every port and drop every connection. */
  protected abstract disconnectAll(): void;

  /** The main loop ended (after crash): subclasses stop waiting for I/O, then call loopTerminated(). */
  protected abstract mainLoopEnding(): void;

  /** True once run() was called (even if the reactor has since stopped). */
  get hasStarted(): boolean {
    return this.started || this.startedBefore;
  }

  /** Schedules `f(...args)` to run `delay` seconds from now. @throws RangeError for a negative delay. */
  callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): DelayedCall {
    return this.timers.schedule(delay, f, args);
  }

  /** The delayed calls still waiting, in the order they will run. */
  getDelayedCalls(): DelayedCall[] {
    return this.timers.pending();
  }

  /**
   * Runs `f(...args)` at a phase ("before", "during", "after") of "startup"
   * or "shutdown". A Deferred returned by a "before" trigger holds the later
   * phases back until it fires (services stop this way).
   * @returns an id for removeSystemEventTrigger.
   */
  addSystemEventTrigger<A extends unknown[]>(
    phase: SystemEventPhase,
    eventType: SystemEventType,
    f: (...args: A) => unknown,
    ...args: A
  ): SystemEventTriggerID {
    if (typeof f !== "function") throw new TypeError(`${String(f)} is not callable`);
    let event = this.eventTriggers.get(eventType);
    if (!event) this.eventTriggers.set(eventType, (event = new ThreePhaseEvent()));
    return { eventType, phase, trigger: event.addTrigger(phase, f, args) };
  }

  /** Removes a trigger that addSystemEventTrigger added. @throws Error if it is not there. */
  removeSystemEventTrigger(id: SystemEventTriggerID): void {
    const event = this.eventTriggers.get(id.eventType);
    if (!event) throw new Error("ValueError: invalid trigger handle");
    event.removeTrigger(id.phase, id.trigger);
  }

  /** Fires every trigger of `eventType`, phase by phase. */
  fireSystemEvent(eventType: SystemEventType): void {
    this.eventTriggers.get(eventType)?.fireEvent((f) => this.guarded(f));
  }

  /**
   * Runs `f(...args)` once the reactor is running: at once if it is, otherwise
   * as an "after startup" trigger (so after every "during startup" trigger).
   */
  callWhenRunning<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): SystemEventTriggerID | null {
    if (this.running) {
      f(...args);
      return null;
    }
    return this.addSystemEventTrigger("after", "startup", f, ...args);
  }

  /**
   * Starts the reactor: fires "startup" (so callWhenRunning functions run
   * here, before any delayed call), then the subclass runs the loop.
   * @throws ReactorAlreadyRunning if it is running; ReactorNotRestartable if it ran and stopped.
   */
  startRunning(): void {
    if (this.started) throw new ReactorAlreadyRunning();
    if (this.startedBefore) throw new ReactorNotRestartable();
    this.started = true;
    this.stopped = false;
    this.fireSystemEvent("startup");
  }

  /**
   * Asks the reactor to stop: after the current turn of the loop, "shutdown"
   * fires; the loop ends once its "before" triggers' Deferreds have fired.
   * @throws ReactorNotRunning if it is not running or already stopping.
   */
  stop(): void {
    if (this.stopped) throw new ReactorNotRunning("Can't stop reactor that isn't running.");
    this.stopped = true;
    this.justStopped = true;
    this.startedBefore = true;
    this.wakeForShutdown();
  }

  /**
   * Engine use: lets a stopped reactor run again, as a new process's reactor
   * would. The simulated host runs each twistd process on its one reactor;
   * in Python each process has a reactor of its own that has never run.
   * The last run's shutdown consumed its triggers, the reactor's own among
   * them, so those are added again: without them the next stop() would never
   * end the main loop.
   */
  allowRestart(): void {
    if (this.started || !this.startedBefore) return;
    this.startedBefore = false;
    this.addShutdownTriggers();
  }

  /** Ends the main loop at once, without the shutdown triggers that stop() runs. */
  crash(): void {
    const wasStarted = this.started;
    this.started = false;
    this.running = false;
    this.addSystemEventTrigger("during", "startup", () => this.reallyStartRunning());
    if (wasStarted) this.mainLoopEnding();
  }

  /** Engine use: calls `listener` once the main loop has terminated (what follows reactor.run() waits for it). */
  onStopped(listener: () => void): void {
    this.stoppedListeners.push(listener);
  }

  /** Runs `f(...args)` in a pool thread. */
  callInThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
    this.callInThreadWithCallback(() => undefined, () => f(...args), f.name);
  }

  /** Engine use: runs `f` in a pool thread; `onResult(ok, value)` runs back in the reactor. */
  callInThreadWithCallback(onResult: (ok: boolean, result: unknown) => void, f: () => unknown, name?: string): void {
    this.threadPool.callInThreadWithCallback((ok, result) => {
      if (!ok) logUnhandledError(result);
      this.guarded(() => onResult(ok, result));
      this.afterWork();
    }, f, name ?? f.name);
  }

  /**
   * Engine use: a thread pool of this reactor's own, as Twisted code makes a
   * ThreadPool beside the reactor's (adbapi's ConnectionPool).
   * @param name names its threads PoolThread-NAME-N.
   * @param max the most threads it runs at once.
   */
  newThreadPool(name: string, max: number): SimulatedThreadPool {
    const pool = new SimulatedThreadPool(
      { seconds: () => this.seconds(), later: (delay, f) => this.runSoon(delay, f, "thread job done") },
      (f) => this.runSoon(0, f, "thread starts a job"),
      name,
    );
    pool.max = Math.max(1, Math.floor(max));
    this.otherThreadPools.push(pool);
    return pool;
  }

  /**
   * Engine use: runs `f` in a thread of `pool`; `onResult(ok, value)` runs
   * back in the reactor thread when the thread is done (a failure goes to
   * onResult alone: nothing is logged, as with Twisted's deferToThreadPool).
   */
  callInPoolWithCallback(pool: SimulatedThreadPool, onResult: (ok: boolean, result: unknown) => void, f: () => unknown, name?: string): void {
    pool.callInThreadWithCallback((ok, result) => {
      this.guarded(() => onResult(ok, result));
      this.afterWork();
    }, f, name ?? f.name);
  }

  /** Runs `f(...args)` in the reactor thread, in a later turn; from a pool thread, at that thread's own time. */
  callFromThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
    const threadNow = threadTime();
    const delay = threadNow === null ? 0 : Math.max(0, threadNow - this.seconds());
    this.runSoon(delay, () => {
      this.guarded(() => f(...args));
      this.afterWork();
    }, `callFromThread ${f.name || "anonymous"}`);
  }

  /** Sets the most threads the pool runs at once. */
  suggestThreadPoolSize(size: number): void {
    this.threadPool.max = Math.max(1, Math.floor(size));
  }

  /**
   * Engine use (time.sleep): in a pool thread only that thread's clock moves;
   * in the reactor thread the subclass holds the whole reactor.
   * @throws RangeError for a negative or non-numeric length.
   */
  blockFor(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError(`sleep length must be non-negative, not ${seconds}`);
    if (!sleepInThread(seconds)) this.blockReactorThread(seconds);
  }

  /** Engine use: runs learner code, turning an exception into an "Unhandled Error" log line. */
  guarded(f: () => unknown): unknown {
    try {
      return f();
    } catch (thrown) {
      if (thrown instanceof EngineAbort) throw thrown;
      logUnhandledError(thrown);
      return undefined;
    }
  }

  /** A time.sleep in the reactor thread. */
  protected abstract blockReactorThread(seconds: number): void;

  /** After the stop() call returns, make sure the loop turns so "shutdown" fires (Twisted wakes its waker). */
  protected abstract wakeForShutdown(): void;

  /** Hook: a callback from outside the loop's own events finished (the NodeReactor reports unhandled errors then). */
  protected afterWork(): void {}

  /**
   * Called by the subclass's loop after the delayed calls of a turn, as
   * runUntilCurrent does: if stop() was called, "shutdown" fires now.
   */
  protected fireShutdownIfStopped(): void {
    if (!this.justStopped) return;
    this.justStopped = false;
    this.fireSystemEvent("shutdown");
  }

  /** The subclass's loop has ended: "Main loop terminated.", then what waited for run() to return. */
  protected loopTerminated(): void {
    log.msg("Main loop terminated.");
    for (const listener of this.stoppedListeners.splice(0)) listener();
  }

  private reallyStartRunning(): void {
    this.running = true;
  }
}
