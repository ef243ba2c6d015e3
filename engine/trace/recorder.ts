/**
 * A sink that keeps events in an append-only array, the trace a debugger
 * steps through. It is capped: the last event it keeps says the limit was
 * reached, so a runaway program cannot eat the page's memory.
 */
import type { TraceEvent } from "./events";
import { nextSeq, traceTime, type TraceSink } from "./tracer";

export class TraceRecorder {
  /** The events so far, in order. Never rewritten, only appended to. */
  readonly events: TraceEvent[] = [];
  /** True once the limit was reached and later events are being dropped. */
  full = false;
  private readonly limit: number;

  /** @param limit how many events to keep, the last being trace.limitReached (default 100,000). */
  constructor(limit = 100_000) {
    if (!(limit >= 2)) throw new RangeError("a trace recorder needs room for at least 2 events");
    this.limit = limit;
  }

  /** The function to pass to setTraceSink. */
  readonly sink: TraceSink = (event) => {
    if (this.full) return;
    if (this.events.length < this.limit - 1) {
      this.events.push(event);
      return;
    }
    this.full = true;
    this.events.push({ type: "trace.limitReached", seq: nextSeq(), time: traceTime(), location: null, limit: this.limit });
  };

  /** Forgets every event (a new run starts). */
  clear(): void {
    this.events.length = 0;
    this.full = false;
  }
}
