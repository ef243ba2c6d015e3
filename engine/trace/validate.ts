/**
 * Checking trace events that crossed the worker boundary, fast. The page
 * checks every event it receives, and a run's trace is up to 100,000 events:
 * the zod schema takes a few microseconds per event, so the frequent kinds are
 * checked here field by field against the same rules, and everything else
 * (and anything that fails here) goes to the schema, which has the last word.
 */
import { TraceEventSchema, type TraceEvent } from "./events";

type Fields = Record<string, unknown>;

const isInt = (value: unknown): boolean => Number.isSafeInteger(value);
const isId = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) > 0;
const isIndex = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
const isNumber = (value: unknown): boolean => Number.isFinite(value);
const isString = (value: unknown): boolean => typeof value === "string";
const isIntOrNull = (value: unknown): boolean => value === null || Number.isSafeInteger(value);
const isSide = (value: unknown): boolean => value === "callback" || value === "errback";

function isLocation(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== "object") return false;
  const location = value as Fields;
  return typeof location.file === "string" && isInt(location.line) && isInt(location.column);
}

function isStringRecord(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  for (const key in value) if (typeof (value as Fields)[key] !== "string") return false;
  return true;
}

/** The fields of the frequent kinds, beyond seq, time and location. */
function fieldsValid(event: Fields): boolean | null {
  switch (event.type) {
    case "deferred.created":
      return isId(event.deferred) && isString(event.kind) && typeof event.hasCanceller === "boolean";
    case "deferred.callbackAdded":
      return isId(event.deferred) && isIndex(event.index) && isString(event.callback) && isString(event.errback);
    case "deferred.fired":
      return isId(event.deferred) && isSide(event.side) && isString(event.value);
    case "deferred.invoked":
      return (
        isId(event.deferred) &&
        isIndex(event.index) &&
        isSide(event.side) &&
        isString(event.fn) &&
        isString(event.input) &&
        isString(event.output) &&
        (event.outcome === "value" || event.outcome === "failure" || event.outcome === "raised" || event.outcome === "deferred")
      );
    case "deferred.chained":
      return isId(event.deferred) && isId(event.to) && (event.via === "callback" || event.via === "chainDeferred") && isInt(event.paused);
    case "deferred.chainResult":
      return isId(event.deferred) && isId(event.to) && isString(event.value) && isInt(event.paused);
    case "delayedCall.scheduled":
      return isId(event.call) && isNumber(event.at) && isString(event.fn);
    case "delayedCall.fired":
      return isId(event.call);
    case "reactor.event":
      return (event.kind === "timer" || event.kind === "io") && isString(event.label) && isIntOrNull(event.call) && isIntOrNull(event.cause);
    case "reactor.idle":
      return event.next === null || isNumber(event.next);
    case "line":
      return isInt(event.line) && isStringRecord(event.locals);
    case "output":
      return (event.stream === "stdout" || event.stream === "stderr" || event.stream === "log" || event.stream === "error") && isString(event.text);
    default:
      return null;
  }
}

/**
 * `raw` as a TraceEvent if it is one, else null. Agrees with
 * TraceEventSchema.safeParse on which events are valid; for the frequent
 * kinds it returns `raw` itself (fields the schema does not know are kept,
 * where the schema would strip them), for the rest the schema's copy.
 */
export function parseTraceEvent(raw: unknown): TraceEvent | null {
  if (typeof raw === "object" && raw !== null) {
    const event = raw as Fields;
    if (isIndex(event.seq) && isNumber(event.time) && isLocation(event.location) && fieldsValid(event) === true) return raw as TraceEvent;
  }
  const parsed = TraceEventSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
