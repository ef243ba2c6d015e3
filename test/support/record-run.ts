/**
 * Records a learner program's whole run as the debugger receives it: the top
 * level paused before the reactor, then one reactor event at a time, as the
 * Step button asks the runner. For tests and measurements.
 */
import { World } from "../../engine/runtime/world";
import type { TraceEvent } from "../../engine/trace/events";

/**
 * @param source the learner's program.
 * @param options `steps`: the most reactor events to run (default 10,000); `limit`: the trace cap.
 * @returns the recorded trace.
 */
export function recordRun(source: string, options: { readonly steps?: number; readonly limit?: number; readonly file?: string } = {}): TraceEvent[] {
  const world = new World({ record: { limit: options.limit } });
  world.startPaused(source, options.file ?? "program.ts");
  for (let i = 0; i < (options.steps ?? 10_000) && world.stepNext(); i++);
  return [...world.trace];
}
