import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../trace/events";
import { describeEvent, formatTime } from "./describe-event";
import { CHAINED, FAILING, FAN_IN, TRIPLE } from "../../test/fixtures/debugger-programs";
import { recordRun } from "../../test/support/record-run";
import { TraceIndex } from "./trace-index";
import { World } from "../runtime/world";

/** Every sentence of a run, in order. */
function sentences(program: string): string[] {
  const trace = new TraceIndex(recordRun(program));
  return trace.events.map((_, index) => describeEvent(trace, index, program.split("\n")));
}

function sentenceFor(program: string, test: (event: TraceEvent) => boolean): string {
  const trace = new TraceIndex(recordRun(program));
  const index = trace.events.findIndex(test);
  return describeEvent(trace, index, program.split("\n"));
}

describe("describing a step in one sentence", () => {
  it("says when the learner used the page's panel, before the handler it reached runs", () => {
    const program = [
      'import { reactor } from "twisted/internet";',
      'import * as pagesupport from "pagesupport";',
      "pagesupport.install().onClick((text) => console.log(text));",
      "reactor.run();",
    ].join("\n");
    const world = new World({ record: {} });
    world.start(program, "page.ts");
    world.uiEvent("click", "lunch");
    world.runUntilIdle();
    const trace = new TraceIndex([...world.trace]);
    const all = trace.events.map((_, index) => describeEvent(trace, index, program.split("\n")));
    const used = all.indexOf(`You use the page's panel: click "lunch".`);
    expect(used).toBeGreaterThan(-1);
    expect(all.findIndex((sentence, index) => index > used && sentence.includes("prints “lunch”"))).toBeGreaterThan(used);
  });

  it("says when the clock reaches a timer and what it runs, quoting the line that scheduled it", () => {
    expect(sentenceFor(TRIPLE, (e) => e.type === "reactor.event" && e.kind === "timer")).toBe(
      "Clock reached 2.0 s: the reactor runs the call scheduled on line 4: reactor.callLater(2, () => d.callback(x * 3))",
    );
  });

  it("names the variables a line runs with that changed since the last line", () => {
    expect(sentences(TRIPLE)).toContain("Line 8 runs with v = 9.");
  });

  it("says what a callback returned", () => {
    expect(sentences(TRIPLE)).toContain("Callback #0 of Deferred #1 returned 10.");
  });

  it("tells a Failure's path: fired on the errback side, passed through, re-raised, left unhandled and reported", () => {
    const all = sentences(FAILING);
    expect(all).toContain("Line 5 fires Deferred #1 with errback([Failure UnknownUser: nobody]): the Failure starts down the errback side.");
    expect(all).toContain("Errback #0 of Deferred #1 is a pass-through: the Failure goes on down the errback side.");
    expect(all).toContain('Errback #1 of Deferred #1 raised UnknownUser("nobody"): the Failure stays on the errback side.');
    expect(all).toContain(
      "Errback #2 of Deferred #1 is a pass-through: the Failure goes on down the errback side. That was the last pair: the Failure is left at the end of the chain, unhandled.",
    );
    expect(all).toContain(
      "Unhandled error in Deferred #1: [Failure instance: UnknownUser: nobody] reached the end of its chain and nothing handled it.",
    );
  });

  it("names an anonymous function by its text on the line that passed it", () => {
    const all = sentences(FAILING);
    expect(all).toContain("Line 5 schedules () => d.errback(…) to run at 1.0 s (call #1).");
    expect(all).toContain("Line 9 adds pair #0 to Deferred #1: callback (status) => \"line: \" + status (errback: pass-through).");
    expect(all).toContain("Line 10 adds pair #1 to Deferred #1: errback (reason) => {…} (callback: pass-through).");
  });

  it("explains waiting on a chained Deferred and the hand-back", () => {
    const all = sentences(CHAINED);
    expect(all).toContain("Callback #0 of Deferred #1 returned Deferred #2, which has no result yet: Deferred #1 waits for it.");
    expect(all).toContain("Deferred #1 waits for Deferred #2: its chain is paused until #2 has a result.");
    expect(all).toContain("Deferred #2 hands its result 5 back to Deferred #1, which runs on.");
  });

  it("names a DeferredList's fan-in and a cancellation", () => {
    const all = sentences(FAN_IN);
    expect(all).toContain("Line 5 creates DeferredList #3, which waits for 2 Deferreds.");
    expect(all).toContain("DeferredList #3 adds its pair to Deferred #2 (slot 1), to collect its result.");
    expect(all).toContain("Line 9 cancels Deferred #4.");
  });

  it("numbers Deferreds 1, 2, 3 as the program creates them, and delayed calls apart from them", () => {
    const trace = new TraceIndex(recordRun(FAN_IN));
    const deferreds = trace.events.flatMap((e) => (e.type === "deferred.created" ? [e.deferred] : []));
    const calls = trace.events.flatMap((e) => (e.type === "delayedCall.scheduled" ? [e.call] : []));
    expect(deferreds).toEqual([1, 2, 3, 4]);
    expect(calls).toEqual([1, 2, 3, 4]);
  });

  it("describes the loop itself: the top level, waiting, stopping", () => {
    const all = sentences(TRIPLE);
    expect(all[0]).toBe("The program starts: its top level runs, line by line.");
    expect(all).toContain("The top level has finished: reactor.run() hands control to the reactor's loop.");
    expect(all).toContain("Nothing is due: the reactor waits until 2.0 s.");
    expect(all).toContain("The reactor shuts down (reactor.stop() was called).");
    expect(all.at(-1)).toBe("The reactor has stopped: nothing more will run.");
  });

  it("writes virtual times in seconds with a tenth, or milliseconds when finer", () => {
    expect([formatTime(0), formatTime(2), formatTime(0.25), formatTime(1.23456), formatTime(2.00001)]).toEqual(["0.0 s", "2.0 s", "0.25 s", "1.235 s", "2.0 s"]);
  });
});
