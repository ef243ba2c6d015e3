/**
 * The debugger's derived state: a recorded trace and a cursor in, everything
 * the debugger shows at that step out. Pure and cheap: binary searches over
 * the TraceIndex, a replay of at most one checkpoint's worth of delayed-call
 * events, and a few Deferreds folded from their own events.
 */
import type { TraceEvent } from "../trace/events";
import { deferredAt, type DeferredView } from "./deferred-view";
import { describeEvent } from "./describe-event";
import { eventOf, lastAtOrBefore, type TraceIndex } from "./trace-index";

type Snapshot = Extract<TraceEvent, { type: "reactor.snapshot" }>;

/** What the reactor's loop is doing at the cursor. */
export type LoopPhase =
  | "not-started"
  | "top-level"
  | "waiting"
  | "timer"
  | "io"
  | "stopped";

/** A delayed call waiting at the cursor. */
export interface PendingCall {
  readonly call: number;
  readonly fn: string;
  /** Virtual time it is due. */
  readonly at: number;
  readonly line: number | null;
  /** Index of the delayedCall.scheduled event: "who scheduled this?". */
  readonly scheduledIndex: number;
}

/** The reactor event the cursor is inside, and who caused it. */
export interface Dispatch {
  readonly index: number;
  readonly kind: "timer" | "io";
  readonly label: string;
  readonly time: number;
  /** The step that scheduled this work (the timer's delayedCall.scheduled, or the I/O's cause), or null. */
  readonly causeIndex: number | null;
  /** The learner's line behind that step, when known. */
  readonly causeLine: number | null;
}

/** A Deferred in the picker: named by where it was created. */
export interface DeferredSummary {
  readonly id: number;
  readonly kind: string;
  readonly line: number | null;
}

/** Everything the debugger shows at one step. */
export interface DebugState {
  /** Index of the current event; -1 when the trace is empty. */
  readonly cursor: number;
  /** Events in the trace. */
  readonly length: number;
  readonly event: TraceEvent | null;
  /** Virtual time at the cursor, in seconds. */
  readonly time: number;
  /** One plain sentence about the current event. */
  readonly description: string;
  readonly phase: LoopPhase;
  readonly dispatch: Dispatch | null;
  /** The learner's line running at the cursor, or null while the reactor (not learner code) has control. */
  readonly currentLine: number | null;
  /** The nearest line event at or before the cursor: its line and the variables then. */
  readonly locals: { readonly line: number; readonly index: number; readonly values: Readonly<Record<string, string>> } | null;
  /** Delayed calls waiting, soonest first (at most PENDING_SHOWN), and how many there are. */
  readonly pending: readonly PendingCall[];
  readonly pendingTotal: number;
  /** When the reactor will next have work, from the last reactor.idle, or null. */
  readonly nextDue: number | null;
  /** Ports, connections and threads from the last reactor.snapshot, or null before the first. */
  readonly reactor: Pick<Snapshot, "running" | "ports" | "connections" | "threads" | "processes"> | null;
  /** Output up to and including the cursor (the last OUTPUT_SHOWN lines), and how many lines in all. */
  readonly output: readonly { readonly index: number; readonly stream: string; readonly text: string; readonly time: number; readonly line: number | null }[];
  readonly outputTotal: number;
  /** The Deferreds created so far (the last DEFERREDS_SHOWN), and how many in all. */
  readonly deferreds: readonly DeferredSummary[];
  readonly deferredTotal: number;
  /** The Deferred the cursor's step is busy with, or the last one touched before it. */
  readonly focusDeferred: number | null;
  /** The chosen Deferred (or the focused one), with the Deferreds linked to it. */
  readonly chain: DeferredView | null;
  readonly related: readonly DeferredView[];
  /** Deferreds holding a Failure nobody handles, at the cursor. */
  readonly unhandled: readonly { readonly id: number; readonly line: number | null; readonly failure: string; readonly reported: boolean }[];
  /** How the program's top level ended, once it has. */
  readonly ended: Extract<TraceEvent, { type: "program.ended" }>["status"] | null;
  readonly limitReached: boolean;
}

export const PENDING_SHOWN = 50;
export const OUTPUT_SHOWN = 200;
export const DEFERREDS_SHOWN = 200;

/** Options for debugStateAt. */
export interface FoldOptions {
  /** The Deferred to draw; when absent, the one the cursor's step is busy with. */
  readonly deferred?: number | null;
  /** The program's source lines (1-based line n is lines[n - 1]), to quote in descriptions. */
  readonly sourceLines?: readonly string[];
}

/**
 * The debugger's state after the event at `cursor`.
 * @param cursor an index into the trace; clamped to the trace.
 */
export function debugStateAt(trace: TraceIndex, cursor: number, options: FoldOptions = {}): DebugState {
  const length = trace.length;
  const at = Math.max(-1, Math.min(cursor, length - 1));
  const event = at >= 0 ? trace.events[at]! : null;
  const loop = loopAt(trace, at);
  const lineIndex = trace.lines[lastAtOrBefore(trace.lines, at)];
  const lineEvent = lineIndex === undefined ? null : eventOf(trace, lineIndex, "line");
  const snapshotIndex = trace.snapshots[lastAtOrBefore(trace.snapshots, at)];
  const snapshot = snapshotIndex === undefined ? null : eventOf(trace, snapshotIndex, "reactor.snapshot");
  const inLearnerCode = event !== null && event.location !== null && (loop.phase === "top-level" || loop.phase === "timer" || loop.phase === "io");
  const { pending, pendingTotal } = pendingCalls(trace, at);
  const focusDeferred = focusAt(trace, at);
  const chosen = options.deferred ?? focusDeferred;
  const chain = chosen === null || at < 0 ? null : deferredAt(trace, chosen, at);
  return {
    cursor: at,
    length,
    event,
    time: event?.time ?? 0,
    description: at >= 0 ? describeEvent(trace, at, options.sourceLines) : "Nothing recorded yet.",
    phase: loop.phase,
    dispatch: loop.dispatch,
    currentLine: inLearnerCode ? currentLineOf(trace, at, event) : null,
    locals: lineEvent ? { line: lineEvent.line, index: lineIndex!, values: lineEvent.locals } : null,
    pending,
    pendingTotal,
    nextDue: loop.nextDue,
    reactor: snapshot ? { running: snapshot.running, ports: snapshot.ports, connections: snapshot.connections, threads: snapshot.threads, processes: snapshot.processes ?? [] } : null,
    ...outputAt(trace, at),
    ...deferredsAt(trace, at),
    focusDeferred,
    chain,
    related: chain ? relatedTo(trace, chain, at) : [],
    unhandled: unhandledAt(trace, at),
    ended: endedAt(trace, at),
    limitReached: event?.type === "trace.limitReached",
  };
}

/**
 * The line to highlight for the event at `at`. A callback's result is shown
 * on the callback's last line, when it ran any; other events on their own line.
 */
function currentLineOf(trace: TraceIndex, at: number, event: TraceEvent): number | null {
  if (event.type === "line") return event.line;
  if (event.type === "deferred.invoked" && event.fn !== "passthru") {
    const lineIndex = trace.lines[lastAtOrBefore(trace.lines, at)];
    const touches = trace.byDeferred.get(event.deferred) ?? [];
    const previousTouch = touches[lastAtOrBefore(touches, at - 1)] ?? -1;
    if (lineIndex !== undefined && lineIndex > previousTouch) return (trace.events[lineIndex] as Extract<TraceEvent, { type: "line" }>).line;
  }
  return event.location?.line ?? null;
}

function loopAt(trace: TraceIndex, at: number): { phase: LoopPhase; dispatch: Dispatch | null; nextDue: number | null } {
  const position = lastAtOrBefore(trace.loopEvents, at);
  if (position < 0) return { phase: at < 0 ? "not-started" : "top-level", dispatch: null, nextDue: null };
  const event = trace.events[trace.loopEvents[position]!]!;
  switch (event.type) {
    case "program.started":
      return { phase: "top-level", dispatch: null, nextDue: null };
    case "program.ended":
      return { phase: event.status === "running" ? "waiting" : "stopped", dispatch: null, nextDue: null };
    case "reactor.idle": {
      const snapshot = trace.snapshots[lastAtOrBefore(trace.snapshots, at)];
      const running = snapshot === undefined ? true : (eventOf(trace, snapshot, "reactor.snapshot")?.running ?? true);
      const ended = endedAt(trace, at);
      const stopped = !running || (ended !== null && ended !== "running");
      return { phase: stopped ? "stopped" : "waiting", dispatch: null, nextDue: event.next };
    }
    case "reactor.event": {
      const index = trace.loopEvents[position]!;
      return { phase: event.kind, dispatch: dispatchOf(trace, index), nextDue: null };
    }
    default:
      return { phase: "top-level", dispatch: null, nextDue: null };
  }
}

/** A reactor event with the step that caused it: the timer's scheduling, or the I/O's cause. */
export function dispatchOf(trace: TraceIndex, index: number): Dispatch | null {
  const event = eventOf(trace, index, "reactor.event");
  if (!event) return null;
  let causeIndex: number | null = null;
  if (event.kind === "timer" && event.call !== null) causeIndex = trace.calls.get(event.call)?.scheduledIndex ?? null;
  if (causeIndex === null && event.cause !== null) {
    const found = trace.indexOfSeq(event.cause);
    causeIndex = found >= 0 ? found : null;
  }
  const cause = causeIndex === null ? null : trace.events[causeIndex]!;
  const causeLine = cause ? (cause.type === "line" ? cause.line : (cause.location?.line ?? null)) : null;
  return { index, kind: event.kind, label: event.label, time: event.time, causeIndex, causeLine };
}

function pendingCalls(trace: TraceIndex, at: number): { pending: PendingCall[]; pendingTotal: number } {
  if (at < 0) return { pending: [], pendingTotal: 0 };
  const { soonest, total } = trace.soonestPendingAt(at, PENDING_SHOWN);
  const pending = soonest.map(([call, due]) => {
    const record = trace.calls.get(call)!;
    return { call, fn: record.fn, at: due, line: record.location?.line ?? null, scheduledIndex: record.scheduledIndex };
  });
  return { pending, pendingTotal: total };
}

function outputAt(trace: TraceIndex, at: number): Pick<DebugState, "output" | "outputTotal"> {
  const total = lastAtOrBefore(trace.outputs, at) + 1;
  const output: DebugState["output"][number][] = [];
  for (let i = Math.max(0, total - OUTPUT_SHOWN); i < total; i++) {
    const index = trace.outputs[i]!;
    const event = eventOf(trace, index, "output")!;
    output.push({ index, stream: event.stream, text: event.text, time: event.time, line: event.location?.line ?? null });
  }
  return { output, outputTotal: total };
}

function deferredsAt(trace: TraceIndex, at: number): Pick<DebugState, "deferreds" | "deferredTotal"> {
  const total = lastAtOrBefore(trace.created, at) + 1;
  const deferreds: DeferredSummary[] = [];
  for (let i = Math.max(0, total - DEFERREDS_SHOWN); i < total; i++) {
    const created = eventOf(trace, trace.created[i]!, "deferred.created")!;
    deferreds.push({ id: created.deferred, kind: created.kind, line: created.location?.line ?? null });
  }
  return { deferreds, deferredTotal: total };
}

/** The Deferred the step at `at` concerns, or the one touched last before it. */
function focusAt(trace: TraceIndex, at: number): number | null {
  const index = trace.deferredTouches[lastAtOrBefore(trace.deferredTouches, at)];
  if (index === undefined) return null;
  const event = trace.events[index]!;
  if (event.type === "deferred.chainResult") return event.to;
  return "deferred" in event ? event.deferred : null;
}

function relatedTo(trace: TraceIndex, chain: DeferredView, at: number): DeferredView[] {
  const ids = new Set<number>();
  if (chain.waitingOn !== null) ids.add(chain.waitingOn);
  for (const link of chain.links) {
    if (link.waitsOn !== null) ids.add(link.waitsOn);
    if (link.handsTo !== null) ids.add(link.handsTo);
  }
  for (const waiter of chain.waiters) ids.add(waiter.id);
  for (const member of chain.members) ids.add(member.id);
  for (const membership of chain.memberOf) ids.add(membership.list);
  ids.delete(chain.id);
  const views: DeferredView[] = [];
  for (const id of ids) {
    const view = deferredAt(trace, id, at, 0);
    if (view) views.push(view);
  }
  return views;
}

/** Deferreds whose chain ended in a Failure with nothing after it, or that Twisted reported, at `at`. */
function unhandledAt(trace: TraceIndex, at: number): DebugState["unhandled"] {
  const found: DebugState["unhandled"][number][] = [];
  const seen = new Set<number>();
  // Recently touched Deferreds are where a Failure can just have been left; reports name the others.
  const touches = trace.deferredTouches;
  for (let i = lastAtOrBefore(touches, at); i >= 0 && i > lastAtOrBefore(touches, at) - 64; i--) {
    const event = trace.events[touches[i]!]!;
    const id = "deferred" in event ? event.deferred : null;
    if (id === null || seen.has(id)) continue;
    seen.add(id);
    const view = deferredAt(trace, id, at, 1);
    if (view?.unhandled) found.push({ id, line: view.line, failure: view.unhandled.failure, reported: view.unhandled.reported });
  }
  for (let i = lastAtOrBefore(trace.unhandled, at); i >= 0 && found.length < 20; i--) {
    const event = eventOf(trace, trace.unhandled[i]!, "deferred.unhandled")!;
    if (seen.has(event.deferred)) continue;
    seen.add(event.deferred);
    found.push({ id: event.deferred, line: event.createdAt?.line ?? null, failure: event.failure, reported: true });
  }
  return found.sort((a, b) => a.id - b.id);
}

function endedAt(trace: TraceIndex, at: number): DebugState["ended"] {
  for (let i = lastAtOrBefore(trace.loopEvents, at); i >= 0; i--) {
    const event = trace.events[trace.loopEvents[i]!]!;
    if (event.type === "program.ended") return event.status;
    if (event.type === "program.started") return null;
    // Once the reactor dispatched an event, the top level has long ended: look no further back than one.
    if (event.type === "reactor.event") return "running";
  }
  return null;
}
