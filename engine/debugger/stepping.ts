/**
 * Where each step control moves the cursor. Stepping is a cursor over the
 * recorded trace: these only search the index, they never run anything.
 */
import { firstAtOrAfter, lastAtOrBefore, type TraceIndex } from "./trace-index";

/** Step: next reactor event. Step line: next line of learner code. And the same backwards. */
export type StepKind = "event" | "line" | "back-event" | "back-line";

/**
 * Where a step from `cursor` lands. Forward steps return null when the trace
 * holds no further stop (then the live run must be asked to run one more
 * event); backward steps fall back to the first event, and return null only
 * when already there.
 */
export function nextStop(trace: TraceIndex, cursor: number, kind: StepKind): number | null {
  switch (kind) {
    case "event":
      return trace.reactorEvents[firstAtOrAfter(trace.reactorEvents, cursor + 1)] ?? null;
    case "line":
      return trace.lines[firstAtOrAfter(trace.lines, cursor + 1)] ?? null;
    case "back-event":
      return cursor <= 0 ? null : (trace.reactorEvents[lastAtOrBefore(trace.reactorEvents, cursor - 1)] ?? 0);
    case "back-line":
      return cursor <= 0 ? null : (trace.lines[lastAtOrBefore(trace.lines, cursor - 1)] ?? 0);
  }
}

/**
 * After the live run stepped one more event: where Step (the new reactor
 * event) or Step line (that event's first line, else the event) lands among
 * the events from `from` on. Null when no reactor event arrived.
 */
export function stopInNewEvents(trace: TraceIndex, from: number, kind: "event" | "line"): number | null {
  const event = trace.reactorEvents[firstAtOrAfter(trace.reactorEvents, from)];
  if (event === undefined) return null;
  if (kind === "event") return event;
  const line = trace.lines[firstAtOrAfter(trace.lines, event)];
  const following = trace.reactorEvents[firstAtOrAfter(trace.reactorEvents, event + 1)];
  return line !== undefined && (following === undefined || line < following) ? line : event;
}
