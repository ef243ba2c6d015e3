import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";
import type { TraceEvent } from "../trace/events";
import { debugStateAt, type DebugState } from "./fold";
import { BUSY, FAILING, SERVER, TRIPLE } from "../../test/fixtures/debugger-programs";
import { recordRun } from "../../test/support/record-run";
import { CHECKPOINT_EVERY, TraceIndex } from "./trace-index";

/** The first index at which `test` holds. */
function find(trace: TraceIndex, test: (event: TraceEvent) => boolean, from = 0): number {
  for (let i = from; i < trace.length; i++) if (test(trace.events[i]!)) return i;
  throw new Error("no such event");
}

/** The pending calls at `cursor`, replayed from the first event with no checkpoint. */
function pendingFromScratch(events: readonly TraceEvent[], cursor: number): [number, number][] {
  const pending = new Map<number, number>();
  for (const event of events.slice(0, cursor + 1)) {
    if (event.type === "delayedCall.scheduled" || event.type === "delayedCall.reset") pending.set(event.call, event.at);
    if (event.type === "delayedCall.fired" || event.type === "delayedCall.cancelled") pending.delete(event.call);
  }
  return [...pending].sort((a, b) => a[0] - b[0]);
}

/** What the state says about the cursor, minus the sentence (which may look one event ahead within the same step) and the trace's length. */
function comparable(state: DebugState): Omit<DebugState, "description" | "length"> {
  const { description, length, ...rest } = state;
  void description;
  void length;
  return rest;
}

describe("the debugger's state at a cursor", () => {
  const trace = new TraceIndex(recordRun(TRIPLE));

  it("starts in the program's top level, before the reactor runs", () => {
    const state = debugStateAt(trace, 0);
    expect(state.event?.type).toBe("program.started");
    expect(state.phase).toBe("top-level");
    expect(state.time).toBe(0);
  });

  it("highlights the line a line event runs, with the variables in scope", () => {
    const at = find(trace, (e) => e.type === "line" && e.line === 4);
    const state = debugStateAt(trace, at);
    expect(state.currentLine).toBe(4);
    expect(state.locals?.values).toMatchObject({ x: "3" });
  });

  it("shows no current line while the reactor waits, but keeps the last variables for hovering", () => {
    const at = find(trace, (e) => e.type === "reactor.idle" && e.next === 2);
    const state = debugStateAt(trace, at);
    expect(state.phase).toBe("waiting");
    expect(state.currentLine).toBeNull();
    expect(state.nextDue).toBe(2);
    expect(state.locals).not.toBeNull();
  });

  it("lists pending delayed calls soonest first, and drops a call once it fires", () => {
    const beforeReactor = debugStateAt(trace, find(trace, (e) => e.type === "program.ended"));
    expect(beforeReactor.pending.map((call) => [call.at, call.line])).toEqual([
      [2, 4],
      [3, 9],
    ]);
    const atTwo = debugStateAt(trace, find(trace, (e) => e.type === "reactor.event" && e.kind === "timer"));
    expect(atTwo.pending.map((call) => call.at)).toEqual([3]);
    expect(atTwo.time).toBe(2);
  });

  it("links a timer's reactor event back to the step that scheduled it", () => {
    const timer = find(trace, (e) => e.type === "reactor.event" && e.kind === "timer");
    const state = debugStateAt(trace, timer);
    expect(state.phase).toBe("timer");
    expect(state.dispatch?.causeIndex).toBe(find(trace, (e) => e.type === "delayedCall.scheduled"));
    expect(state.dispatch?.causeLine).toBe(4);
  });

  it("shows output up to the cursor only", () => {
    const printed = find(trace, (e) => e.type === "output" && e.text === "got 9");
    expect(debugStateAt(trace, printed - 1).output.map((line) => line.text)).not.toContain("got 9");
    expect(debugStateAt(trace, printed).output.map((line) => line.text)).toContain("got 9");
  });

  it("follows the Deferred the current step is busy with", () => {
    const invoked = find(trace, (e) => e.type === "deferred.invoked");
    const state = debugStateAt(trace, invoked);
    expect(state.focusDeferred).toBe(1);
    expect(state.chain?.links[0]?.run?.output).toBe("10");
    expect(state.deferreds).toEqual([{ id: 1, kind: "Deferred", line: 3 }]);
  });

  it("says the reactor has stopped once reactor.stop() ran", () => {
    const state = debugStateAt(trace, trace.length - 1);
    expect(state.phase).toBe("stopped");
    expect(state.reactor?.running).toBe(false);
  });

  it("lists a Failure left at the end of a chain as unhandled, before and after Twisted reports it", () => {
    const failing = new TraceIndex(recordRun(FAILING));
    const lastPair = find(failing, (e) => e.type === "deferred.invoked" && e.index === 2);
    expect(debugStateAt(failing, lastPair - 1).unhandled).toEqual([]);
    expect(debugStateAt(failing, lastPair).unhandled).toEqual([{ id: 1, line: 4, failure: "[Failure UnknownUser: nobody]", reported: false }]);
    const reported = find(failing, (e) => e.type === "deferred.unhandled");
    expect(debugStateAt(failing, reported).unhandled[0]).toMatchObject({ id: 1, reported: true });
  });
});

describe("the reactor view of a server", () => {
  const world = new World({ record: {} });
  world.startPaused(SERVER, "echo.ts");
  while (world.stepNext());
  world.recordInput("connect", "localhost:1079");
  const client = world.connect("localhost", 1079);
  world.runUntilIdle();
  world.recordInput("send", "hi\r\n");
  world.enter(() => client.send("hi\r\n"));
  world.runUntilIdle();
  const trace = new TraceIndex(world.trace);

  it("shows the listening port once listenTCP ran", () => {
    const state = debugStateAt(trace, find(trace, (e) => e.type === "reactor.snapshot"));
    expect(state.reactor?.ports.map((port) => port.port)).toEqual([1079]);
  });

  it("shows bytes in flight on a connection while data travels", () => {
    const received = find(trace, (e) => e.type === "line" && e.line === 3);
    const inFlight = debugStateAt(trace, received).reactor!.connections.reduce((sum, c) => sum + c.bytesInFlight, 0);
    expect(inFlight).toBe(4);
  });

  it("is dispatching I/O while the protocol's dataReceived runs", () => {
    const received = find(trace, (e) => e.type === "line" && e.line === 3);
    const state = debugStateAt(trace, received);
    expect(state.phase).toBe("io");
    expect(state.dispatch?.label).toMatch(/^deliver 4 bytes/);
    expect(state.currentLine).toBe(3);
  });

  it("links an I/O event back to the step during which it was scheduled", () => {
    const delivery = find(trace, (e) => e.type === "reactor.event" && e.label.startsWith("deliver"));
    const cause = debugStateAt(trace, delivery).dispatch!.causeIndex!;
    expect(trace.events[cause]).toMatchObject({ type: "reactor.event", label: expect.stringMatching(/^send conn/) });
  });
});

describe("checkpoints", () => {
  const events = recordRun(BUSY);
  const full = new TraceIndex(events);

  it("are taken in a trace of several thousand events", () => {
    expect(events.length).toBeGreaterThan(3 * CHECKPOINT_EVERY);
  });

  it("give the same pending calls as replaying every event from the start", () => {
    for (let cursor = 0; cursor < events.length; cursor += 37) {
      const fromCheckpoint = [...full.pendingAt(cursor)].sort((a, b) => a[0] - b[0]);
      expect(fromCheckpoint, `at ${cursor}`).toEqual(pendingFromScratch(events, cursor));
    }
  });

  it("give the same state as a trace that ends at the cursor, around every checkpoint", () => {
    const cursors = [0, 1, 500];
    for (let k = 1; k * CHECKPOINT_EVERY < events.length; k++) cursors.push(k * CHECKPOINT_EVERY - 2, k * CHECKPOINT_EVERY - 1, k * CHECKPOINT_EVERY, k * CHECKPOINT_EVERY + 1);
    cursors.push(events.length - 2, events.length - 1);
    for (const cursor of cursors) {
      const cut = new TraceIndex(events.slice(0, cursor + 1));
      expect(comparable(debugStateAt(full, cursor)), `at ${cursor}`).toEqual(comparable(debugStateAt(cut, cursor)));
    }
  });

  it("are the same however the trace arrived: in one batch or in many small ones", () => {
    const streamed = new TraceIndex();
    for (let i = 0; i < events.length; i += 97) streamed.append(events.slice(i, i + 97));
    for (let cursor = 0; cursor < events.length; cursor += 101) {
      expect(debugStateAt(streamed, cursor)).toEqual(debugStateAt(full, cursor));
    }
  });

  it("refuse events that do not follow the last one", () => {
    const trace = new TraceIndex(events.slice(0, 10));
    expect(() => trace.append(events.slice(5, 6))).toThrow(RangeError);
  });
});

describe("the soonest pending calls", () => {
  const events = recordRun(BUSY);
  const trace = new TraceIndex(events);

  it("are the first ones of all pending calls sorted by due time, with the same count, at every step", () => {
    for (let cursor = 0; cursor < events.length; cursor += 13) {
      const all = pendingFromScratch(events, cursor).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      const { soonest, total } = trace.soonestPendingAt(cursor, 5);
      expect({ soonest, total }, `at ${cursor}`).toEqual({ soonest: all.slice(0, 5), total: all.length });
    }
  });

  it("leave out a call whose scheduling the trace lacks, at every step, instead of failing the page", () => {
    const firstScheduled = events.findIndex((event) => event.type === "delayedCall.scheduled");
    const orphaned = events.filter((_, index) => index !== firstScheduled);
    const lost = (events[firstScheduled] as Extract<TraceEvent, { type: "delayedCall.scheduled" }>).call;
    const partial = new TraceIndex(orphaned);
    for (let cursor = 0; cursor < orphaned.length; cursor += 13) {
      const all = pendingFromScratch(orphaned, cursor).filter(([call]) => call !== lost).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      const { soonest, total } = partial.soonestPendingAt(cursor, 5);
      expect({ soonest, total }, `at ${cursor}`).toEqual({ soonest: all.slice(0, 5), total: all.length });
      expect(() => debugStateAt(partial, cursor)).not.toThrow();
    }
  });
});
