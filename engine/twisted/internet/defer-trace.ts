/**
 * Builders for the Deferred trace events. Deferred calls these only after
 * checking `tracing.sink !== null`, so none of this runs when tracing is off.
 * A recording sink takes the frequent events as rows (tracing.rows), with no
 * event object built; any other sink gets the event object.
 */
import { describeFunction, describeValue } from "../../trace/describe";
import type { SourceLocation } from "../../trace/events";
import { deliver, newTraceId, nextSeq, traceCallSite, traceLocation, traceTime, tracing } from "../../trace/tracer";
import { Failure } from "../python/failure";

/** Anything that appears in the trace under an id. */
export interface Traced {
  _traceId: number;
}

/** The object's trace id, given on first use (objects made before tracing started get one late). */
export function idOf(object: Traced): number {
  return object._traceId || (object._traceId = newTraceId());
}

/**
 * A Deferred was created.
 * @param kind its class (Deferred, DeferredList, ...), named only when an event object is built.
 * @returns the learner location, for the Deferred's debug info.
 */
export function traceCreated(d: Traced, kind: Function, hasCanceller: boolean): SourceLocation | null {
  const location = traceCallSite();
  const rows = tracing.rows;
  if (rows !== null) {
    rows.created(idOf(d), kind, hasCanceller, location);
    return location;
  }
  deliver({ type: "deferred.created", seq: nextSeq(), time: traceTime(), location, deferred: idOf(d), kind: describeFunction(kind), hasCanceller });
  return location;
}

/** A callback/errback pair was added at position `index`. */
export function traceAdded(d: Traced, index: number, callback: unknown, errback: unknown): void {
  const rows = tracing.rows;
  if (rows !== null) return rows.added(idOf(d), index, callback, errback, traceCallSite());
  deliver({
    type: "deferred.callbackAdded",
    seq: nextSeq(),
    time: traceTime(),
    location: traceCallSite(),
    deferred: idOf(d),
    index,
    callback: describeFunction(callback),
    errback: describeFunction(errback),
  });
}

/** callback() or errback() was called with `result`. @returns the learner location. */
export function traceFired(d: Traced, result: unknown): SourceLocation | null {
  const location = traceCallSite();
  const rows = tracing.rows;
  if (rows !== null) {
    rows.fired(idOf(d), result instanceof Failure, result, location);
    return location;
  }
  deliver({
    type: "deferred.fired",
    seq: nextSeq(),
    time: traceTime(),
    location,
    deferred: idOf(d),
    side: result instanceof Failure ? "errback" : "callback",
    value: describeValue(result),
  });
  return location;
}

/** One callback or errback ran: what went in, what came out and how. */
export function traceInvoked(
  d: Traced,
  index: number,
  failed: boolean,
  fn: unknown,
  input: unknown,
  output: unknown,
  raised: boolean,
  location: SourceLocation | null,
): void {
  const rows = tracing.rows;
  if (rows !== null) {
    const outcome = raised ? 2 : output instanceof Failure ? 1 : isTraced(output) ? 3 : 0;
    return rows.invoked(idOf(d), index, failed, fn, input, output, outcome, outcome === 3 ? idOf(output as Traced) : 0, location);
  }
  deliver({
    type: "deferred.invoked",
    seq: nextSeq(),
    time: traceTime(),
    location,
    deferred: idOf(d),
    index,
    side: failed ? "errback" : "callback",
    fn: describeFunction(fn),
    input: describeValue(input),
    output: describeValue(output),
    outcome: raised ? "raised" : output instanceof Failure ? "failure" : isTraced(output) ? "deferred" : "value",
  });
}

/** pause() or unpause() changed the pause count to `paused`. */
export function tracePause(d: Traced, paused: number, up: boolean, location?: SourceLocation | null): void {
  deliver({
    type: up ? "deferred.paused" : "deferred.unpaused",
    seq: nextSeq(),
    time: traceTime(),
    location: location === undefined ? traceLocation() : location,
    deferred: idOf(d),
    paused,
  });
}

/** `d` now waits on `to`. */
export function traceChained(d: Traced, to: Traced, via: "callback" | "chainDeferred", location?: SourceLocation | null): void {
  const rows = tracing.rows;
  if (rows !== null) {
    const paused = (d as Traced & { paused: number }).paused;
    return rows.chained(idOf(d), idOf(to), via === "chainDeferred", paused, location === undefined ? traceLocation() : location);
  }
  deliver({
    type: "deferred.chained",
    seq: nextSeq(),
    time: traceTime(),
    location: location === undefined ? traceLocation() : location,
    deferred: idOf(d),
    to: idOf(to),
    via,
    paused: (d as Traced & { paused: number }).paused,
  });
}

/** `from` handed its result to `to`, which was waiting on it. */
export function traceChainResult(from: Traced, to: Traced, value: unknown, location: SourceLocation | null): void {
  const rows = tracing.rows;
  if (rows !== null) return rows.chainResult(idOf(from), idOf(to), value, (to as Traced & { paused: number }).paused, location);
  deliver({
    type: "deferred.chainResult",
    seq: nextSeq(),
    time: traceTime(),
    location,
    deferred: idOf(from),
    to: idOf(to),
    value: describeValue(value),
    paused: (to as Traced & { paused: number }).paused,
  });
}

/** cancel() was called. */
export function traceCancelled(d: Traced): void {
  deliver({ type: "deferred.cancelled", seq: nextSeq(), time: traceTime(), location: traceLocation(), deferred: idOf(d) });
}

function isTraced(value: unknown): boolean {
  return typeof value === "object" && value !== null && "_traceId" in value && "addCallbacks" in value;
}
