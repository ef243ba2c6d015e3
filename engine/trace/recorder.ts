/**
 * A sink that keeps events, the trace a debugger steps through. It is
 * capped: the last event it keeps says the limit was reached, so a runaway
 * program cannot eat the page's memory.
 *
 * Recording is part of every run in the app, so it must be cheap. The
 * engine's frequent events (a Deferred created, a pair added, a callback
 * run, a delayed call scheduled or fired) arrive through the `rows` methods
 * and are kept as rows of one Int32Array: no object per event, and a number
 * passed through a callback is kept as a number and rendered only when the
 * event is read. A row is 32 bytes: recording writes a few words per event,
 * and a full trace of 100,000 events fits in a processor's cache. Everything else arrives as a finished event object through
 * `sink` and is kept as it is. Reading `events` (or `slice`) builds the
 * plain TraceEvent objects, each exactly as the engine would have delivered
 * it, once per event.
 */
import { deferredLabel, describeFunction, describeValue, traceLabel } from "./describe";
import type { SourceLocation, TraceEvent } from "./events";
import { nextSeq, traceTime, type RowSink, type TraceSink } from "./tracer";

import {
  A,
  ADDED,
  B,
  C,
  CALL_FIRED,
  LINE,
  CHAIN_RESULT,
  CHAINED,
  CONSTANT_TEXTS,
  CREATED,
  D,
  ERRBACK,
  FIRED,
  INVOKED,
  IS_DOUBLE,
  IS_TEXT,
  KIND,
  LOC,
  N0,
  N1,
  OBJECT,
  OUTCOME_SHIFT,
  SCHEDULED,
  SECOND_IS_DEFERRED,
  STRIDE,
  buildRow,
  type TraceRows,
} from "./rows";

/**
 * Bytes of content the recorder keeps before it ends the trace, whatever
 * the event count: a program printing long lines, or opening thousands of
 * connections (each change snapshots them all), fills this first.
 */
const DEFAULT_BYTE_BUDGET = 32 * 1024 * 1024;
/** What one row costs in the columns, near enough. */
const ROW_BYTES = STRIDE * 4;

/** Functions whose names were looked up last (chains reuse a few), and the index of each name. */
const NAME_CACHE = 4;

export class TraceRecorder implements RowSink {
  /** True once the limit was reached and later events are being dropped. */
  full = false;
  private readonly limit: number;
  private readonly byteBudget: number;
  /** Rows go up to this index: the last one the limit leaves is for trace.limitReached. */
  private readonly lastRow: number;
  /** A row fits while `bytes` is at most this. */
  private readonly rowBytesLeft: number;
  /** Rows below this index can be written without a check (see makeRoom); lowered whenever bytes are spent on other things. */
  private roomUntil = 0;
  private bytes = 0;
  private count = 0;
  private capacity = 0;
  private rows: Int32Array<ArrayBuffer> = new Int32Array(0);
  /** The seq of row 0. */
  private firstSeq = 0;
  /** Each row's virtual time. */
  private timeColumn: Float64Array<ArrayBuffer> = new Float64Array(0);
  /** Numbers that are not whole or too large for a slot. */
  /** @internal read by buildRow */ doubles: number[] = [];
  /** Locations, each kept once per run of rows that share it. */
  /** @internal read by buildRow */ places: SourceLocation[] = [];
  private lastPlace: SourceLocation | null = null;
  /** Function and class names, each kept once. */
  /** @internal read by buildRow */ names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private readonly cachedFns: unknown[] = new Array(NAME_CACHE).fill(null);
  private readonly cachedNames: number[] = new Array(NAME_CACHE).fill(0);
  private nextCacheSlot = 0;
  private lastFn: unknown = null;
  private lastName = 0;
  private previousFn: unknown = null;
  private previousName = 0;
  /** The class of the last Deferred created, and its name's index. */
  private lastKind: Function | null = null;
  private lastKindName = 0;
  /** Rendered values that are not numbers, starting with the constants (see CONSTANT_TEXTS). */
  /** @internal read by buildRow */ texts: string[] = [...CONSTANT_TEXTS];
  /** The labelled object (a Deferred, a Failure) whose text is the last of `texts`, if any. */
  private lastLabelled: unknown = null;
  private lastLabelledText = 0;
  /** Finished events of OBJECT rows. */
  /** @internal read by buildRow */ objects: TraceEvent[] = [];
  /** @internal read by buildRow */ locals: number[] = [];
  /** For each variable name's index, the text index of its last value. */
  private lastLocalText: number[] = [];
  /** How many entries of each table exportRows has sent. */
  private exported = { names: 0, texts: 0, doubles: 0, places: 0, objects: 0, locals: 0 };
  /** The events built so far for `events`, in order. */
  private built: TraceEvent[] = [];

  /**
   * @param limit how many events to keep, the last being trace.limitReached (default 100,000).
   * @param byteBudget roughly how many bytes of events to keep before ending the same way (default 32 MB).
   */
  constructor(limit = 100_000, byteBudget = DEFAULT_BYTE_BUDGET) {
    if (!(limit >= 2)) throw new RangeError("a trace recorder needs room for at least 2 events");
    this.limit = limit;
    this.lastRow = limit - 1;
    // Kept within small-integer range, so the per-row checks stay integer compares.
    this.byteBudget = Math.min(byteBudget, 1 << 30);
    this.rowBytesLeft = this.byteBudget - ROW_BYTES;
  }

  /** The function to pass to setTraceSink. It carries the rows, so the engine's frequent events skip building objects. */
  readonly sink: TraceSink = Object.assign((event: TraceEvent) => this.keep(event), { rows: this as RowSink });

  /** How many events are kept. */
  get length(): number {
    return this.count;
  }

  /** The events so far, in order: built on first read and kept, so reading again is cheap. Never rewritten, only appended to. */
  get events(): TraceEvent[] {
    const built = this.built;
    for (let i = built.length; i < this.count; i++) built.push(this.build(i));
    return built;
  }

  /** The events from `from` to the end, built afresh unless `events` already holds them. */
  slice(from: number): TraceEvent[] {
    const out = this.built.slice(from);
    for (let i = Math.max(from, this.built.length); i < this.count; i++) out.push(this.build(i));
    return out;
  }

  /** The type of the last event kept, or null. */
  lastType(): TraceEvent["type"] | null {
    return this.count === 0 ? null : this.build(this.count - 1).type;
  }

  /** Forgets every event (a new run starts). */
  clear(): void {
    this.count = 0;
    this.bytes = 0;
    this.roomUntil = 0;
    this.full = false;
    this.places = [];
    this.lastPlace = null;
    this.texts = [...CONSTANT_TEXTS];
    this.locals = [];
    this.lastLocalText = [];
    this.exported = { names: 0, texts: 0, doubles: 0, places: 0, objects: 0, locals: 0 };
    this.lastLabelled = null;
    this.objects = [];
    this.built = [];
    this.doubles = [];
  }

  // RowSink: the engine's frequent events, one row each.

  created(id: number, kind: Function, hasCanceller: boolean, location: SourceLocation | null): void {
    const r = this.row(CREATED, location, traceTime());
    if (r < 0) return;
    const rows = this.rows;
    rows[r + A] = id;
    rows[r + C] = hasCanceller ? 1 : 0;
    if (kind !== this.lastKind) {
      this.lastKind = kind;
      this.lastKindName = this.nameOf(describeFunction(kind));
    }
    rows[r + D] = this.lastKindName;
  }

  added(id: number, index: number, callback: unknown, errback: unknown, location: SourceLocation | null): void {
    const r = this.row(ADDED, location, traceTime());
    if (r < 0) return;
    const rows = this.rows;
    rows[r + A] = id;
    rows[r + B] = index;
    rows[r + C] = this.nameOfFunction(callback);
    rows[r + D] = this.nameOfFunction(errback);
  }

  fired(id: number, errback: boolean, value: unknown, location: SourceLocation | null): void {
    const r = this.row(FIRED, location, traceTime());
    if (r < 0) return;
    this.rows[r + A] = id;
    this.rows[r + C] = (errback ? ERRBACK : 0) | this.value(value, r + N0);
  }

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
  ): void {
    const r = this.row(INVOKED, location, traceTime());
    if (r < 0) return;
    const rows = this.rows;
    rows[r + A] = id;
    rows[r + B] = index;
    rows[r + C] =
      (errback ? ERRBACK : 0) |
      (outcome << OUTCOME_SHIFT) |
      this.value(input, r + N0) |
      (outputDeferred > 0 ? ((rows[r + N1] = outputDeferred), SECOND_IS_DEFERRED) : this.value(output, r + N1) << 1);
    rows[r + D] = this.nameOfFunction(fn);
  }

  chained(id: number, to: number, viaChainDeferred: boolean, paused: number, location: SourceLocation | null): void {
    const r = this.row(CHAINED, location, traceTime());
    if (r < 0) return;
    const rows = this.rows;
    rows[r + A] = id;
    rows[r + B] = to;
    rows[r + C] = paused;
    rows[r + D] = viaChainDeferred ? 1 : 0;
  }

  chainResult(id: number, to: number, value: unknown, paused: number, location: SourceLocation | null): void {
    const r = this.row(CHAIN_RESULT, location, traceTime());
    if (r < 0) return;
    const rows = this.rows;
    rows[r + A] = id;
    rows[r + B] = to;
    rows[r + C] = paused;
    rows[r + D] = this.value(value, r + N0);
  }

  scheduled(call: number, time: number, at: number, fn: unknown, location: SourceLocation | null): void {
    const r = this.row(SCHEDULED, location, time);
    if (r < 0) return;
    this.rows[r + A] = call;
    this.rows[r + D] = this.nameOfFunction(fn);
    this.rows[r + N0] = this.doubles.length;
    this.doubles.push(at);
  }

  callFired(call: number, time: number): void {
    const r = this.row(CALL_FIRED, null, time);
    if (r >= 0) this.rows[r + A] = call;
  }

  /**
   * A line of learner code with its variables, already rendered: kept as a
   * row and pairs of indices, a variable's text reused while it stays the same.
   */
  line(line: number, location: SourceLocation | null, time: number, locals: Readonly<Record<string, string>>): void {
    const r = this.row(LINE, location, time);
    if (r < 0) return;
    const pairs = this.locals;
    const rows = this.rows;
    rows[r + A] = line;
    rows[r + B] = pairs.length;
    let count = 0;
    for (const name in locals) {
      const text = locals[name]!;
      const nameIndex = this.nameOf(name);
      let textIndex = this.lastLocalText[nameIndex];
      if (textIndex === undefined || this.texts[textIndex] !== text) {
        textIndex = this.texts.length;
        this.texts.push(text);
        this.lastLocalText[nameIndex] = textIndex;
        this.bytes += text.length;
      }
      pairs.push(nameIndex, textIndex);
      count++;
    }
    rows[r + C] = count;
    this.bytes += 8 * count;
    if (count > 0) this.resetRoom();
  }

  /** Keeps a finished event (everything but the frequent kinds). */
  private keep(event: TraceEvent): void {
    if (this.full) return;
    const size = sizeOf(event);
    if (this.count >= this.lastRow || this.bytes + size > this.byteBudget) {
      this.end();
      return;
    }
    this.bytes += size;
    this.object(event);
    this.resetRoom();
  }

  private object(event: TraceEvent): void {
    const i = this.count;
    if (i >= this.capacity) this.grow(i);
    if (i === 0) this.firstSeq = event.seq;
    const r = i * STRIDE;
    const rows = this.rows;
    rows[r + KIND] = OBJECT;
    rows[r + LOC] = this.placeOf(event.location);
    rows[r + A] = this.objects.length;
    this.objects.push(event);
    this.count = i + 1;
  }

  /** Starts a row (seq, time, location); returns where it starts in `rows`, or -1 when the trace is full. */
  private row(kind: number, location: SourceLocation | null, time: number): number {
    // A dropped event still takes its sequence number, as one handed to a full sink does.
    const seq = nextSeq();
    const i = this.count;
    // One compare in the common case: rows below `roomUntil` need no other check.
    if (i >= this.roomUntil && !this.makeRoom(i)) return -1;
    this.bytes += ROW_BYTES;
    if (i === 0) this.firstSeq = seq;
    this.timeColumn[i] = time;
    const r = i * STRIDE;
    const rows = this.rows;
    rows[r + KIND] = kind;
    rows[r + LOC] = location === null ? -1 : this.placeOf(location);
    this.count = i + 1;
    return r;
  }

  /**
   * Row `i` reached `roomUntil`: grows the columns, or ends the trace when
   * the limit or the byte budget is reached. Sets `roomUntil` to the next
   * row that needs a look. @returns whether row `i` may be written.
   */
  private makeRoom(i: number): boolean {
    if (this.full) return false;
    if (i >= this.lastRow || this.bytes > this.rowBytesLeft) {
      this.end();
      return false;
    }
    if (i >= this.capacity) this.grow(i);
    this.resetRoom();
    return true;
  }

  /** Rows that fit in the columns, the limit and the byte budget as it stands. */
  private resetRoom(): void {
    const byBytes = this.count + Math.floor((this.rowBytesLeft - this.bytes) / ROW_BYTES) + 1;
    this.roomUntil = Math.max(0, Math.min(this.capacity, this.lastRow, byBytes));
  }

  /** The time of row `i`. */
  private timeOf(i: number): number {
    return this.timeColumn[i]!;
  }

  private placeOf(location: SourceLocation | null): number {
    if (location === null) return -1;
    if (location !== this.lastPlace) {
      this.lastPlace = location;
      this.places.push(location);
    }
    return this.places.length - 1;
  }

  /** The index of a function's name for the trace (see describeFunction). */
  private nameOfFunction(fn: unknown): number {
    // The last two functions first: a chain's pairs alternate a callback and passthru.
    if (fn === this.lastFn) return this.lastName;
    if (fn === this.previousFn) {
      const name = this.previousName;
      this.previousFn = this.lastFn;
      this.previousName = this.lastName;
      this.lastFn = fn;
      return (this.lastName = name);
    }
    const cached = this.cachedFns;
    for (let k = 0; k < NAME_CACHE; k++) {
      if (cached[k] === fn) {
        this.remember(fn, this.cachedNames[k]!);
        return this.lastName;
      }
    }
    return this.lookUpName(fn);
  }

  private remember(fn: unknown, name: number): void {
    this.previousFn = this.lastFn;
    this.previousName = this.lastName;
    this.lastFn = fn;
    this.lastName = name;
  }

  private lookUpName(fn: unknown): number {
    const cached = this.cachedFns;
    const index = this.nameOf(describeFunction(fn));
    this.remember(fn, index);
    const slot = this.nextCacheSlot;
    cached[slot] = fn;
    this.cachedNames[slot] = index;
    this.nextCacheSlot = (slot + 1) % NAME_CACHE;
    return index;
  }

  private nameOf(name: string): number {
    let index = this.nameIndex.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, index);
    }
    return index;
  }

  /**
   * Fills a value slot: a number stays raw (rendered when read); anything
   * else is rendered now, as it is at this moment.
   * @returns the first slot's flags for what the slot holds: 0 (a whole number), IS_TEXT or IS_DOUBLE.
   */
  private value(value: unknown, slot: number): number {
    // Small enough to be inlined where it is called: whole numbers, the usual case, cost a store.
    if (typeof value === "number" && (value | 0) === value) {
      this.rows[slot] = value;
      return 0;
    }
    return this.otherValue(value, slot);
  }

  private otherValue(value: unknown, slot: number): number {
    if (typeof value === "number") {
      this.rows[slot] = this.doubles.length;
      this.doubles.push(value);
      return IS_DOUBLE;
    }
    // undefined, null, true and false (a callback that returns nothing): no text each.
    const constant = constantText(value);
    if (constant >= 0) {
      this.rows[slot] = constant;
      return IS_TEXT;
    }
    // A Deferred or Failure passed along a chain is described once (their labels do not change).
    if (value === this.lastLabelled && value !== null) {
      this.rows[slot] = this.lastLabelledText;
      return IS_TEXT;
    }
    const text = describeValue(value);
    this.bytes += text.length;
    this.resetRoom();
    this.rows[slot] = this.texts.length;
    this.texts.push(text);
    this.lastLabelled = typeof value === "object" && value !== null && traceLabel in value ? value : null;
    this.lastLabelledText = this.texts.length - 1;
    return IS_TEXT;
  }

  private end(): void {
    this.full = true;
    this.roomUntil = 0;
    this.object({ type: "trace.limitReached", seq: nextSeq(), time: traceTime(), location: null, limit: this.limit });
  }

  /** Makes room for row `i`. */
  private grow(i: number): void {
    const capacity = Math.min(Math.max(1024, this.capacity * 2), Math.max(this.limit, i + 1));
    const rows = new Int32Array(capacity * STRIDE);
    rows.set(this.rows);
    this.rows = rows;
    const times = new Float64Array(capacity);
    times.set(this.timeColumn);
    this.timeColumn = times;
    this.capacity = capacity;
  }

  /** The plain event for row `i`, with its fields in the order the engine delivers them. */
  private build(i: number): TraceEvent {
    const event = buildRow(this.rows, i * STRIDE, this.firstSeq + i, this.timeOf(i), this);
    if (event === undefined) throw new Error(`trace recorder: row ${i} cannot be read`);
    return event;
  }

  /**
   * The rows from `from` to the end, with the entries of the tables that
   * were added since the last call (the first call sends them all): what a
   * TraceRowDecoder on another thread needs to build the same events. A
   * structured clone of it is a few typed and string arrays, not an object
   * per event.
   */
  exportRows(from: number): TraceRows {
    const exported = this.exported;
    // Times as runs: the row where each new time starts, and the time.
    const timeStarts: number[] = [];
    const times: number[] = [];
    let last = Number.NaN;
    for (let i = from; i < this.count; i++) {
      const time = this.timeColumn[i]!;
      if (time === last) continue;
      last = time;
      timeStarts.push(i);
      times.push(time);
    }
    const batch: TraceRows = {
      from,
      firstSeq: this.firstSeq,
      rows: this.rows.slice(from * STRIDE, this.count * STRIDE),
      timeStarts,
      times,
      names: this.names.slice(exported.names),
      texts: this.texts.slice(exported.texts),
      doubles: this.doubles.slice(exported.doubles),
      places: this.places.slice(exported.places),
      locals: this.locals.slice(exported.locals),
      objects: this.objects.slice(exported.objects),
    };
    this.exported = {
      names: this.names.length,
      texts: this.texts.length,
      doubles: this.doubles.length,
      places: this.places.length,
      objects: this.objects.length,
      locals: this.locals.length,
    };
    return batch;
  }
}

/** The index of `value` among CONSTANT_TEXTS, or -1. */
function constantText(value: unknown): number {
  if (value === undefined) return 0;
  if (value === null) return 1;
  if (value === true) return 2;
  if (value === false) return 3;
  return -1;
}

/** Roughly what keeping `event` costs, in bytes: its row and its longer strings. */
function sizeOf(event: TraceEvent): number {
  switch (event.type) {
    case "output":
      return ROW_BYTES + event.text.length;
    case "input":
      return ROW_BYTES + event.detail.length;
    case "line": {
      let bytes = ROW_BYTES * 3;
      for (const name in event.locals) bytes += name.length + event.locals[name]!.length;
      return bytes;
    }
    case "reactor.snapshot":
      return ROW_BYTES + 150 * (event.ports.length + event.connections.length + event.threads.length + (event.processes?.length ?? 0));
    default:
      return ROW_BYTES;
  }
}
