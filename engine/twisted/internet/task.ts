/** twisted.internet.task: a deterministic Clock for tests and lessons. */
import type { DelayedCall } from "./delayed-call";
import { Timers } from "./timers";

/**
 * A clock that only moves when told to: callLater schedules, advance() runs
 * whatever becomes due, in time order and first-in first-out for equal times.
 */
export class Clock {
  /** The current virtual time in seconds. */
  rightNow = 0;
  private readonly timers = new Timers(() => this.rightNow);

  /** The current virtual time in seconds. */
  seconds(): number {
    return this.rightNow;
  }

  /** Schedules `f(...args)` to run `delay` seconds from now. */
  callLater<A extends unknown[]>(delay: number, f: (...args: A) => unknown, ...args: A): DelayedCall {
    return this.timers.schedule(delay, f, args);
  }

  /**
   * Moves time forward by `amount` seconds and runs every call that becomes due,
   * including calls those calls schedule for no later than the new time.
   * An exception from a call propagates, as in Twisted.
   */
  advance(amount: number): void {
    this.rightNow += amount;
    for (let call = this.timers.takeDue(this.rightNow); call; call = this.timers.takeDue(this.rightNow)) {
      call.func(...call.args);
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
}
