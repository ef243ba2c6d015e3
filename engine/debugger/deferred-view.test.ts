import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../trace/events";
import { deferredAt, type DeferredView } from "./deferred-view";
import { CHAINED, FAILING, FAN_IN, RECOVERING } from "../../test/fixtures/debugger-programs";
import { recordRun } from "../../test/support/record-run";
import { TraceIndex } from "./trace-index";

function find(trace: TraceIndex, test: (event: TraceEvent) => boolean): number {
  const index = trace.events.findIndex(test);
  if (index < 0) throw new Error("no such event");
  return index;
}

/** Each link as "callback|errback ran-side outcome -> then-side", the way the chain view draws it. */
function path(view: DeferredView): string[] {
  return view.links.map((link) => `#${link.position} ${link.callback}|${link.errback} ${link.run ? `${link.run.side} ${link.run.outcome} -> ${link.run.then}` : "not run"}`);
}

describe("a Deferred's callback chain at a cursor", () => {
  it("does not exist before the step that creates it", () => {
    const trace = new TraceIndex(recordRun(FAILING));
    expect(deferredAt(trace, 1, find(trace, (e) => e.type === "deferred.created") - 1)).toBeNull();
  });

  it("shows its pairs before it fires, none of them run", () => {
    const trace = new TraceIndex(recordRun(FAILING));
    const view = deferredAt(trace, 1, find(trace, (e) => e.type === "program.ended"))!;
    expect(view.status).toBe("unfired");
    expect(view.line).toBe(4);
    expect(path(view)).toEqual(["#0 <anonymous>|passthru not run", "#1 passthru|<anonymous> not run", "#2 <anonymous>|passthru not run"]);
  });

  it("carries a Failure down the errback side, through an errback that re-raises, and flags it left unhandled at the end", () => {
    const trace = new TraceIndex(recordRun(FAILING));
    const end = find(trace, (e) => e.type === "deferred.invoked" && e.index === 2);
    const view = deferredAt(trace, 1, end)!;
    expect(view.fired).toMatchObject({ side: "errback", value: "[Failure UnknownUser: nobody]", line: 5 });
    expect(path(view)).toEqual([
      "#0 <anonymous>|passthru errback failure -> errback",
      "#1 passthru|<anonymous> errback raised -> errback",
      "#2 <anonymous>|passthru errback failure -> errback",
    ]);
    expect(view.status).toBe("unhandled");
    expect(view.unhandled).toEqual({ failure: "[Failure UnknownUser: nobody]", reported: false });
    expect(view.activeLink).toBe(2);
  });

  it("is not flagged while pairs are still to run", () => {
    const trace = new TraceIndex(recordRun(FAILING));
    const middle = find(trace, (e) => e.type === "deferred.invoked" && e.index === 1);
    const view = deferredAt(trace, 1, middle)!;
    expect(view.status).toBe("running");
    expect(view.unhandled).toBeNull();
  });

  it("says when Twisted reports the unhandled error", () => {
    const trace = new TraceIndex(recordRun(FAILING));
    const view = deferredAt(trace, 1, find(trace, (e) => e.type === "deferred.unhandled"))!;
    expect(view.unhandled?.reported).toBe(true);
  });

  it("crosses to the errback side when a callback raises, and back when an errback recovers", () => {
    const trace = new TraceIndex(recordRun(RECOVERING));
    const view = deferredAt(trace, 1, trace.length - 1)!;
    expect(path(view)).toEqual([
      "#0 <anonymous>|passthru callback raised -> errback",
      "#1 passthru|<anonymous> errback value -> callback",
      "#2 <anonymous>|passthru callback value -> callback",
    ]);
    expect(view.links.map((link) => link.run?.output)).toEqual(["[Failure RangeError: too big: 5]", "-1", "-2"]);
    expect(view.result).toEqual({ value: "-2", failure: false });
    expect(view.status).toBe("succeeded");
  });

  it("waits on a Deferred returned from a callback, which gets a pair that hands the result back", () => {
    const trace = new TraceIndex(recordRun(CHAINED));
    const waiting = find(trace, (e) => e.type === "deferred.chained");
    const outer = deferredAt(trace, 1, waiting)!;
    expect(outer.status).toBe("waiting");
    expect(outer.waitingOn).toBe(2);
    expect(outer.paused).toBe(1);
    expect(outer.links[0]?.waitsOn).toBe(2);
    const inner = deferredAt(trace, 2, waiting)!;
    expect(inner.waiters).toEqual([{ id: 1, via: "callback" }]);
    expect(inner.links).toMatchObject([{ position: 0, kind: "continue", handsTo: 1, run: null }]);
  });

  it("resumes the waiting Deferred with the inner Deferred's result", () => {
    const trace = new TraceIndex(recordRun(CHAINED));
    const handed = find(trace, (e) => e.type === "deferred.chainResult");
    expect(deferredAt(trace, 2, handed)).toMatchObject({ status: "handed-on", result: null, links: [{ kind: "continue", run: { input: "5" } }] });
    const outer = deferredAt(trace, 1, trace.length - 1)!;
    expect(outer).toMatchObject({ status: "succeeded", waitingOn: null, paused: 0, result: { value: "50", failure: false } });
    expect(outer.links[1]?.run).toMatchObject({ input: "5", output: "50" });
  });

  it("shows a DeferredList's members and what each handed to its slot", () => {
    const trace = new TraceIndex(recordRun(FAN_IN));
    const list = trace.events.find((e): e is Extract<TraceEvent, { type: "deferred.created" }> => e.type === "deferred.created" && e.kind === "DeferredList")!;
    const view = deferredAt(trace, list.deferred, trace.length - 1)!;
    expect(view.kind).toBe("DeferredList");
    expect(view.members).toEqual([
      { id: 1, slot: 0, result: { value: "1", failure: false } },
      { id: 2, slot: 1, result: { value: "[Failure Error: b failed]", failure: true } },
    ]);
    const member = deferredAt(trace, 2, trace.length - 1)!;
    expect(member.memberOf).toEqual([{ list: list.deferred, slot: 0 + 1 }]);
    expect(member.links.find((link) => link.kind === "slot")).toMatchObject({ handsTo: list.deferred, slot: 1 });
    // consumeErrors leaves undefined behind: the member's Failure is handled.
    expect(member.unhandled).toBeNull();
  });

  it("marks a cancelled Deferred, whose errback then gets a CancelledError", () => {
    const trace = new TraceIndex(recordRun(FAN_IN));
    const cancelled = find(trace, (e) => e.type === "deferred.cancelled");
    const id = (trace.events[cancelled] as Extract<TraceEvent, { type: "deferred.cancelled" }>).deferred;
    const view = deferredAt(trace, id, trace.length - 1)!;
    expect(view.cancelled?.line).toBe(9);
    expect(view.fired?.value).toMatch(/^\[Failure CancelledError/);
    expect(view.links[0]?.run).toMatchObject({ side: "errback", outcome: "value", then: "callback" });
  });
});
