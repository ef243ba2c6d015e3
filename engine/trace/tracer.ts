/**
 * The trace switch. Engine hot paths test `tracing.sink !== null` and do
 * nothing else when no sink is attached; with a sink, each operation builds a
 * plain event and hands it over with its sequence number, virtual time and
 * (optionally) the learner's source location.
 */
import type { SourceLocation, TraceEvent } from "./events";
import { currentLearnerLocation } from "./location";

/**
 * Receives every event, in order. It must not throw; if it does, the event is
 * lost, not the program. A sink that also carries `rows` (TraceRecorder's
 * does) takes the engine's frequent events as rows instead of objects.
 */
export type TraceSink = ((event: TraceEvent) => void) & { readonly rows?: RowSink };

/**
 * The engine's frequent events as calls with their fields, so a recorder can
 * keep them without an object each. Each call is the next event in sequence
 * (see peekSeq) and takes the current time itself; ids are already assigned.
 */
export interface RowSink {
  /** @param kind the Deferred's class, named as describeFunction names it. */
  created(id: number, kind: Function, hasCanceller: boolean, location: SourceLocation | null): void;
  added(id: number, index: number, callback: unknown, errback: unknown, location: SourceLocation | null): void;
  fired(id: number, errback: boolean, value: unknown, location: SourceLocation | null): void;
  /**
   * @param outcome 0 value, 1 failure, 2 raised, 3 deferred.
   * @param outputDeferred when the output is a Deferred, its trace id (its label is made from it); otherwise 0.
   */
  invoked(
    id: number,
    index: number,
    errback: boolean,
    fn: unknown,
    input: unknown,
    output: unknown,
    outcome: 0 | 1 | 2 | 3,
    outputDeferred: number,
    location: SourceLocation | null,
  ): void;
  chained(id: number, to: number, viaChainDeferred: boolean, paused: number, location: SourceLocation | null): void;
  chainResult(id: number, to: number, value: unknown, paused: number, location: SourceLocation | null): void;
  /** Delayed calls carry their own clock's time (a task.Clock is not the reactor). */
  scheduled(call: number, time: number, at: number, fn: unknown, location: SourceLocation | null): void;
  callFired(call: number, time: number): void;
  /**
   * The sequence number the next event will take. A row sink numbers its
   * own rows (row i of a trace is its first seq plus i, so writing a row
   * costs no counter), so while it is attached it, not the tracer, holds
   * the count; events it drops after its limit still take their numbers.
   */
  peekSeq(): number;
  /** The sink becomes the attached one and its next event takes `seq`. */
  continueFrom(seq: number): void;
}

/** Where a trace reads the learner's current location (see TraceOptions.locationSource). */
export interface LocationSource {
  readonly location: SourceLocation | null;
}

/** How a sink wants its events. */
export interface TraceOptions {
  /** Gives the current virtual time; defaults to whatever setTimeSource set (0 at first). */
  readonly timeSource?: () => number;
  /**
   * Capture the learner's source line for each event (default true). A
   * capture costs a JavaScript stack walk, a few microseconds; turn it off
   * for cheap tracing of hot loops.
   */
  readonly locations?: boolean;
  /**
   * Holds the learner's current location, kept up to date by its owner (e.g.
   * the line the instrumented program last reported); read instead of a
   * stack walk. A field read, not a call: every Deferred event reads it.
   */
  readonly locationSource?: LocationSource;
}

/** Everything the tracer holds for one sink: what activateTrace swaps in and out. */
export interface TraceContext {
  sink: TraceSink | null;
  seq: number;
  /** The next Deferred id: each trace numbers its own objects from 1, so the same run gives the same trace. */
  nextId: number;
  /** The next delayed call id: calls are numbered apart from Deferreds, so each kind counts 1, 2, 3 without gaps. */
  nextCallId: number;
  timeSource: () => number;
  captureLocations: boolean;
  locationSource: LocationSource | null;
}

/**
 * The state hot paths read: `sink`, null when tracing is off, and `rows`,
 * the sink's row methods when it has them (null otherwise).
 */
export const tracing: { sink: TraceSink | null; rows: RowSink | null } = { sink: null, rows: null };

let seq = 0;
let timeSource: () => number = () => 0;
let captureLocations = true;
let locationSource: LocationSource | null = null;
let nextId = 1;
let nextCallId = 1;

/**
 * Attaches `sink` (or detaches with null). Sequence numbers restart at 0 for
 * each new sink; ids keep counting, so an object keeps its id across sinks.
 * @param options time source and whether to capture learner locations.
 */
export function setTraceSink(sink: TraceSink | null, options: TraceOptions = {}): void {
  tracing.sink = sink;
  tracing.rows = sink?.rows ?? null;
  activeContext = null;
  seq = 0;
  tracing.rows?.continueFrom(0);
  if (options.timeSource) timeSource = options.timeSource;
  captureLocations = options.locations ?? true;
  locationSource = options.locationSource ?? null;
}

/** A fresh context for a sink of its own (a recording world), with sequence numbers from 0. */
export function newTraceContext(sink: TraceSink, options: TraceOptions = {}): TraceContext {
  return {
    sink,
    seq: 0,
    nextId: 1,
    nextCallId: 1,
    timeSource: options.timeSource ?? (() => 0),
    captureLocations: options.locations ?? true,
    locationSource: options.locationSource ?? null,
  };
}

/**
 * Makes `context` the active one (null: tracing off) and returns the one it
 * replaces, with its sequence number saved, so several worlds can each keep
 * their own trace: a world activates its context while it runs code, then
 * puts the previous one back.
 */
export function activateTrace(context: TraceContext | null): TraceContext | null {
  const previous = captureActive();
  activeContext = context;
  tracing.sink = context?.sink ?? null;
  tracing.rows = tracing.sink?.rows ?? null;
  if (context) {
    seq = context.seq;
    tracing.rows?.continueFrom(seq);
    nextId = context.nextId;
    nextCallId = context.nextCallId;
    timeSource = context.timeSource;
    captureLocations = context.captureLocations;
    locationSource = context.locationSource;
  }
  return previous;
}

let activeContext: TraceContext | null = null;

/** The active context with the globals' current values written back into it. */
function captureActive(): TraceContext | null {
  if (!tracing.sink) return null;
  const context: TraceContext = activeContext ?? { sink: tracing.sink, seq: currentSeq(), nextId, nextCallId, timeSource, captureLocations, locationSource };
  context.sink = tracing.sink;
  context.seq = currentSeq();
  context.nextId = nextId;
  context.nextCallId = nextCallId;
  context.timeSource = timeSource;
  context.captureLocations = captureLocations;
  context.locationSource = locationSource;
  return context;
}

/** The sequence number the next event takes: a row sink, while attached, keeps the count (see RowSink.peekSeq). */
function currentSeq(): number {
  const rows = tracing.rows;
  return rows !== null ? rows.peekSeq() : seq;
}

/** The sequence number of the last event delivered (-1 before any). */
export function lastSeq(): number {
  return currentSeq() - 1;
}

/** Sets the function that gives virtual time for events (e.g. `() => reactor.seconds()`). */
export function setTimeSource(source: () => number): void {
  timeSource = source;
}

/** Restarts id numbering at 1, for tests that compare traces of fresh objects. */
export function resetTraceIds(): void {
  nextId = 1;
  nextCallId = 1;
}

/** A new id for a Deferred in the trace: Deferreds count 1, 2, 3 by themselves, as the learner meets them. */
export function newTraceId(): number {
  return nextId++;
}

/** A new id for a delayed call in the trace, counted apart from Deferreds. */
export function newCallTraceId(): number {
  return nextCallId++;
}

/**
 * The learner location of the current call, if the sink wants locations.
 * Call only while a sink is attached.
 */
export function traceLocation(): SourceLocation | null {
  if (locationSource !== null) return locationSource.location;
  return captureLocations ? currentLearnerLocation() : null;
}

/**
 * The learner line that made the current call (addCallback, callback). A
 * location source (a recording world) already knows it: its instrumented
 * program reports each call's line as the call is made, after any helper in
 * the same statement has returned. Without one this is a stack walk for the
 * innermost learner frame, falling back to traceLocation when there is none.
 */
export function traceCallSite(): SourceLocation | null {
  if (locationSource !== null) return locationSource.location;
  if (!captureLocations) return null;
  return currentLearnerLocation() ?? traceLocation();
}

/**
 * The next sequence number, for an event object about to be delivered. Call
 * once per event, only while a sink is attached. A row sink counts the event
 * when it receives it, kept or dropped; otherwise the tracer counts it here.
 */
export function nextSeq(): number {
  const rows = tracing.rows;
  return rows !== null ? rows.peekSeq() : seq++;
}

/** The current virtual time, from the time source. */
export function traceTime(): number {
  return timeSource();
}

/**
 * Hands a complete event to the sink. Builders fill every field in one object
 * literal (seq from nextSeq, time, location) so each event keeps one compact
 * shape. A sink that throws is detached, so a broken UI never breaks the
 * learner's program.
 */
export function deliver(event: TraceEvent): void {
  const sink = tracing.sink;
  if (sink === null) return;
  try {
    sink(event);
  } catch {
    seq = currentSeq();
    tracing.sink = null;
    tracing.rows = null;
  }
}
