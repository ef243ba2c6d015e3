import { describe, expect, it } from "vitest";
import { MARK_FAILURE, MARK_OUTPUT, MARK_STEP, MARK_UNHANDLED, timelineMarkers } from "./markers";
import { BUSY, FAILING } from "../../test/fixtures/debugger-programs";
import { recordRun } from "../../test/support/record-run";
import { TraceIndex } from "./trace-index";

describe("the timeline's markers", () => {
  it("mark each event of a short trace: reactor events, output, the Failure and its report", () => {
    const trace = new TraceIndex(recordRun(FAILING));
    const { flags, size } = timelineMarkers(trace, 240);
    expect(size).toBe(1);
    const marked = (flag: number) => [...flags.keys()].filter((i) => flags[i]! & flag);
    expect(marked(MARK_STEP)).toEqual(trace.reactorEvents);
    expect(marked(MARK_OUTPUT)).toEqual(trace.outputs);
    expect(marked(MARK_UNHANDLED)).toEqual(trace.unhandled);
    expect(marked(MARK_FAILURE).map((i) => trace.events[i]!.type)).toEqual(["deferred.fired", "deferred.invoked"]);
  });

  it("fold a long trace into at most the buckets asked for", () => {
    const trace = new TraceIndex(recordRun(BUSY));
    const markers = timelineMarkers(trace, 100);
    expect(markers.flags.length).toBeLessThanOrEqual(100);
    expect(markers.size * markers.flags.length).toBeGreaterThanOrEqual(trace.length);
  });
});
