/**
 * task.LoopingCall: call a function every `interval` seconds. Calls are
 * aligned to the start time; when time jumps past several intervals, the
 * missed ones are skipped, not run in a burst, as in Twisted.
 */
import { AssertionError, ValueError } from "../python/builtins";
import { Failure } from "../python/failure";
import { Deferred } from "./defer-core";
import { reactor } from "./reactor";

/** What a LoopingCall needs from its clock (a task.Clock or the reactor). */
export interface IReactorTimeLike {
  seconds(): number;
  callLater(delay: number, f: () => void): { cancel(): void };
}

export class LoopingCall {
  /** The clock the calls are scheduled on; the installed reactor by default. Set it before start(). */
  clock: IReactorTimeLike;
  /** True while the function is scheduled or running; false after stop() or a failure. */
  running = false;
  /** The pending delayed call, if one is scheduled. */
  call: { cancel(): void } | null = null;
  /** Seconds between calls, once started. */
  interval: number | null = null;
  /** The clock time start() was called (reset() moves it). */
  starttime: number | null = null;
  readonly f: (...args: any[]) => unknown;
  readonly a: readonly unknown[];
  _deferred: Deferred<this> | null = null;
  _runAtStart = false;
  _realLastTime: number | null = null;

  /** @param f the function to call, with `args`; if it returns a Deferred, the next call waits for it. */
  constructor(f: (...args: any[]) => unknown, ...args: unknown[]) {
    this.f = f;
    this.a = args;
    this.clock = reactor as IReactorTimeLike;
  }

  /**
   * A LoopingCall that passes `countCallable` how many intervals have passed
   * since it last ran (more than 1 when calls were skipped).
   */
  static withCount(countCallable: (count: number) => unknown): LoopingCall {
    const self: LoopingCall = new LoopingCall(function counter() {
      const now = self.clock.seconds();
      if (self.interval === 0) {
        self._realLastTime = now;
        return countCallable(1);
      }
      let lastTime = self._realLastTime;
      if (lastTime === null) {
        lastTime = self.starttime!;
        if (self._runAtStart) lastTime -= self.interval!;
      }
      const count = self.intervalOf(now) - self.intervalOf(lastTime);
      if (count > 0) {
        self._realLastTime = now;
        return countCallable(count);
      }
      return undefined;
    });
    return self;
  }

  /**
   * Starts calling the function every `interval` seconds.
   * @param now call it right away (default) or only after the first interval.
   * @returns a Deferred that fires with this LoopingCall when stop() is called,
   *   or fails when the function throws or its Deferred fails.
   * @throws AssertionError if already running; ValueError if interval < 0.
   */
  start(interval: number, now = true): Deferred<this> {
    if (this.running) throw new AssertionError("Tried to start an already running LoopingCall.");
    if (interval < 0) throw new ValueError("interval must be >= 0");
    this.running = true;
    // The loop may fail at once and clear _deferred, so hold on to it here.
    const deferred = (this._deferred = new Deferred<this>());
    this.starttime = this.clock.seconds();
    this.interval = interval;
    this._runAtStart = now;
    if (now) this.tick();
    else this.scheduleFrom(this.starttime);
    return deferred;
  }

  /**
   * Stops calling the function; the Deferred from start() fires with this LoopingCall.
   * @throws AssertionError if not running.
   */
  stop(): void {
    if (!this.running) throw new AssertionError("Tried to stop a LoopingCall that was not running.");
    this.running = false;
    if (this.call !== null) {
      this.call.cancel();
      this.call = null;
      const d = this._deferred!;
      this._deferred = null;
      d.callback(this);
    }
  }

  /**
   * Skips the next call and restarts the interval from now.
   * @throws AssertionError if not running.
   */
  reset(): void {
    if (!this.running) throw new AssertionError("Tried to reset a LoopingCall that was not running.");
    if (this.call !== null) {
      this.call.cancel();
      this.call = null;
      this.starttime = this.clock.seconds();
      this.scheduleFrom(this.starttime);
    }
  }

  toString(): string {
    return `LoopingCall<${this.interval}>(${this.f.name || "anonymous"})`;
  }

  /** One call of the function (Twisted's __call__). A bound property: the clock calls it directly. */
  private readonly tick = (): void => {
    this.call = null;
    let result: unknown;
    try {
      result = this.f(...this.a);
    } catch (thrown) {
      this.failed(thrown instanceof Failure ? thrown : new Failure(thrown));
      return;
    }
    if (result instanceof Deferred) {
      result.addCallback(this.succeeded).addErrback(this.failed);
    } else if (result instanceof Failure) {
      this.failed(result);
    } else {
      // What maybeDeferred(f).addCallback(cb).addErrback(eb) does for a plain result, without the Deferred.
      try {
        this.succeeded();
      } catch (thrown) {
        this.failed(thrown instanceof Failure ? thrown : new Failure(thrown));
      }
    }
  };

  private readonly succeeded = (): void => {
    if (this.running) {
      this.scheduleFrom(this.clock.seconds());
    } else {
      const d = this._deferred!;
      this._deferred = null;
      d.callback(this);
    }
  };

  private readonly failed = (failure: Failure): void => {
    this.running = false;
    const d = this._deferred!;
    this._deferred = null;
    d.errback(failure);
  };

  /** Schedules the next call at the next interval boundary after `when`. */
  private scheduleFrom(when: number): void {
    this.call = this.clock.callLater(this.howLong(when), this.tick);
  }

  private howLong(when: number): number {
    const interval = this.interval!;
    if (interval === 0) return 0;
    const runningFor = when - this.starttime!;
    const untilNextInterval = interval - (runningFor % interval);
    // When the gap is too small to change `when`, time has reached the boundary: wait a whole interval.
    if (when === when + untilNextInterval) return interval;
    return untilNextInterval;
  }

  private intervalOf(t: number): number {
    return Math.trunc((t - this.starttime!) / this.interval!);
  }
}
