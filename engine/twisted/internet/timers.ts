/**
 * The scheduling core shared by task.Clock and the simulated reactor: delayed
 * calls in a heap, O(log n) to add and to run. A cancelled or reset call
 * leaves its old entry behind, skipped when it reaches the top, and the heap
 * is rebuilt when such stale entries outnumber the live ones (as Twisted's
 * reactor does). Every change is traced when a trace sink is attached, and
 * announced through onChange.
 */
import { describeFunction } from "../../trace/describe";
import { deliver, newCallTraceId, nextSeq, traceLocation, tracing } from "../../trace/tracer";
import { DelayedCall, type DelayedCallOwner } from "./delayed-call";
import { before, KeyedHeap } from "./event-queue";

/** Stale entries tolerated before a rebuild is considered. */
const MIN_STALE_FOR_REBUILD = 50;

export class Timers implements DelayedCallOwner {
  protected readonly queue = new KeyedHeap<DelayedCall>();
  protected nextSeq = 0;
  protected live = 0;
  protected stale = 0;
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
    return this.live;
  }

  /**
   * Schedules `func(...args)` to run `delay` seconds from now.
   * @param allowNegative accept a negative delay (task.Clock does, as Twisted's Clock does; the reactor does not).
   * @throws TypeError if func is not a function; RangeError if delay is not a number, or negative when not allowed.
   */
  schedule(delay: number, func: (...args: any[]) => unknown, args: readonly unknown[], allowNegative = false): DelayedCall {
    if (typeof func !== "function") throw new TypeError("callLater needs a function to call");
    if (!(delay >= 0) && !(allowNegative && delay < 0)) throw new RangeError(`delay must be a number >= 0, not ${delay}`);
    const seq = this.nextSeq++;
    const call = new DelayedCall(this.now() + delay, seq, func, args, this);
    this.queue.push(call, call.time, seq, 0);
    this.live++;
    if (tracing.sink !== null) this.trace(call, "delayedCall.scheduled");
    if (this.onChange !== null) this.onChange(call, "scheduled");
    return call;
  }

  /** DelayedCallOwner: `call`'s time changed; its old entry goes stale. */
  reschedule(call: DelayedCall): void {
    this.queue.push(call, call.time, call.seq, call.generation);
    this.stale++;
    if (tracing.sink !== null) this.trace(call, "delayedCall.reset");
    if (this.onChange !== null) this.onChange(call, "reset");
  }

  /** DelayedCallOwner: `call` was cancelled; its entry goes stale. */
  forget(call: DelayedCall): void {
    this.live--;
    this.stale++;
    if (this.stale > MIN_STALE_FOR_REBUILD && this.stale > this.live) {
      this.queue.filter(isCurrent);
      this.stale = 0;
    }
    if (tracing.sink !== null) this.trace(call, "delayedCall.cancelled");
    if (this.onChange !== null) this.onChange(call, "cancelled");
  }

  /** The time of the next call to run, or null when none is waiting. */
  nextTime(): number | null {
    return this.dropStale() ? this.queue.peekTime() : null;
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
    if (!this.dropStale()) return null;
    const queue = this.queue;
    if (queue.peekTime() > time || queue.peekSeq() >= seqLimit) return null;
    const call = queue.peekItem()!;
    queue.pop();
    this.live--;
    call.called = 1;
    if (tracing.sink !== null) this.trace(call, "delayedCall.fired");
    return call;
  }

  /** Every waiting call, in the order they will run. */
  pending(): DelayedCall[] {
    return this.queue
      .entries()
      .filter((entry) => isCurrent(entry.item, entry.tag))
      .map((entry) => entry.item)
      .sort((a, b) => (before(a, b) ? -1 : 1));
  }

  /** Drops every waiting call without running it. */
  clear(): void {
    this.queue.clear();
    this.live = 0;
    this.stale = 0;
  }

  /** Pops stale entries off the top. @returns true when a live entry is on top. */
  private dropStale(): boolean {
    const queue = this.queue;
    while (queue.size > 0) {
      if (isCurrent(queue.peekItem()!, queue.peekTag())) return true;
      queue.pop();
      this.stale--;
    }
    return false;
  }

  protected trace(
    call: DelayedCall,
    type: "delayedCall.scheduled" | "delayedCall.reset" | "delayedCall.cancelled" | "delayedCall.fired",
  ): void {
    const id = call._traceId || (call._traceId = newCallTraceId());
    const time = this.now();
    const rows = tracing.rows;
    if (rows !== null && type === "delayedCall.scheduled") return rows.scheduled(id, time, call.time, call.func, traceLocation());
    // A call fires from the loop, not from learner code: no location to capture.
    if (rows !== null && type === "delayedCall.fired") return rows.callFired(id, time);
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

/** True when the entry (pushed with `generation`) is the call's current, live entry. */
function isCurrent(call: DelayedCall, generation: number): boolean {
  return call.generation === generation && !call.cancelled && !call.called;
}
