/**
 * twisted.internet.task: scheduling helpers. Clock and deferLater live here;
 * LoopingCall and the Cooperator have their own files and are re-exported.
 */
import { Deferred } from "./defer-core";
import type { DelayedCall } from "./delayed-call";
import { ClockTimers } from "./clock-timers";

export { LoopingCall, type IReactorTimeLike } from "./looping-call";
export {
  Cooperator,
  CooperativeTask,
  coiterate,
  cooperate,
  SchedulerError,
  SchedulerStopped,
  TaskFinished,
  TaskDone,
  TaskStopped,
  TaskFailed,
  NotPaused,
} from "./cooperator";

/**
 * A clock that only moves when told to: callLater schedules, advance() runs
 * whatever becomes due, in time order and first-in first-out for equal times.
 */
export class Clock {
  /** The current virtual time in seconds. */
  rightNow = 0;
  private readonly timers = new ClockTimers(() => this.rightNow);

  /** The current virtual time in seconds. */
  seconds(): number {
    return this.rightNow;
  }

  /**
   * Schedules `f(...args)` to run `delay` seconds from now.
   * A negative delay is accepted, as Twisted's Clock accepts it: the call is due at once.
   * @returns the IDelayedCall (getTime, cancel, delay, reset, active).
   * @throws TypeError if f is not a function; RangeError if delay is not a number.
   */
  callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): DelayedCall {
    return this.timers.schedule(delay, f, args, true);
  }

  /**
   * Moves time forward by `amount` seconds and runs every call that becomes due,
   * including calls those calls schedule for no later than the new time.
   * An exception from a call propagates out of advance, as in Twisted.
   */
  advance(amount: number): void {
    this.rightNow += amount;
    const timers = this.timers;
    for (let call = timers.takeDue(this.rightNow); call !== null; call = timers.takeDue(this.rightNow)) {
      const args = call.args;
      if (args.length === 0) call.func();
      else call.func(...args);
    }
  }

  /** Advances by each amount in turn. */
  pump(timings: Iterable<number>): void {
    for (const amount of timings) this.advance(amount);
  }

  /** The calls still waiting, in the order they will run. */
  getDelayedCalls(): DelayedCall[] {
    return this.timers.pending();
  }

  /** Twisted's Clock.calls: the waiting calls in order. */
  get calls(): DelayedCall[] {
    return this.getDelayedCalls();
  }
}

/**
 * Calls `callable(...args)` after `delay` seconds on `clock` and gives a
 * Deferred of its result (undefined when no callable is given). Cancelling
 * the Deferred before then cancels the call.
 */
export function deferLater<R, A extends unknown[]>(
  clock: { callLater(delay: number, f: (value: undefined) => void, value: undefined): { cancel(): void } },
  delay: number,
  callable?: ((...args: A) => R | Deferred<R>) | null,
  ...args: A
): Deferred<R> {
  const d = new Deferred<R>(function deferLaterCancel() {
    delayedCall.cancel();
  });
  d.addCallback(function cb(): R | Deferred<R> | undefined {
    return callable ? callable(...args) : undefined;
  });
  const delayedCall = clock.callLater(delay, function fire(value: undefined) {
    d.callback(value);
  }, undefined);
  return d;
}
