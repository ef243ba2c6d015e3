import { afterEach, describe, expect, it } from "vitest";
import { runProgram } from "../runtime/program";
import { World } from "../runtime/world";
import { Deferred, discardUnhandledErrors, reportUnhandledErrors } from "../twisted/internet/defer";
import { Clock } from "../twisted/internet/task";
import { TraceEventSchema, type TraceEvent } from "./events";
import { TraceRecorder } from "./recorder";
import { resetTraceIds, setTraceSink, tracing } from "./tracer";

/** Runs learner `source` with a recorder attached; returns the events. */
function traceProgram(source: string, options: { locations?: boolean } = {}): TraceEvent[] {
  const recorder = new TraceRecorder();
  resetTraceIds();
  setTraceSink(recorder.sink, { locations: options.locations ?? true, timeSource: () => 0 });
  try {
    const error = runProgram(source, "learner.ts", () => undefined);
    if (error) throw new Error(error.message);
  } finally {
    setTraceSink(null);
  }
  return recorder.events;
}

/** One line per event: type, the fields that matter, and the learner line. */
function trim(events: TraceEvent[]): string[] {
  return events.map((event) => {
    const { type, seq, time, location, ...rest } = event;
    void seq;
    void time;
    const fields = Object.entries(rest).map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
    return `${type} ${fields.join(" ")}${location ? ` @${location.line}` : ""}`;
  });
}

afterEach(() => {
  setTraceSink(null);
  discardUnhandledErrors();
});

describe("tracing", () => {
  it("is off until a sink is attached, and then costs one null check", () => {
    expect(tracing.sink).toBeNull();
    const d = new Deferred<number>();
    d.addCallback((x) => x + 1);
    d.callback(1);
    expect(d._traceId).toBe(0);
  });

  it("follows a learner's chain: created, callbacks added, fired, each callback with its input and output", () => {
    const events = traceProgram(
      [
        'import { defer } from "twisted/internet";',
        "const d = new defer.Deferred();",
        "function double(x: number) { return x * 2; }",
        'function explode(x: number): number { throw new Error("no " + x); }',
        "d.addCallback(double);",
        "d.addCallback(explode);",
        "d.addErrback(function recover(f: any) { return -1; });",
        "d.callback(21);",
      ].join("\n"),
    );
    expect(trim(events)).toMatchInlineSnapshot(`
      [
        "deferred.created deferred=1 kind=Deferred hasCanceller=false @2",
        "deferred.callbackAdded deferred=1 index=0 callback=double errback=passthru @5",
        "deferred.callbackAdded deferred=1 index=1 callback=explode errback=passthru @6",
        "deferred.callbackAdded deferred=1 index=2 callback=passthru errback=recover @7",
        "deferred.fired deferred=1 side=callback value=21 @8",
        "deferred.invoked deferred=1 index=0 side=callback fn=double input=21 output=42 outcome=value @8",
        "deferred.invoked deferred=1 index=1 side=callback fn=explode input=42 output=[Failure Error: no 42] outcome=raised @8",
        "deferred.invoked deferred=1 index=2 side=errback fn=recover input=[Failure Error: no 42] output=-1 outcome=value @8",
      ]
    `);
  });

  it("shows a Deferred returned from a callback pausing the chain until it hands back its result", () => {
    const events = traceProgram(
      [
        'import { defer } from "twisted/internet";',
        "const inner = new defer.Deferred();",
        "const outer = defer.succeed(1);",
        "outer.addCallback(function waitForInner() { return inner; });",
        'inner.callback("inner result");',
      ].join("\n"),
    );
    expect(trim(events)).toMatchInlineSnapshot(`
      [
        "deferred.created deferred=1 kind=Deferred hasCanceller=false @2",
        "deferred.created deferred=2 kind=Deferred hasCanceller=false @3",
        "deferred.fired deferred=2 side=callback value=1 @3",
        "deferred.callbackAdded deferred=2 index=0 callback=waitForInner errback=passthru @4",
        "deferred.invoked deferred=2 index=0 side=callback fn=waitForInner input=1 output=<Deferred #1> outcome=deferred @4",
        "deferred.chained deferred=2 to=1 via=callback paused=1 @4",
        "deferred.fired deferred=1 side=callback value="inner result" @5",
        "deferred.chainResult deferred=1 to=2 value="inner result" paused=0 @5",
      ]
    `);
  });

  it("traces delayed calls when scheduled, reset, cancelled and fired, at their clock's time", () => {
    const recorder = new TraceRecorder();
    resetTraceIds();
    setTraceSink(recorder.sink, { locations: false });
    const clock = new Clock();
    const a = clock.callLater(1, function first() {});
    const b = clock.callLater(2, function second() {});
    a.reset(3);
    b.cancel();
    clock.advance(3);
    setTraceSink(null);
    expect(recorder.events.map((e) => `${e.type} t=${e.time}${"at" in e ? ` at=${e.at}` : ""}`)).toEqual([
      "delayedCall.scheduled t=0 at=1",
      "delayedCall.scheduled t=0 at=2",
      "delayedCall.reset t=0 at=3",
      "delayedCall.cancelled t=0",
      "delayedCall.fired t=3",
    ]);
  });

  it("reports an unhandled error with where its Deferred was created and fired", () => {
    const events = traceProgram(
      [
        'import { defer } from "twisted/internet";',
        "const d = new defer.Deferred();",
        "",
        'd.errback(new Error("lost"));',
      ].join("\n"),
    );
    const recorder = new TraceRecorder();
    setTraceSink(recorder.sink);
    reportUnhandledErrors();
    const unhandled = recorder.events.find((e) => e.type === "deferred.unhandled");
    expect(unhandled).toMatchObject({
      failure: "[Failure instance: Error: lost]",
      createdAt: { file: "learner.ts", line: 2 },
      firedAt: { file: "learner.ts", line: 4 },
    });
    expect(events.length).toBe(2);
  });

  it("emits only plain JSON that the shared schema accepts, with increasing seq", () => {
    const world = new World();
    const recorder = new TraceRecorder();
    setTraceSink(recorder.sink, { timeSource: () => world.seconds() });
    world.start(
      [
        'import { reactor, defer, task } from "twisted/internet";',
        "const d = new defer.Deferred(() => console.log('cancelled'));",
        "d.pause(); d.unpause();",
        "const other = new defer.Deferred();",
        "d.chainDeferred(other);",
        "reactor.callLater(1, () => d.cancel());",
        "const loop = new task.LoopingCall(() => undefined);",
        "loop.start(0.5);",
        "reactor.callLater(2, () => loop.stop());",
        "defer.gatherResults([defer.succeed({ a: [1, 'two'] }), defer.fail(new Error('x'))]).addErrback(() => null);",
        "reactor.run();",
      ].join("\n"),
      "learner.ts",
    );
    world.advanceTo(3);
    setTraceSink(null);
    const events = recorder.events;
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(12);
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    for (const event of events) expect(TraceEventSchema.parse(event)).toEqual(event);
    events.forEach((event, i) => expect(event.seq).toBe(i));
    expect(events.some((e) => e.time === 2)).toBe(true);
  });

  it("leaves locations out when asked to, for cheap tracing", () => {
    const events = traceProgram('import { defer } from "twisted/internet";\ndefer.succeed(1);', { locations: false });
    expect(events.map((e) => e.location)).toEqual([null, null]);
  });

  it("detaches a sink that throws, and the program carries on", () => {
    setTraceSink(() => {
      throw new Error("broken UI");
    });
    const d = new Deferred<number>();
    expect(tracing.sink).toBeNull();
    d.addCallback((x) => x + 1);
    d.callback(1);
    expect(d.result).toBe(2);
  });
});

describe("the trace recorder", () => {
  it("keeps at most its limit, ending with a limitReached event", () => {
    const recorder = new TraceRecorder(5);
    setTraceSink(recorder.sink, { locations: false });
    for (let i = 0; i < 10; i++) new Deferred();
    setTraceSink(null);
    expect(recorder.events.map((e) => e.type)).toEqual([
      "deferred.created",
      "deferred.created",
      "deferred.created",
      "deferred.created",
      "trace.limitReached",
    ]);
    expect(recorder.full).toBe(true);
  });

  it("gives back the frequent events it keeps as rows exactly as a plain sink receives them", () => {
    const source = [
      'import { defer, reactor, task } from "twisted/internet";',
      "const clock = new task.Clock();",
      "const inner = new defer.Deferred();",
      "const d = new defer.Deferred();",
      "d.addCallback((x: number) => x * 1.5).addCallback(() => inner).addCallback((s: string) => s + '!');",
      "d.chainDeferred(new defer.Deferred());",
      "d.callback(7);",
      'inner.callback("text");',
      "const e = new defer.Deferred(() => undefined);",
      'e.addCallback(() => { throw new Error("boom"); }).addErrback((f: any) => f).addErrback(() => ({ a: [1, 2] }));',
      "e.callback(undefined);",
      "defer.gatherResults([defer.succeed(1), defer.succeed(null)]).addCallback((xs: unknown[]) => xs.length);",
      "clock.callLater(2.5, function later() {}); clock.advance(3);",
      "reactor.callLater(1, () => undefined);",
      "const p = new defer.Deferred(); p.pause(); p.unpause(); p.cancel();",
    ].join("\n");
    const record = (sink: (event: TraceEvent) => void, world: World) => {
      resetTraceIds();
      setTraceSink(sink, { timeSource: () => world.seconds() });
      try {
        world.enter(() => runProgram(source, "learner.ts", () => undefined));
        world.advance(2);
      } finally {
        setTraceSink(null);
      }
    };
    const plain: TraceEvent[] = [];
    record((event) => plain.push(event), new World());
    const recorder = new TraceRecorder();
    record(recorder.sink, new World());
    expect(plain.length).toBeGreaterThan(40);
    expect(recorder.length).toBe(plain.length);
    expect(JSON.stringify(recorder.events)).toBe(JSON.stringify(plain));
    expect(JSON.stringify(recorder.slice(10))).toBe(JSON.stringify(plain.slice(10)));
    for (const event of recorder.events) expect(TraceEventSchema.safeParse(event).success).toBe(true);
  });

  it("keeps each event's time, read in order, out of order, or sent from the middle of a stretch at one time", async () => {
    const { TraceRowDecoder } = await import("./row-decoder");
    let now = 0;
    const recorder = new TraceRecorder();
    setTraceSink(recorder.sink, { locations: false, timeSource: () => now });
    for (const time of [0, 0, 1.5, 1.5, 1.5, 4, 0.25, 0.25]) {
      now = time;
      new Deferred().addCallback((x: number) => x).callback(time);
    }
    setTraceSink(null);
    const built = recorder.events.map((e) => e.time);
    expect(built.filter((t, i) => i % 4 === 0)).toEqual([0, 0, 1.5, 1.5, 1.5, 4, 0.25, 0.25]);
    for (const from of [31, 5, 13, 0, 22, 9]) expect(recorder.slice(from).map((e) => e.time)).toEqual(built.slice(from));
    for (const from of [0, 6, 13, 25]) {
      const fresh = new TraceRecorder();
      setTraceSink(fresh.sink, { locations: false, timeSource: () => now });
      for (const time of [0, 0, 1.5, 1.5, 1.5, 4, 0.25, 0.25]) {
        now = time;
        new Deferred().addCallback((x: number) => x).callback(time);
      }
      setTraceSink(null);
      const decoder = new TraceRowDecoder();
      decoder.decode(fresh.exportRows(0));
      const batch = fresh.exportRows(from);
      expect(batch.timeStarts[0]).toBe(from);
      expect(decoder.decode(batch).map((e) => e.time)).toEqual(built.slice(from));
    }
  });

  it("after clear, keeps the next events with the seq they were delivered with", () => {
    const recorder = new TraceRecorder();
    setTraceSink(recorder.sink, { locations: false });
    new Deferred().callback(1);
    recorder.clear();
    new Deferred().addCallback((x: number) => x).callback(2);
    setTraceSink(null);
    expect(recorder.events.map((e) => e.seq)).toEqual([2, 3, 4, 5]);
  });

  it("numbers rows and finished events in one sequence: events dropped when full still take theirs, and a cleared trace goes on from them", async () => {
    const { activateTrace, lastSeq, newTraceContext } = await import("./tracer");
    const recorder = new TraceRecorder(4);
    const context = newTraceContext(recorder.sink, { locations: false });
    const plain: TraceEvent[] = [];
    const other = newTraceContext((event) => plain.push(event), { locations: false });
    const previous = activateTrace(context);
    try {
      new Deferred().callback(1); // rows: seq 0, 1
      activateTrace(other);
      new Deferred(); // another trace's own numbering
      activateTrace(context);
      expect(lastSeq()).toBe(1);
      new Deferred(); // seq 2, the last row the limit leaves
      new Deferred().callback(2); // created (3) is dropped and the limit takes 4; fired (5) is dropped
      expect(lastSeq()).toBe(5);
      expect(recorder.events.map((e) => [e.type, e.seq])).toEqual([
        ["deferred.created", 0],
        ["deferred.fired", 1],
        ["deferred.created", 2],
        ["trace.limitReached", 4],
      ]);
      recorder.clear();
      new Deferred(); // seq 6
    } finally {
      activateTrace(previous);
    }
    expect(plain.map((e) => e.seq)).toEqual([0]);
    expect(recorder.events.map((e) => e.seq)).toEqual([6]);
    expect(recorder.exportRows(0).firstSeq).toBe(6);
  });

  it("ends the trace when its byte budget is spent, however few events that is", () => {
    const recorder = new TraceRecorder(1000, 5_000);
    setTraceSink(recorder.sink, { locations: false });
    for (let i = 0; i < 100; i++) new Deferred().callback("x".repeat(500));
    setTraceSink(null);
    expect(recorder.full).toBe(true);
    expect(recorder.length).toBeLessThan(100); // 200 events without the budget
    expect(recorder.events[recorder.length - 1]!.type).toBe("trace.limitReached");
  });
});

describe("the pair DeferredList and inlineCallbacks add to a Deferred that already fired", () => {
  // Untraced, neither adds the pair (they take the result at once); traced,
  // the events must be those of the pair added and run, as when it fired later.
  const program = (fireFirst: boolean) => `import { defer } from "twisted/internet";
const a = new defer.Deferred<number>();
const b = new defer.Deferred<number>();
${fireFirst ? "a.callback(1); b.callback(2);" : ""}
defer.gatherResults([a, b]).addCallback((all: number[]) => all);
const run = defer.inlineCallbacks(function* () { const x = yield a; return x; });
${fireFirst ? "" : "a.callback(1); b.callback(2);"}
run();`;
  const pairEvents = (events: TraceEvent[]) =>
    trim(events.filter((e) => (e.type === "deferred.callbackAdded" || e.type === "deferred.invoked") && (e.deferred === 1 || e.deferred === 2)).map((e) => ({ ...e, location: null })));

  it("records it as added and run, with the index the pair would have had", () => {
    const fired = pairEvents(traceProgram(program(true), { locations: false }));
    expect(fired).toEqual([
      "deferred.callbackAdded deferred=1 index=0 callback=cbDeferred errback=cbDeferred",
      "deferred.invoked deferred=1 index=0 side=callback fn=cbDeferred input=1 output=1 outcome=value",
      "deferred.callbackAdded deferred=2 index=0 callback=cbDeferred errback=cbDeferred",
      "deferred.invoked deferred=2 index=0 side=callback fn=cbDeferred input=2 output=2 outcome=value",
      "deferred.callbackAdded deferred=1 index=1 callback=gotResult errback=gotResult",
      "deferred.invoked deferred=1 index=1 side=callback fn=gotResult input=1 output=undefined outcome=value",
    ]);
    // The same pairs as when the Deferreds fire afterwards and the pairs really run.
    const later = pairEvents(traceProgram(program(false), { locations: false }));
    expect([...later].sort()).toEqual([...fired].sort());
  });
});

describe("trace rows sent to another thread", () => {
  const program = `import { defer, reactor, task } from "twisted/internet";
function tick(i: number) {
  const d = new defer.Deferred<number>();
  d.addCallback((x: number) => x + 0.5).addCallback((x: number) => ({ x }));
  d.callback(i);
  if (i === 2) defer.fail(new Error("boom")).addErrback(() => null);
}
for (let i = 0; i < 4; i++) reactor.callLater(i * 1.5, tick, i);
task.deferLater(reactor, 2, () => "later").addCallback((v: string) => console.log(v));
reactor.callLater(9, () => reactor.stop());
reactor.run();`;

  it("decode to the same events the recorder builds, batch after batch", async () => {
    const { TraceRowDecoder } = await import("./row-decoder");
    const world = new World({ record: {} });
    const decoder = new TraceRowDecoder();
    const decoded: TraceEvent[] = [];
    let placesSent = 0;
    const send = (from: number) => {
      const batch = world.traceRows(from)!;
      placesSent += batch.places.length;
      decoded.push(...decoder.decode(structuredClone(batch)));
    };
    world.start(program, "rows.ts");
    send(0);
    for (const until of [1, 2, 3.5, 10]) {
      const from = world.traceLength;
      world.advanceTo(until);
      send(from);
    }
    expect(decoded.length).toBeGreaterThan(60);
    expect(decoded).toEqual(world.trace);
    // Each learner line's location crosses once, however often the program goes back to it.
    const lines = new Set(decoded.flatMap((event) => (event.location ? [event.location.line] : [])));
    expect(placesSent).toBe(lines.size);
  });

  it("drop rows that point outside their tables, and finished events the schema rejects", async () => {
    const { TraceRowDecoder } = await import("./row-decoder");
    const world = new World({ record: {} });
    world.start(program, "rows.ts");
    world.advanceTo(10);
    const rows = world.traceRows(0)!;
    const whole = new TraceRowDecoder().decode(rows);
    const damaged = { ...rows, rows: rows.rows.slice(), names: rows.names.slice(0, 1), objects: rows.objects.map((o, i) => (i === 0 ? { type: "output" } : o)) };
    const kept = new TraceRowDecoder().decode(damaged);
    expect(kept.length).toBeLessThan(whole.length);
    expect(kept.length).toBeGreaterThan(0);
    for (const event of kept) expect(TraceEventSchema.safeParse(event).success).toBe(true);
  });
});
