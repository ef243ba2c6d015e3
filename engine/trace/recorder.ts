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
 * event is read. A row is 32 bytes, so recording writes a few words per
 * event. Everything else arrives as a finished event object through `sink`
 * and is kept as it is. Reading `events` (or `slice`) builds the plain
 * TraceEvent objects, each exactly as the engine would have delivered it,
 * once per event.
 *
 * The tables rows point into are kept by name-table.ts (function names) and
 * text-table.ts (rendered values); event-size.ts measures the byte budget,
 * row-export.ts packs rows for another thread, rows.ts says what a row holds.
 */
import { describeFunction } from "./describe";
import { ROW_BYTES, sizeOf } from "./event-size";
import type { SourceLocation, TraceEvent } from "./events";
import { NameTable } from "./name-table";
import { NOTHING_SENT, countsOf, rowBatch, runAt, type SentCounts } from "./row-export";
import {
  A,
  ADDED,
  B,
  C,
  CALL_FIRED,
  CONSTANT_TEXTS,
  CHAIN_RESULT,
  CHAINED,
  CREATED,
  D,
  ERRBACK,
  FIRED,
  INVOKED,
  IS_DOUBLE,
  IS_TEXT,
  KIND,
  LINE,
  LOC,
  N0,
  N1,
  OBJECT,
  OUTCOME_SHIFT,
  SCHEDULED,
  SECOND_IS_DEFERRED,
  STRIDE,
  buildRow,
  type RowTables,
  type TraceRows,
} from "./rows";
import { TextTable } from "./text-table";
import { traceTime, type RowSink, type TraceSink } from "./tracer";

/** The index of "undefined" among the texts (see CONSTANT_TEXTS). */
const UNDEFINED_TEXT = CONSTANT_TEXTS.indexOf("undefined");

/**
 * Bytes of content the recorder keeps before it ends the trace, whatever
 * the event count: a program printing long lines, or opening thousands of
 * connections (each change snapshots them all), fills this first.
 */
const DEFAULT_BYTE_BUDGET = 32 * 1024 * 1024;

export class TraceRecorder implements RowSink, RowTables {
  /** True once the limit was reached and later events are being dropped. */
  full = false;
  private readonly limit: number;
  private readonly byteBudget: number;
  /** Rows go up to this index: the last one the limit leaves is for trace.limitReached. */
  private readonly lastRow: number;
  /** A row fits while the bytes spent are at most this. */
  private readonly rowBytesLeft: number;
  /** Rows below this index can be written without a check (see makeRoom); lowered whenever bytes are spent on other things. */
  private roomUntil = 0;
  /** Bytes spent on locals and finished events beyond their rows (rows count ROW_BYTES each by `count`; the texts count their own). */
  private bytes = 0;
  private count = 0;
  private capacity = 0;
  private rows: Int32Array<ArrayBuffer> = new Int32Array(0);
  /** The seq of row 0: row i's is firstSeq + i, so a row costs no counter. */
  private firstSeq = 0;
  /** Events dropped since the limit was reached: each still took its seq, as one handed to a full sink does. */
  private dropped = 0;
  /**
   * Virtual time as runs: the rows from `runStarts[k]` on (until the next
   * start) happened at `runTimes[k]`. Time changes far less often than rows
   * are written, so a row costs a compare, not a stored time.
   */
  private runStarts: Int32Array<ArrayBuffer> = new Int32Array(64);
  private runTimes: Float64Array<ArrayBuffer> = new Float64Array(64);
  private runCount = 0;
  /** The time of the last run, NaN before the first. */
  private runTime = Number.NaN;
  /** The run the last build read, so reading rows in order finds each time at once. */
  private readRun = 0;
  /** Function and class names, kept across runs (their indices are sent again after clear). */
  private readonly nameTable = new NameTable();
  /** The class of the last Deferred created, and its name's index. */
  private lastKind: Function | null = null;
  private lastKindName = 0;
  /** Rendered values that are not numbers, and variables' texts. */
  private textTable = new TextTable();
  /** Numbers that are not whole or too large for a slot. */
  /** @internal read by buildRow */ doubles: number[] = [];
  /** Locations, each kept once. */
  /** @internal read by buildRow */ places: SourceLocation[] = [];
  private placeIndex = new Map<SourceLocation, number>();
  private lastPlace: SourceLocation | null = null;
  private lastPlaceIndex = -1;
  /** Finished events of OBJECT rows. */
  /** @internal read by buildRow */ objects: TraceEvent[] = [];
  /** A LINE row's variables: pairs of a name's index and its text's index. */
  /** @internal read by buildRow */ locals: number[] = [];
  /** Where the LINE row being written starts in `rows`. */
  private lineRow = -1;
  /** The name last met at each position of a line's variables, and its index in the name table. */
  private readonly localNames: string[] = [];
  private readonly localNameIndices: number[] = [];
  /** How many entries of each table exportRows has sent. */
  private sent: SentCounts = NOTHING_SENT;
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

  /** @internal read by buildRow */
  get names(): readonly string[] {
    return this.nameTable.names;
  }

  /** @internal read by buildRow */
  get texts(): readonly string[] {
    return this.textTable.texts;
  }

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

  /** Forgets every event (a new run starts); the next one takes the seq after the last one's. */
  clear(): void {
    this.firstSeq = this.peekSeq();
    this.dropped = 0;
    this.count = 0;
    this.bytes = 0;
    this.roomUntil = 0;
    this.runCount = 0;
    this.runTime = Number.NaN;
    this.readRun = 0;
    this.full = false;
    this.places = [];
    this.placeIndex = new Map();
    this.lastPlace = null;
    this.textTable = new TextTable();
    this.locals = [];
    this.sent = NOTHING_SENT;
    this.objects = [];
    this.built = [];
    this.doubles = [];
  }

  /**
   * The rows from `from` to the end, with the entries of the tables that
   * were added since the last call (the first call sends them all): what a
   * TraceRowDecoder on another thread needs to build the same events.
   */
  exportRows(from: number): TraceRows {
    const batch = rowBatch({ rows: this.rows, runStarts: this.runStarts.subarray(0, this.runCount), runTimes: this.runTimes.subarray(0, this.runCount), count: this.count, firstSeq: this.firstSeq }, this, this.sent, from);
    this.sent = countsOf(this);
    return batch;
  }

  // RowSink: the sequence numbers, then the engine's frequent events, one row each.

  peekSeq(): number {
    return this.firstSeq + this.count + this.dropped;
  }

  continueFrom(seq: number): void {
    // Rows already kept keep their numbers; an empty trace starts at `seq`.
    if (this.count === 0 && this.dropped === 0) this.firstSeq = seq;
  }

  created(id: number, kind: Function, hasCanceller: boolean, location: SourceLocation | null): void {
    const r = this.row(CREATED, location, traceTime());
    if (r < 0) return;
    const rows = this.rows;
    rows[r + A] = id;
    rows[r + C] = hasCanceller ? 1 : 0;
    if (kind !== this.lastKind) {
      this.lastKind = kind;
      this.lastKindName = this.nameTable.of(describeFunction(kind));
    }
    rows[r + D] = this.lastKindName;
  }

  added(id: number, index: number, callback: unknown, errback: unknown, location: SourceLocation | null): void {
    const r = this.row(ADDED, location, traceTime());
    if (r < 0) return;
    const rows = this.rows;
    rows[r + A] = id;
    rows[r + B] = index;
    rows[r + C] = this.nameTable.ofFunction(callback);
    rows[r + D] = this.nameTable.ofFunction(errback);
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
    rows[r + D] = this.nameTable.ofFunction(fn);
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
    const rows = this.rows;
    rows[r + A] = call;
    rows[r + D] = this.nameTable.ofFunction(fn);
    // A whole time (a LoopingCall's next tick, a delay in whole seconds) is kept as it is.
    if ((at | 0) === at) {
      rows[r + C] = 0;
      rows[r + N0] = at;
    } else {
      rows[r + C] = IS_DOUBLE;
      rows[r + N0] = this.doubles.length;
      this.doubles.push(at);
    }
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
    if (!this.startLine(line, location, time)) return;
    for (const name in locals) this.local(name, locals[name]!);
    this.endLine();
  }

  /**
   * Starts a line's row; its variables follow through `local`, then
   * `endLine`. The caller renders each variable straight into the trace,
   * with no object of rendered texts in between.
   * @returns false when the trace is full: then add no variables.
   */
  startLine(line: number, location: SourceLocation | null, time: number): boolean {
    const r = this.row(LINE, location, time);
    this.lineRow = r;
    if (r < 0) return false;
    const rows = this.rows;
    rows[r + A] = line;
    rows[r + B] = this.locals.length;
    rows[r + C] = 0;
    return true;
  }

  /** A variable of the line started last, and its rendered value. */
  local(name: string, text: string): void {
    const position = this.rows[this.lineRow + C]!;
    // A line's variables come in the same order each time it runs: the name at this position is likely the last one's.
    let nameIndex = this.localNameIndices[position]!;
    if (this.localNames[position] !== name) {
      nameIndex = this.nameTable.of(name);
      this.localNames[position] = name;
      this.localNameIndices[position] = nameIndex;
    }
    this.locals.push(nameIndex, this.textTable.ofLocal(nameIndex, text));
    this.rows[this.lineRow + C] = position + 1;
    this.bytes += 8;
  }

  /** The line started last has all its variables. */
  endLine(): void {
    if (this.rows[this.lineRow + C]! > 0) this.resetRoom();
  }

  /** Keeps a finished event (everything but the frequent kinds). */
  private keep(event: TraceEvent): void {
    if (this.full) {
      this.dropped++;
      return;
    }
    const size = sizeOf(event);
    if (this.count >= this.lastRow || this.spent() + size > this.byteBudget) {
      this.dropped++;
      this.end();
      return;
    }
    this.bytes += size - ROW_BYTES;
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

  /** Starts a row (time, location; its seq is its index's); returns where it starts in `rows`, or -1 when the trace is full. */
  private row(kind: number, location: SourceLocation | null, time: number): number {
    const i = this.count;
    // One compare in the common case: rows below `roomUntil` need no other check.
    if (i >= this.roomUntil && !this.makeRoom(i)) return -1;
    if (time !== this.runTime) this.startRun(i, time);
    const r = i * STRIDE;
    const rows = this.rows;
    rows[r + KIND] = kind;
    rows[r + LOC] = location === null ? -1 : this.placeOf(location);
    this.count = i + 1;
    return r;
  }

  /** Row `i` is the first at `time`. */
  private startRun(i: number, time: number): void {
    const k = this.runCount;
    if (k === this.runStarts.length) {
      const starts = new Int32Array(2 * k);
      starts.set(this.runStarts);
      this.runStarts = starts;
      const times = new Float64Array(2 * k);
      times.set(this.runTimes);
      this.runTimes = times;
    }
    this.runStarts[k] = i;
    this.runTimes[k] = time;
    this.runCount = k + 1;
    this.runTime = time;
  }

  /** Bytes spent so far: rows, texts and the rest. */
  private spent(): number {
    return this.count * ROW_BYTES + this.bytes + this.textTable.bytes;
  }

  /**
   * Row `i` reached `roomUntil`: grows the columns, or ends the trace when
   * the limit or the byte budget is reached (the row is then dropped, but
   * counted). Sets `roomUntil` to the next row that needs a look.
   * @returns whether row `i` may be written.
   */
  private makeRoom(i: number): boolean {
    if (this.full) {
      this.dropped++;
      return false;
    }
    if (i >= this.lastRow || this.spent() > this.rowBytesLeft) {
      this.dropped++;
      this.end();
      return false;
    }
    if (i >= this.capacity) this.grow(i);
    this.resetRoom();
    return true;
  }

  /** Rows that fit in the columns, the limit and the byte budget as it stands. */
  private resetRoom(): void {
    const byBytes = this.count + Math.floor((this.rowBytesLeft - this.spent()) / ROW_BYTES) + 1;
    this.roomUntil = Math.max(0, Math.min(this.capacity, this.lastRow, byBytes));
  }

  private placeOf(location: SourceLocation | null): number {
    if (location === null) return -1;
    if (location === this.lastPlace) return this.lastPlaceIndex;
    // Locations are shared objects (one per learner line): each is kept once, however often the lines alternate.
    let index = this.placeIndex.get(location);
    if (index === undefined) {
      index = this.places.length;
      this.places.push(location);
      this.placeIndex.set(location, index);
    }
    this.lastPlace = location;
    this.lastPlaceIndex = index;
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
    // Undefined is a constant text: what a callback returns when it returns nothing.
    if (value === undefined) {
      this.rows[slot] = UNDEFINED_TEXT;
      return IS_TEXT;
    }
    // A Failure (or Deferred) handed down a chain is the same object event after event.
    const texts = this.textTable;
    if (value === texts.lastLabelled) {
      this.rows[slot] = texts.lastLabelledText;
      return IS_TEXT;
    }
    return this.otherValue(value, slot);
  }

  private otherValue(value: unknown, slot: number): number {
    if (typeof value === "number") {
      this.rows[slot] = this.doubles.length;
      this.doubles.push(value);
      return IS_DOUBLE;
    }
    const texts = this.textTable;
    const spent = texts.bytes;
    this.rows[slot] = texts.ofValue(value);
    if (texts.bytes !== spent) this.resetRoom();
    return IS_TEXT;
  }

  private end(): void {
    this.full = true;
    this.roomUntil = 0;
    this.object({ type: "trace.limitReached", seq: this.peekSeq(), time: traceTime(), location: null, limit: this.limit });
  }

  /** Makes room for row `i`. */
  private grow(i: number): void {
    const capacity = Math.min(Math.max(1024, this.capacity * 2), Math.max(this.limit, i + 1));
    const rows = new Int32Array(capacity * STRIDE);
    rows.set(this.rows);
    this.rows = rows;
    this.capacity = capacity;
  }

  /** The virtual time of row `i` (an OBJECT row's own event has its time; its row may read any). */
  private timeOf(i: number): number {
    const starts = this.runStarts;
    const runs = this.runCount;
    if (runs === 0) return 0;
    let k = this.readRun;
    // Rows are usually read in order: row i is then in the run read last or the next one.
    if (k >= runs || starts[k]! > i || (k + 2 < runs && starts[k + 2]! <= i)) k = runAt(starts, runs, i);
    else if (k + 1 < runs && starts[k + 1]! <= i) k++;
    this.readRun = k;
    return this.runTimes[k]!;
  }

  /** The plain event for row `i`, with its fields in the order the engine delivers them. */
  private build(i: number): TraceEvent {
    const event = buildRow(this.rows, i * STRIDE, this.firstSeq + i, this.timeOf(i), this);
    if (event === undefined) throw new Error(`trace recorder: row ${i} cannot be read`);
    return event;
  }
}
