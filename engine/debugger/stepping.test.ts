import { describe, expect, it } from "vitest";
import { TRIPLE } from "../../test/fixtures/debugger-programs";
import { recordRun } from "../../test/support/record-run";
import { nextStop, stopInNewEvents } from "./stepping";
import { TraceIndex } from "./trace-index";

describe("stepping over a recorded trace", () => {
  const trace = new TraceIndex(recordRun(TRIPLE));
  const types = (indices: number[]) => indices.map((i) => trace.events[i]!.type);

  it("Step moves from one reactor event to the next, and reports the end of the trace", () => {
    const stops: number[] = [];
    for (let at: number | null = 0; (at = nextStop(trace, at, "event")) !== null; ) stops.push(at);
    expect(types(stops).every((type) => type === "reactor.event")).toBe(true);
    expect(stops.length).toBe(trace.reactorEvents.length);
  });

  it("Step line visits every line event in order", () => {
    const stops: number[] = [];
    for (let at: number | null = 0; (at = nextStop(trace, at, "line")) !== null; ) stops.push(at);
    expect(stops).toEqual(trace.lines);
  });

  it("Step back and Step back line retrace the same stops, ending at the first event", () => {
    const end = trace.length - 1;
    const back: number[] = [];
    for (let at: number | null = end; (at = nextStop(trace, at, "back-event")) !== null; ) back.push(at);
    expect(back).toEqual([...trace.reactorEvents].reverse().concat(0));
    const backLines: number[] = [];
    for (let at: number | null = end; (at = nextStop(trace, at, "back-line")) !== null; ) backLines.push(at);
    expect(backLines).toEqual([...trace.lines].reverse().concat(0));
  });

  it("after the live run steps one more event, lands on it, or on its first line for Step line", () => {
    const timer = trace.reactorEvents.find((i) => trace.events[i]!.type === "reactor.event" && (trace.events[i] as { kind: string }).kind === "timer")!;
    expect(stopInNewEvents(trace, timer - 1, "event")).toBe(timer);
    const line = stopInNewEvents(trace, timer - 1, "line")!;
    expect(trace.events[line]).toMatchObject({ type: "line", line: 4 });
    expect(stopInNewEvents(trace, trace.length, "event")).toBeNull();
  });
});
