/**
 * The trace switch. Engine hot paths test `tracing.sink !== null` and do
 * nothing else when no sink is attached; with a sink, each operation builds a
 * plain event and hands it over with its sequence number, virtual time and
 * (optionally) the learner's source location.
 */
import type { SourceLocation, TraceEvent } from "./events";
import { currentLearnerLocation } from "./location";

/** Receives every event, in order. It must not throw; if it does, the event is lost, not the program. */
export type TraceSink = (event: TraceEvent) => void;

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
}

/** The state hot paths read: one property, null when tracing is off. */
export const tracing: { sink: TraceSink | null } = { sink: null };

let seq = 0;
let timeSource: () => number = () => 0;
let captureLocations = true;
let nextId = 1;

/**
 * Attaches `sink` (or detaches with null). Sequence numbers restart at 0 for
 * each new sink; ids keep counting, so an object keeps its id across sinks.
 * @param options time source and whether to capture learner locations.
 */
export function setTraceSink(sink: TraceSink | null, options: TraceOptions = {}): void {
  tracing.sink = sink;
  seq = 0;
  if (options.timeSource) timeSource = options.timeSource;
  captureLocations = options.locations ?? true;
}

/** Sets the function that gives virtual time for events (e.g. `() => reactor.seconds()`). */
export function setTimeSource(source: () => number): void {
  timeSource = source;
}

/** Restarts id numbering at 1, for tests that compare traces of fresh objects. */
export function resetTraceIds(): void {
  nextId = 1;
}

/** A new id for an object that appears in the trace. Ids are shared by all kinds of objects. */
export function newTraceId(): number {
  return nextId++;
}

/**
 * The learner location of the current call, if the sink wants locations.
 * Call only while a sink is attached.
 */
export function traceLocation(): SourceLocation | null {
  return captureLocations ? currentLearnerLocation() : null;
}

/** The next sequence number. Call once per event, only while a sink is attached. */
export function nextSeq(): number {
  return seq++;
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
    tracing.sink = null;
  }
}
