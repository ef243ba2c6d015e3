/**
 * Deferreds whose chain ended in a Failure nobody handled, and the debugging
 * information that makes the report useful. Twisted reports such a Deferred
 * when it is garbage collected; the simulation reports when it goes idle or
 * ends (the reactor calls reportUnhandledErrors).
 */
import { deliver, nextSeq, traceTime, tracing } from "../../trace/tracer";
import { idOf } from "./defer-trace";
import type { SourceLocation } from "../../trace/events";
import type { Failure } from "../python/failure";
import * as log from "../python/log";

/** Where a Deferred was created and first fired, kept only while debugging or tracing. */
export interface DebugInfo {
  /** Learner frames, outermost first, when Deferred.debug was on at creation. */
  creator: string[] | null;
  /** Learner frames of the first callback()/errback() call, when debugging. */
  invoker: string[] | null;
  /** @internal The creation site, when a trace sink captured it. */
  createdAt: SourceLocation | null;
  /** @internal The first firing site, when a trace sink captured it. */
  firedAt: SourceLocation | null;
}

/** What the registry needs to know about a Deferred. */
export interface UnhandledCandidate {
  result: unknown;
  _unhandled: boolean;
  _debugInfo: DebugInfo | null;
  _traceId: number;
}

const unhandled = new Set<UnhandledCandidate>();

/** Whether Deferred debugging is on (Deferred.debug reads and writes this). */
export const debugging = { on: false };

/**
 * Turns Deferred debugging on or off: while on, new Deferreds remember the
 * learner's call stack where they were created and first fired, and
 * AlreadyCalledError and unhandled-error reports show both.
 */
export function setDebugging(on: boolean): void {
  debugging.on = !!on;
}

/** Whether Deferred debugging is on. */
export function getDebugging(): boolean {
  return debugging.on;
}

/** A fresh, empty DebugInfo. */
export function newDebugInfo(): DebugInfo {
  return { creator: null, invoker: null, createdAt: null, firedAt: null };
}

/** Notes that `d`'s chain ended in a Failure. */
export function markUnhandled(d: UnhandledCandidate): void {
  d._unhandled = true;
  unhandled.add(d);
}

/** Notes that `d` no longer holds an unhandled Failure. */
export function clearUnhandled(d: UnhandledCandidate): void {
  d._unhandled = false;
  unhandled.delete(d);
}

/**
 * The " C: Deferred was created:" / " I: First Invoker was:" lines Twisted
 * adds to reports when debugging, or "" when nothing is known.
 */
export function debugTracebacks(info: DebugInfo | null): string {
  if (!info) return "";
  let text = "";
  const creator = info.creator ?? (info.createdAt ? [formatLocation(info.createdAt)] : null);
  const invoker = info.invoker ?? (info.firedAt ? [formatLocation(info.firedAt)] : null);
  if (creator) text += ` C: Deferred was created:\n C:${creator.join("\n C:")}\n`;
  if (invoker) text += ` I: First Invoker was:\n I:${invoker.join("\n I:")}\n`;
  return text;
}

/** A traceback frame's shape, as Python's: the line only (a recorded column is the statement's, not the call's). */
function formatLocation(location: SourceLocation): string {
  return `  File "${location.file}", line ${location.line}`;
}

/**
 * Logs "Unhandled error in Deferred:" for every Deferred whose chain ended in
 * a Failure nobody handled, with where it was created and fired when that is
 * known, then forgets them.
 * @returns how many were reported.
 */
export function reportUnhandledErrors(): number {
  const pending = [...unhandled];
  unhandled.clear();
  for (const d of pending) {
    d._unhandled = false;
    const failure = d.result as Failure;
    const debug = debugTracebacks(d._debugInfo);
    const header = debug ? `Unhandled error in Deferred:\n(debug: ${debug.trimEnd()}\n)` : "Unhandled error in Deferred:";
    log.publish({ text: `${header}\n${failure.getTraceback()}`, isError: true, system: "-" });
    if (tracing.sink !== null) {
      deliver({
        type: "deferred.unhandled",
        seq: nextSeq(),
        time: traceTime(),
        location: null,
        deferred: idOf(d),
        failure: String(failure),
        createdAt: d._debugInfo?.createdAt ?? null,
        firedAt: d._debugInfo?.firedAt ?? null,
      });
    }
  }
  return pending.length;
}

/** Forgets unhandled Failures without reporting them (a fresh simulation starts clean). */
export function discardUnhandledErrors(): void {
  for (const d of unhandled) d._unhandled = false;
  unhandled.clear();
}
