/**
 * Rebuilds trace events from the rows a TraceRecorder exports (see
 * TraceRecorder.exportRows), on the other side of a thread boundary. The
 * rows come from the thread that runs learner code, so nothing in them is
 * trusted: table entries of the wrong type are replaced, finished events
 * are validated against the schema, and a row that points outside its
 * tables is dropped, as a malformed event is.
 */
import type { SourceLocation, TraceEvent } from "./events";
import { STRIDE, buildRow, type RowTables, type TraceRows } from "./rows";
import { parseTraceEvent } from "./validate";

/** TraceRows as they arrive: the tables' entries not yet checked. */
export type UntrustedRows = Omit<TraceRows, "places" | "objects"> & { readonly places: readonly unknown[]; readonly objects: readonly unknown[] };

/** Decodes one run's batches, in order: each batch adds to the tables of the ones before it. */
export class TraceRowDecoder implements RowTables {
  readonly names: string[] = [];
  readonly texts: string[] = [];
  readonly doubles: number[] = [];
  readonly places: SourceLocation[] = [];
  readonly objects: (TraceEvent | null)[] = [];
  readonly locals: number[] = [];

  /** The events of `batch`'s rows, in order, without the rows that cannot be read. */
  decode(batch: UntrustedRows): TraceEvent[] {
    for (const name of batch.names) this.names.push(typeof name === "string" ? name : "?");
    for (const text of batch.texts) this.texts.push(typeof text === "string" ? text : "?");
    for (const number of batch.doubles) this.doubles.push(typeof number === "number" ? number : Number.NaN);
    for (const place of batch.places) this.places.push(isLocation(place) ? place : { file: "?", line: 0, column: 0 });
    for (const object of batch.objects) this.objects.push(parseTraceEvent(object));
    for (const index of batch.locals) this.locals.push(Number.isInteger(index) ? index : -1);
    const rows = batch.rows;
    const events: TraceEvent[] = [];
    if (!(rows instanceof Int32Array) || !isCount(batch.from) || !isCount(batch.firstSeq)) return events;
    const starts = batch.timeStarts;
    const times = batch.times;
    let change = 0;
    const count = Math.floor(rows.length / STRIDE);
    for (let k = 0; k < count; k++) {
      const i = batch.from + k;
      while (change + 1 < starts.length && starts[change + 1]! <= i) change++;
      const time = times[change];
      if (typeof time !== "number") continue;
      const event = buildRow(rows, k * STRIDE, batch.firstSeq + i, time, this);
      if (event !== undefined) events.push(event);
    }
    return events;
  }
}

function isLocation(value: unknown): value is SourceLocation {
  if (typeof value !== "object" || value === null) return false;
  const place = value as Record<string, unknown>;
  return typeof place.file === "string" && Number.isInteger(place.line) && Number.isInteger(place.column);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
