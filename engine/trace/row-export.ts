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

/**
 * The recorder's columns: `count` rows of STRIDE ints, and their times as
 * runs (rows from `runStarts[k]` on happened at `runTimes[k]`).
 */
export interface RowColumns {
  readonly rows: Int32Array<ArrayBuffer>;
  readonly runStarts: ArrayLike<number>;
  readonly runTimes: ArrayLike<number>;
  readonly count: number;
  readonly firstSeq: number;
}

/** The batch of rows `from` to the end, with the table entries after `sent`. */
export function rowBatch(columns: RowColumns, tables: RowTables, sent: SentCounts, from: number): TraceRows {
  // The batch's runs start at `from` (a run there, with the time of the run it falls in), then each later run.
  const timeStarts: number[] = [];
  const times: number[] = [];
  const { runStarts, runTimes } = columns;
  if (from < columns.count) {
    let k = runAt(runStarts, runStarts.length, from);
    timeStarts.push(from);
    times.push(runTimes[k] ?? 0);
    for (k++; k < runStarts.length; k++) {
      if (runStarts[k]! >= columns.count) break;
      timeStarts.push(runStarts[k]!);
      times.push(runTimes[k]!);
    }
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

/** The run row `i` falls in: the last k below `runs` with starts[k] <= i (0 when there is none). @param starts ascending. */
export function runAt(starts: ArrayLike<number>, runs: number, i: number): number {
  let low = 0;
  let high = runs - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= i) low = middle;
    else high = middle - 1;
  }
  return Math.max(low, 0);
}
