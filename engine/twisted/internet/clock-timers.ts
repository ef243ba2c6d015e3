/**
 * task.Clock's queue. Twisted's Clock keeps its calls in a list that it
 * stable-sorts by time whenever a call is added and before each call it runs,
 * but not when a call is reset or delayed. So calls due at the same time run
 * in their order in that list: scheduling order at first, and after a reset,
 * the place the call had at the last sort. Tests written against Clock may
 * depend on that order, so this queue reproduces it, while keeping the heap's
 * speed when nothing is reset.
 *
 * The heap's entries are that list: each live call has exactly one entry,
 * keyed by its time and place as of the last sort (a reset does not move it),
 * and a sort rebuilds them all.
 */
import { tracing } from "../../trace/tracer";
import type { DelayedCall } from "./delayed-call";
import { Timers } from "./timers";

export class ClockTimers extends Timers {
  /** True when a call was reset or delayed since the last sort. */
  private unsorted = false;

  override schedule(delay: number, func: (...args: any[]) => unknown, args: readonly unknown[], allowNegative = false): DelayedCall {
    // Twisted appends the call and sorts: calls reset since the last sort find their places in the same sort.
    if (this.unsorted) this.sort();
    return super.schedule(delay, func, args, allowNegative);
  }

  /** A reset or delay changes the call's time, not its place in the list, until the next sort. */
  override reschedule(call: DelayedCall): void {
    this.unsorted = true;
    if (tracing.sink !== null) this.trace(call, "delayedCall.reset");
    if (this.onChange !== null) this.onChange(call, "reset");
  }

  override forget(call: DelayedCall): void {
    if (!this.unsorted) return super.forget(call);
    // A rebuild that drops stale entries would drop the reset calls' only entries: sort instead.
    this.sort();
    if (tracing.sink !== null) this.trace(call, "delayedCall.cancelled");
    if (this.onChange !== null) this.onChange(call, "cancelled");
  }

  override nextTime(): number | null {
    if (this.unsorted) this.sort();
    return super.nextTime();
  }

  override takeDue(time: number, seqLimit = Infinity): DelayedCall | null {
    if (this.unsorted) this.sort();
    return super.takeDue(time, seqLimit);
  }

  /** Clock.calls: the list as it stands, not re-sorted after a reset (as Twisted's getDelayedCalls returns it). */
  override pending(): DelayedCall[] {
    return this.listOrder().map((entry) => entry.item);
  }

  /** The stable sort by time of the list in its current order: reset calls move, ties keep their places. */
  private sort(): void {
    this.unsorted = false;
    const list = this.listOrder().map((entry) => entry.item);
    list.sort((a, b) => a.time - b.time);
    this.queue.clear();
    for (const call of list) this.queue.push(call, call.time, this.nextSeq++, call.generation);
    this.live = list.length;
    this.stale = 0;
  }

  /** The live calls' entries, in list order: by time and place as of the last sort. */
  private listOrder() {
    return this.queue
      .entries()
      .filter((entry) => !entry.item.cancelled && !entry.item.called)
      .sort((a, b) => a.time - b.time || a.seq - b.seq);
  }
}
