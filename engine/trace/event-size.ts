/**
 * What keeping an event costs a recorder, near enough: the measure of its
 * byte budget, so a program printing long lines or holding thousands of
 * connections ends its trace before it fills the page's memory.
 */
import { STRIDE } from "./rows";
import type { TraceEvent } from "./events";

/** What one row costs in the columns. */
export const ROW_BYTES = STRIDE * 4;

/** Roughly what keeping `event` costs, in bytes: its row and its longer strings. */
export function sizeOf(event: TraceEvent): number {
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
