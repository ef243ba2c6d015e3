/**
 * Markers for the timeline slider: the trace folded into a fixed number of
 * buckets, each saying what kinds of events it holds, so a 100,000-event
 * trace draws as a few hundred ticks.
 */
import { isFailureText } from "./deferred-view";
import type { TraceIndex } from "./trace-index";

/** A bucket holds a reactor event (a Step stop). */
export const MARK_STEP = 1;
/** A bucket holds program output. */
export const MARK_OUTPUT = 2;
/** A bucket holds a Failure starting or moving down an errback side. */
export const MARK_FAILURE = 4;
/** A bucket holds an unhandled error report. */
export const MARK_UNHANDLED = 8;

/** Where the markers go: bucket b covers events [b * size, (b + 1) * size). */
export interface TimelineMarkers {
  readonly length: number;
  /** Events per bucket (at least 1). */
  readonly size: number;
  /** One set of MARK_* flags per bucket. */
  readonly flags: Uint8Array;
}

/**
 * The markers for `trace`, in at most `buckets` buckets.
 * @param buckets how many ticks the timeline can draw.
 */
export function timelineMarkers(trace: TraceIndex, buckets: number): TimelineMarkers {
  const length = trace.length;
  const size = Math.max(1, Math.ceil(length / buckets));
  const flags = new Uint8Array(Math.ceil(length / size));
  for (const index of trace.reactorEvents) flags[Math.floor(index / size)]! |= MARK_STEP;
  for (const index of trace.outputs) flags[Math.floor(index / size)]! |= MARK_OUTPUT;
  for (const index of trace.unhandled) flags[Math.floor(index / size)]! |= MARK_UNHANDLED;
  for (const index of trace.deferredTouches) {
    const event = trace.events[index]!;
    const failing =
      (event.type === "deferred.fired" && event.side === "errback") ||
      (event.type === "deferred.invoked" && event.fn !== "passthru" && (event.outcome === "raised" || event.outcome === "failure")) ||
      (event.type === "deferred.chainResult" && isFailureText(event.value));
    if (failing) flags[Math.floor(index / size)]! |= MARK_FAILURE;
  }
  return { length, size, flags };
}
