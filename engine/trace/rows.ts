/**
 * The layout of a trace recorder's rows, and how a row becomes its plain
 * event: shared by the recorder (engine/trace/recorder.ts) and by the
 * decoder that rebuilds events from rows sent to another thread
 * (row-decoder.ts), so both build exactly the same events.
 */
import { deferredLabel } from "./describe";
import type { SourceLocation, TraceEvent } from "./events";

/** Row kinds. OBJECT rows hold a finished event. */
export const OBJECT = 0;
export const CREATED = 1;
export const ADDED = 2;
export const FIRED = 3;
export const INVOKED = 4;
export const CHAINED = 5;
export const CHAIN_RESULT = 6;
export const SCHEDULED = 7;
export const CALL_FIRED = 8;
/** A line of learner code: A its number, B where its variables start in `locals`, C how many. */
export const LINE = 9;

/**
 * A row is eight int32s: its kind and location (index in `places`, or -1),
 * then an id (a Deferred's, a call's, or an OBJECT row's event), an index or
 * target id, flags or a pause count, a name's index, and two values (whole
 * numbers as they are; otherwise the index of a rendered text or of a number
 * in `doubles`). A row's seq is the first row's plus its index (every event
 * of a trace reaches its recorder, in order); its time is kept apart, as
 * runs of rows at one time, in the recorder and across threads (`timeStarts`, `times`).
 */
export const STRIDE = 8;
export const KIND = 0;
export const LOC = 1;
export const A = 2;
export const B = 3;
export const C = 4;
export const D = 5;
export const N0 = 6;
export const N1 = 7;
/** Flag bits in a row's third int. */
export const ERRBACK = 1;
export const OUTCOME_SHIFT = 1;
/**
 * What a value slot holds besides a whole number: the index of its rendered
 * text, or of a number in `doubles`. These are the first slot's bits; the
 * second slot's are the same shifted left by one (16 and 128).
 */
export const IS_TEXT = 8;
export const IS_DOUBLE = 64;
/** The second value slot holds a Deferred's id, for its label. */
export const SECOND_IS_DEFERRED = 32;

export const OUTCOMES = ["value", "failure", "raised", "deferred"] as const;
export const SIDES = ["callback", "errback"] as const;
export const VIAS = ["callback", "chainDeferred"] as const;

/** The texts every trace starts with, at these indices (see the recorder's constantText). */
export const CONSTANT_TEXTS = ["undefined", "null", "true", "false"] as const;

/** The tables rows point into. */
export interface RowTables {
  readonly names: readonly string[];
  readonly texts: readonly string[];
  readonly doubles: readonly number[];
  readonly places: readonly SourceLocation[];
  /** A LINE row's variables: pairs of a name's index and its text's index. */
  readonly locals: readonly number[];
  /** Finished events of OBJECT rows; null for one a decoder rejected. */
  readonly objects: readonly (TraceEvent | null)[];
}

/**
 * Rows from `from` on and the table entries added since the previous batch:
 * what TraceRecorder.exportRows gives and TraceRowDecoder.decode takes.
 * Times: row `timeStarts[k]` and those after it (until the next start) happened at `times[k]`.
 */
export interface TraceRows {
  readonly from: number;
  readonly firstSeq: number;
  readonly rows: Int32Array<ArrayBuffer>;
  readonly timeStarts: number[];
  readonly times: number[];
  readonly names: string[];
  readonly texts: string[];
  readonly doubles: number[];
  readonly places: SourceLocation[];
  readonly locals: number[];
  readonly objects: TraceEvent[];
}

/**
 * The plain event of the row starting at `r`, with its fields in the order
 * the engine delivers them; undefined when the row is not one a recorder
 * writes (an unknown kind, an id below 1, or an index its tables lack).
 */
export function buildRow(rows: Int32Array, r: number, seq: number, time: number, tables: RowTables): TraceEvent | undefined {
  const kind = rows[r + KIND]!;
  const a = rows[r + A]!;
  if (kind === OBJECT) return tables.objects[a] ?? undefined;
  if (a < 1) return undefined;
  const place = rows[r + LOC]!;
  const location = place < 0 ? null : tables.places[place];
  if (location === undefined) return undefined;
  const b = rows[r + B]!;
  const c = rows[r + C]!;
  const d = rows[r + D]!;
  const names = tables.names;
  switch (kind) {
    case CREATED: {
      const name = names[d];
      return name === undefined ? undefined : { type: "deferred.created", seq, time, location, deferred: a, kind: name, hasCanceller: c === 1 };
    }
    case ADDED: {
      const callback = names[c];
      const errback = names[d];
      if (callback === undefined || errback === undefined || b < 0) return undefined;
      return { type: "deferred.callbackAdded", seq, time, location, deferred: a, index: b, callback, errback };
    }
    case FIRED: {
      const value = text(rows, r + N0, c, tables);
      return value === undefined ? undefined : { type: "deferred.fired", seq, time, location, deferred: a, side: SIDES[c & ERRBACK]!, value };
    }
    case INVOKED: {
      const fn = names[d];
      const input = text(rows, r + N0, c, tables);
      const output = c & SECOND_IS_DEFERRED ? deferredLabel(rows[r + N1]!) : text(rows, r + N1, c >> 1, tables);
      if (fn === undefined || input === undefined || output === undefined || b < 0) return undefined;
      return { type: "deferred.invoked", seq, time, location, deferred: a, index: b, side: SIDES[c & ERRBACK]!, fn, input, output, outcome: OUTCOMES[(c >> OUTCOME_SHIFT) & 3]! };
    }
    case CHAINED:
      return b < 1 ? undefined : { type: "deferred.chained", seq, time, location, deferred: a, to: b, via: VIAS[d & 1]!, paused: c };
    case CHAIN_RESULT: {
      const value = text(rows, r + N0, d, tables);
      return value === undefined || b < 1 ? undefined : { type: "deferred.chainResult", seq, time, location, deferred: a, to: b, value, paused: c };
    }
    case SCHEDULED: {
      const at = c & IS_DOUBLE ? tables.doubles[rows[r + N0]!] : rows[r + N0]!;
      const fn = names[d];
      return at === undefined || fn === undefined ? undefined : { type: "delayedCall.scheduled", seq, time, location, call: a, at, fn };
    }
    case CALL_FIRED:
      return { type: "delayedCall.fired", seq, time, location, call: a };
    case LINE: {
      const locals: Record<string, string> = {};
      const pairs = tables.locals;
      if (b < 0 || c < 0 || b + 2 * c > pairs.length) return undefined;
      for (let k = b; k < b + 2 * c; k += 2) {
        const name = names[pairs[k]!];
        const value = tables.texts[pairs[k + 1]!];
        if (name === undefined || value === undefined) return undefined;
        locals[name] = value;
      }
      return { type: "line", seq, time, location, line: a, locals };
    }
    default:
      return undefined;
  }
}

/** The text of a value slot. @param flags the row's flags, shifted so the slot's are IS_TEXT and IS_DOUBLE. */
function text(rows: Int32Array, slot: number, flags: number, tables: RowTables): string | undefined {
  const value = rows[slot]!;
  if (flags & IS_TEXT) return tables.texts[value];
  if (flags & IS_DOUBLE) {
    const number = tables.doubles[value];
    return number === undefined ? undefined : String(number);
  }
  return String(value);
}
