/**
 * The scheduling core shared by task.Clock and the simulated reactor: delayed
 * calls in a heap, O(log n) to add and to run, cancelled and reset calls
 * dropped lazily when they reach the top.
 */
import { DelayedCall, type DelayedCallOwner } from "./delayed-call";
import { EventQueue, type Scheduled } from "./event-queue";

interface TimerEntry extends Scheduled {
  readonly call: DelayedCall;
  readonly generation: number;
}

export class Timers implements DelayedCallOwner {
  private readonly queue = new EventQueue<TimerEntry>();
  private nextSeq = 0;
  private liveCount = 0;
  private readonly now: () => number;
  /** Called whenever a call is scheduled, reset or cancelled (the reactor traces these). */
  onChange: ((call: DelayedCall, change: "scheduled" | "reset" | "cancelled") => void) | null = null;

  constructor(now: () => number) {
    this.now = now;
  }

  seconds(): number {
    return this.now();
  }

  /** How many calls are waiting to run. */
  get pendingCount(): number {
    return this.liveCount;
  }

  /** Schedules `func(...args)` to run `delay` seconds from now. */
  schedule(delay: number, func: (...args: any[]) => unknown, args: readonly unknown[]): DelayedCall {
    if (typeof func !== "function") throw new TypeError("callLater needs a function to call");
    if (!(delay >= 0)) throw new RangeError(`delay must be a number >= 0, not ${delay}`);
    const call = new DelayedCall(this.now() + delay, this.nextSeq++, func, args, this);
    this.liveCount++;
    this.queue.push({ time: call.time, seq: call.seq, call, generation: 0 });
    this.onChange?.(call, "scheduled");
    return call;
  }

  reschedule(call: DelayedCall): void {
    this.queue.push({ time: call.time, seq: call.seq, call, generation: call.generation });
    this.onChange?.(call, "reset");
  }

  forget(call: DelayedCall): void {
    this.liveCount--;
    this.onChange?.(call, "cancelled");
  }

  /** The time of the next call to run, or null when none is waiting. */
  nextTime(): number | null {
    return this.top()?.time ?? null;
  }

  /** The sequence number the next scheduled call will get (to tell old calls from new). */
  get sequence(): number {
    return this.nextSeq;
  }

  /**
   * Removes and returns the next call due at or before `time`, marking it called;
   * with `seqLimit`, only calls scheduled before that sequence number qualify.
   */
  takeDue(time: number, seqLimit = Infinity): DelayedCall | null {
    const entry = this.top();
    if (!entry || entry.time > time || entry.seq >= seqLimit) return null;
    this.queue.pop();
    this.liveCount--;
    entry.call.called = 1;
    return entry.call;
  }

  /** Every waiting call, in the order they will run. */
  pending(): DelayedCall[] {
    return this.queue
      .entries()
      .filter((entry) => isCurrent(entry))
      .sort((a, b) => a.time - b.time || a.seq - b.seq)
      .map((entry) => entry.call);
  }

  /** Drops every waiting call without running it. */
  clear(): void {
    this.queue.clear();
    this.liveCount = 0;
  }

  private top(): TimerEntry | undefined {
    let entry = this.queue.peek();
    while (entry && !isCurrent(entry)) {
      this.queue.pop();
      entry = this.queue.peek();
    }
    return entry;
  }
}

function isCurrent(entry: TimerEntry): boolean {
  return entry.call.active() && entry.generation === entry.call.generation;
}
