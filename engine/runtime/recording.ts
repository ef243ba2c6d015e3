/**
 * Records one world's run for the debugger: the engine's own trace events
 * (Deferreds, delayed calls) plus the world around them (each reactor event,
 * each line of learner code with its variables, output, the network, the
 * learner's inputs), into one capped, append-only trace.
 */
import { describeValue } from "../trace/describe";
import type { SourceLocation, TraceEvent } from "../trace/events";
import { TraceRecorder } from "../trace/recorder";
import { deliver, newTraceContext, nextSeq, tracing, type TraceContext } from "../trace/tracer";
import type { StepRecord } from "../twisted/internet/simulated-reactor";

/** What the recording reads from the world it records. */
export interface RecordedWorld {
  seconds(): number;
  isRunning(): boolean;
  snapshot(): Pick<Extract<TraceEvent, { type: "reactor.snapshot" }>, "ports" | "connections" | "threads" | "processes">;
  nextEventTime(): number | null;
}

/** Characters of one input (a send from the terminal) kept in its trace event. */
const MAX_INPUT_CHARS = 2000;

/** Variables rendered per line are capped: a line event stays small. */
const MAX_LOCALS = 12;

export class WorldRecording {
  readonly recorder: TraceRecorder;
  readonly context: TraceContext;
  /** The learner's current location, which the trace reads for each Deferred event (TraceOptions.locationSource: a field, not a call). */
  private readonly current: { location: SourceLocation | null } = { location: null };
  private lastSnapshot = "";
  private readonly locations: SourceLocation[] = [];

  constructor(
    private readonly world: RecordedWorld,
    private readonly file: string,
    limit = 100_000,
    byteBudget?: number,
  ) {
    this.recorder = new TraceRecorder(limit, byteBudget);
    this.context = newTraceContext(this.recorder.sink, {
      timeSource: () => world.seconds(),
      locationSource: this.current,
    });
  }

  /** The events so far. */
  get events(): readonly TraceEvent[] {
    return this.recorder.events;
  }

  /** How many events so far (without building them). */
  get length(): number {
    return this.recorder.length;
  }

  /** The events from `from` on, built afresh (see TraceRecorder.slice). */
  slice(from: number): TraceEvent[] {
    return this.recorder.slice(from);
  }

  /** A statement is about to run (called by the instrumented program). */
  line(line: number, locals: () => Record<string, unknown>): void {
    this.current.location = this.locationOf(line);
    // A full trace keeps nothing more: skip rendering the variables.
    if (!tracing.sink || this.recorder.full) return;
    let values: Record<string, unknown> | null = null;
    try {
      values = locals();
    } catch {
      // A variable in its temporal dead zone, or a throwing getter: show none.
    }
    // Its own recorder keeps the line as a row, each variable rendered straight into it;
    // another sink (a test's) gets the event.
    const recorder = this.recorder;
    if (tracing.sink === recorder.sink) {
      if (!recorder.startLine(line, this.current.location, this.world.seconds())) return;
      if (values !== null) renderLocals(values, recorder);
      recorder.endLine();
      return;
    }
    const rendered = new RenderedLocals();
    if (values !== null) renderLocals(values, rendered);
    deliver({ type: "line", seq: nextSeq(), time: this.world.seconds(), location: this.current.location, line, locals: rendered.locals });
  }

  /** A call on `line` is about to be made: the events it causes happen there (see instrument.ts). */
  callAt(line: number): void {
    this.current.location = this.locationOf(line);
  }

  /** One shared location per line: events on a line point at the same object, and none is made per statement. */
  private locationOf(line: number): SourceLocation {
    return (this.locations[line] ??= { file: this.file, line, column: 1 });
  }

  programStarted(): void {
    this.emit({ type: "program.started", file: this.file });
  }

  programEnded(status: "running" | "exited" | "error" | "blocked", message: string | null): void {
    this.emit({ type: "program.ended", status, message });
  }

  /** The reactor is about to dispatch one event. */
  eventStarted(record: StepRecord): void {
    this.snapshotIfChanged();
    this.current.location = null;
    this.emit({ type: "reactor.event", kind: record.kind, label: record.label, call: record.call, cause: record.cause });
  }

  /** The world finished a batch of work: record what changed, and that the loop now waits. */
  afterWork(): void {
    this.snapshotIfChanged();
    this.current.location = null;
    if (this.recorder.lastType() !== "reactor.idle") this.emit({ type: "reactor.idle", next: this.world.nextEventTime() });
  }

  output(stream: "stdout" | "stderr" | "log" | "error", text: string): void {
    this.emit({ type: "output", stream, text });
  }

  input(action: "connect" | "send" | "close" | "exec" | "page", detail: string): void {
    this.current.location = null;
    // A 50 MB paste into nc is one send: the trace keeps its start and its length.
    const shown = detail.length > MAX_INPUT_CHARS ? `${detail.slice(0, MAX_INPUT_CHARS)}… (${detail.length} characters in all)` : detail;
    this.emit({ type: "input", action, detail: shown });
  }

  private snapshotIfChanged(): void {
    if (this.recorder.full) return;
    const snapshot = { running: this.world.isRunning(), ...this.world.snapshot() };
    const key = JSON.stringify(snapshot);
    if (key === this.lastSnapshot) return;
    this.lastSnapshot = key;
    this.emit({ type: "reactor.snapshot", ...snapshot });
  }

  private emit<E extends DistributiveOmit<TraceEvent, "seq" | "time" | "location">>(event: E): void {
    if (!tracing.sink) return;
    deliver({ ...event, seq: nextSeq(), time: this.world.seconds(), location: this.current.location } as TraceEvent);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Where renderLocals puts each variable it shows: a recorder, or a plain record of them. */
interface LocalsSink {
  local(name: string, text: string): void;
}

class RenderedLocals implements LocalsSink {
  readonly locals: Record<string, string> = {};
  local(name: string, text: string): void {
    this.locals[name] = text;
  }
}

/** Renders the variables worth showing (at most MAX_LOCALS) into `into`, in order. */
function renderLocals(locals: Record<string, unknown>, into: LocalsSink): void {
  let count = 0;
  // The instrumenter builds `locals` as a plain object literal: its own keys, in order.
  for (const name in locals) {
    const value = locals[name];
    if (typeof value === "function" && isCapitalised(name)) continue;
    if (value === undefined && name === "this") continue;
    if (count++ >= MAX_LOCALS) break;
    // A record's __proto__ cannot hold a text: that variable was never shown.
    if (name === "__proto__") continue;
    into.local(name, describeValue(value));
  }
}

/** A class-like name (A to Z first): classes are not worth showing as variables. */
function isCapitalised(name: string): boolean {
  const first = name.charCodeAt(0);
  return first >= 65 && first <= 90;
}
