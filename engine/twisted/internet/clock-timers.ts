/**
 * task.Clock's queue. Twisted's Clock keeps its calls in a list that it
 * stable-sorts by time whenever a call is added and before each call it runs,
 * but not when a call is reset or delayed. So calls due at the same time run
 * in their order in that list: scheduling order at first, and after a reset,
 * the place the call had at the last sort. Tests written against Clock may
 * depend on that order, so this queue reproduces it, while keeping the heap's
 * speed when nothing is reset.
 */
import { tracing } from "../../trace/tracer";
import type { DelayedCall } from "./delayed-call";
import { Timers } from "./timers";

export class ClockTimers extends Timers {
  /** True when a call was reset or delayed since the last sort. */
  private unsorted = false;

  override schedule(delay: number, func: (...args: any[]) => unknown, args: readonly unknown[], allowNegative = false): DelayedCall {
    // Twisted appends the call and sorts: calls reset since the last sort find their places in the same sort.
    this.sortIfNeeded();
    const call = super.schedule(delay, func, args, allowNegative);
    call._rank = call.seq;
    call._sortedTime = call.time;
    return call;
  }

  /** A reset or delay changes the call's time, not its place in the list, until the next sort. */
  override reschedule(call: DelayedCall): void {
    this.unsorted = true;
    this.stale++;
    if (tracing.sink !== null) this.trace(call, "delayedCall.reset");
    if (this.onChange !== null) this.onChange(call, "reset");
  }

  override forget(call: DelayedCall): void {
    if (!this.unsorted) return super.forget(call);
    // The heap holds reset calls under their old entries: sort before a rebuild could drop them.
    this.sortIfNeeded();
    if (tracing.sink !== null) this.trace(call, "delayedCall.cancelled");
    if (this.onChange !== null) this.onChange(call, "cancelled");
  }

  override nextTime(): number | null {
    this.sortIfNeeded();
    return super.nextTime();
  }

  override takeDue(time: number, seqLimit = Infinity): DelayedCall | null {
    this.sortIfNeeded();
    return super.takeDue(time, seqLimit);
  }

  /** Clock.calls: the list as it stands, not re-sorted after a reset (as Twisted's getDelayedCalls returns it). */
  override pending(): DelayedCall[] {
    return this.liveCalls().sort((a, b) => a._sortedTime - b._sortedTime || a._rank - b._rank);
  }

  /** The stable sort by time of the list in its current order: reset calls move, ties keep their places. */
  private sortIfNeeded(): void {
    if (!this.unsorted) return;
    this.unsorted = false;
    const list = this.pending();
    list.sort((a, b) => a.time - b.time);
    this.queue.clear();
    for (const call of list) {
      call._rank = this.nextSeq++;
      call._sortedTime = call.time;
      this.queue.push(call, call.time, call._rank, call.generation);
    }
    this.live = list.length;
    this.stale = 0;
  }

  private liveCalls(): DelayedCall[] {
    const seen = new Set<DelayedCall>();
    for (const { item } of this.queue.entries()) if (!item.cancelled && !item.called) seen.add(item);
    return [...seen];
  }
}
