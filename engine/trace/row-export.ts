/**
 * A recorder's rows as a batch for another thread (TraceRows): the rows from
 * a given one on, their times as runs, and the entries each table gained
 * since the previous batch. A structured clone of it is a few typed and
 * string arrays, not an object per event.
 */
import { STRIDE, type RowTables, type TraceRows } from "./rows";

/** How many entries of each table were sent in earlier batches. */
export interface SentCounts {
  readonly names: number;
  readonly texts: number;
  readonly doubles: number;
  readonly places: number;
  readonly objects: number;
  readonly locals: number;
}

export const NOTHING_SENT: SentCounts = { names: 0, texts: 0, doubles: 0, places: 0, objects: 0, locals: 0 };

/** The recorder's columns: `count` rows of STRIDE ints, each with its time. */
export interface RowColumns {
  readonly rows: Int32Array<ArrayBuffer>;
  readonly times: Float64Array<ArrayBuffer>;
  readonly count: number;
  readonly firstSeq: number;
}

/** The batch of rows `from` to the end, with the table entries after `sent`. */
export function rowBatch(columns: RowColumns, tables: RowTables, sent: SentCounts, from: number): TraceRows {
  // Times as runs: the row where each new time starts, and the time.
  const timeStarts: number[] = [];
  const times: number[] = [];
  let last = Number.NaN;
  for (let i = from; i < columns.count; i++) {
    const time = columns.times[i]!;
    if (time === last) continue;
    last = time;
    timeStarts.push(i);
    times.push(time);
  }
  return {
    from,
    firstSeq: columns.firstSeq,
    rows: columns.rows.slice(from * STRIDE, columns.count * STRIDE),
    timeStarts,
    times,
    names: tables.names.slice(sent.names),
    texts: tables.texts.slice(sent.texts),
    doubles: tables.doubles.slice(sent.doubles),
    places: tables.places.slice(sent.places),
    locals: tables.locals.slice(sent.locals),
    objects: tables.objects.slice(sent.objects) as TraceRows["objects"],
  };
}

/** What `tables` holds now: the counts sent once a batch of them has gone. */
export function countsOf(tables: RowTables): SentCounts {
  return {
    names: tables.names.length,
    texts: tables.texts.length,
    doubles: tables.doubles.length,
    places: tables.places.length,
    objects: tables.objects.length,
    locals: tables.locals.length,
  };
}
