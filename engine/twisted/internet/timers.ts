/**
 * The scheduling core shared by task.Clock and the simulated reactor: delayed
 * calls in a heap, O(log n) to add, run, reset and cancel. Every change is
 * traced when a trace sink is attached, and announced through onChange.
 */
import { describeFunction } from "../../trace/describe";
import { deliver, newTraceId, nextSeq, traceLocation, tracing } from "../../trace/tracer";
import { DelayedCall, type DelayedCallOwner } from "./delayed-call";
import { before, IndexedHeap } from "./event-queue";

export class Timers implements DelayedCallOwner {
  private readonly queue = new IndexedHeap<DelayedCall>();
  private nextSeq = 0;
  private readonly now: () => number;
  /** Called whenever a call is scheduled, reset or cancelled. */
  onChange: ((call: DelayedCall, change: "scheduled" | "reset" | "cancelled") => void) | null = null;

  /** @param now the current virtual time of whoever owns these timers. */
  constructor(now: () => number) {
    this.now = now;
  }

  seconds(): number {
    return this.now();
  }

  /** How many calls are waiting to run. */
  get pendingCount(): number {
    return this.queue.size;
  }

  /**
   * Schedules `func(...args)` to run `delay` seconds from now.
   * @throws TypeError if func is not a function; RangeError if delay is negative or not a number.
   */
  schedule(delay: number, func: (...args: any[]) => unknown, args: readonly unknown[]): DelayedCall {
    if (typeof func !== "function") throw new TypeError("callLater needs a function to call");
    if (!(delay >= 0)) throw new RangeError(`delay must be a number >= 0, not ${delay}`);
    const call = new DelayedCall(this.now() + delay, this.nextSeq++, func, args, this);
    this.queue.push(call);
    if (tracing.sink !== null) this.trace(call, "delayedCall.scheduled");
    if (this.onChange !== null) this.onChange(call, "scheduled");
    return call;
  }

  /** DelayedCallOwner: `call`'s time changed. */
  reschedule(call: DelayedCall): void {
    this.queue.update(call);
    if (tracing.sink !== null) this.trace(call, "delayedCall.reset");
    if (this.onChange !== null) this.onChange(call, "reset");
  }

  /** DelayedCallOwner: `call` was cancelled. */
  forget(call: DelayedCall): void {
    this.queue.remove(call);
    if (tracing.sink !== null) this.trace(call, "delayedCall.cancelled");
    if (this.onChange !== null) this.onChange(call, "cancelled");
  }

  /** The time of the next call to run, or null when none is waiting. */
  nextTime(): number | null {
    const top = this.queue.peek();
    return top === undefined ? null : top.time;
  }

  /** The sequence number the next scheduled call will get (to tell old calls from new). */
  get sequence(): number {
    return this.nextSeq;
  }

  /**
   * Removes and returns the next call due at or before `time`, marking it
   * called; the caller runs it. With `seqLimit`, only calls scheduled before
   * that sequence number qualify (the reactor leaves new ones for its next turn).
   */
  takeDue(time: number, seqLimit = Infinity): DelayedCall | null {
    const top = this.queue.peek();
    if (top === undefined || top.time > time || top.seq >= seqLimit) return null;
    this.queue.pop();
    top.called = 1;
    if (tracing.sink !== null) this.trace(top, "delayedCall.fired");
    return top;
  }

  /** Every waiting call, in the order they will run. */
  pending(): DelayedCall[] {
    return [...this.queue.entries()].sort((a, b) => (before(a, b) ? -1 : 1));
  }

  /** Drops every waiting call without running it. */
  clear(): void {
    this.queue.clear();
  }

  private trace(
    call: DelayedCall,
    type: "delayedCall.scheduled" | "delayedCall.reset" | "delayedCall.cancelled" | "delayedCall.fired",
  ): void {
    const id = call._traceId || (call._traceId = newTraceId());
    const time = this.now();
    if (type === "delayedCall.scheduled") {
      const fn = describeFunction(call.func);
      deliver({ type, seq: nextSeq(), time, location: traceLocation(), call: id, at: call.time, fn });
    } else if (type === "delayedCall.reset") {
      deliver({ type, seq: nextSeq(), time, location: traceLocation(), call: id, at: call.time });
    } else {
      // A call fires from the loop, not from learner code: no location to capture.
      const location = type === "delayedCall.fired" ? null : traceLocation();
      deliver({ type, seq: nextSeq(), time, location, call: id });
    }
  }
}
