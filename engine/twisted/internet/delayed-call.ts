/** IDelayedCall: a call scheduled with callLater, which can be cancelled, reset or delayed. */
import { describeFunction, traceLabel } from "../../trace/describe";
import { AlreadyCalled, AlreadyCancelled } from "./error";
import type { IDelayedCall } from "./interfaces";

/** What a DelayedCall needs from whoever scheduled it. */
export interface DelayedCallOwner {
  seconds(): number;
  /** The call's time changed: queue it again under its new time. */
  reschedule(call: DelayedCall): void;
  /** The call was cancelled: forget it. */
  forget(call: DelayedCall): void;
}

/** A function scheduled to run at a virtual time; what callLater returns. */
export class DelayedCall implements IDelayedCall {
  /** The virtual time at which the call runs. */
  time: number;
  /** Scheduling order: equal times run first-scheduled first (task.Clock refines it after a reset, see clock-timers.ts). */
  readonly seq: number;
  /** 1 once the call has run, as in Twisted. */
  called = 0;
  /** 1 once the call was cancelled. */
  cancelled = 0;
  readonly func: (...args: any[]) => unknown;
  readonly args: readonly unknown[];
  /** Bumped on every reset/delay, so the queue can tell an entry for an old time from the current one. */
  generation = 0;
  /** Engine use: id in the trace, 0 until traced. */
  _traceId = 0;
  private readonly owner: DelayedCallOwner;

  constructor(
    time: number,
    seq: number,
    func: (...args: any[]) => unknown,
    args: readonly unknown[],
    owner: DelayedCallOwner,
  ) {
    this.time = time;
    this.seq = seq;
    this.func = func;
    this.args = args;
    this.owner = owner;
  }

  /** The virtual time at which this call will run. */
  getTime(): number {
    return this.time;
  }

  /**
   * Stops the call from running.
   * @throws AlreadyCancelled if it was cancelled before; AlreadyCalled if it has run.
   */
  cancel(): void {
    this.ensurePending();
    this.cancelled = 1;
    this.owner.forget(this);
  }

  /**
   * Moves the call to `secondsFromNow` seconds after the current time.
   * @throws AlreadyCancelled or AlreadyCalled as cancel() does.
   */
  reset(secondsFromNow: number): void {
    this.ensurePending();
    this.time = this.owner.seconds() + secondsFromNow;
    this.generation++;
    this.owner.reschedule(this);
  }

  /**
   * Postpones the call by `secondsLater` seconds (negative brings it forward).
   * @throws AlreadyCancelled or AlreadyCalled as cancel() does.
   */
  delay(secondsLater: number): void {
    this.ensurePending();
    this.time += secondsLater;
    this.generation++;
    this.owner.reschedule(this);
  }

  /** True until the call has run or been cancelled. */
  active(): boolean {
    return !(this.cancelled || this.called);
  }

  toString(): string {
    const state = this.cancelled ? " cancelled" : this.called ? " called" : "";
    return `<DelayedCall ${describeFunction(this.func)} at ${this.time}s${state}>`;
  }

  /** @internal the debugger's label for this object. */
  [traceLabel](): string {
    return this.toString();
  }

  private ensurePending(): void {
    if (this.cancelled) throw new AlreadyCancelled();
    if (this.called) throw new AlreadyCalled();
  }
}
