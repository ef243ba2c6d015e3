import { describe, expect, it } from "vitest";
import { TraceEventSchema } from "../trace/events";
import { World } from "./world";

const program = `import { reactor, defer } from "twisted/internet";
function triple(x: number) {
  const d = new defer.Deferred<number>();
  reactor.callLater(2, () => d.callback(x * 3));
  return d;
}
const d = triple(3);
d.addCallback((v: number) => { console.log("got " + v); return v + 1; });
reactor.run();`;

function recorded() {
  const world = new World({ record: {} });
  world.start(program, "deferreds.ts");
  world.advanceTo(5);
  return world.trace;
}

describe("recording a run for the debugger", () => {
  it("records lines with their variables, Deferred events, reactor events and output, in order", () => {
    const summary = recorded()
      .filter((e) => e.type !== "reactor.snapshot" && e.type !== "reactor.idle")
      .map((e) => {
        switch (e.type) {
          case "line":
            return `line ${e.line} ${Object.entries(e.locals).map(([k, v]) => `${k}=${v}`).join(" ")}`;
          case "reactor.event":
            return `reactor ${e.kind} ${e.label} at ${e.time}`;
          case "output":
            return `output ${e.text}`;
          case "deferred.invoked":
            return `invoked #${e.deferred}[${e.index}] ${e.side} ${e.input} -> ${e.output}`;
          default:
            return e.type;
        }
      });
    expect(summary).toEqual([
      "program.started",
      "line 1 triple=<function triple>",
      "line 7 triple=<function triple>",
      "line 3 triple=<function triple> x=3",
      "deferred.created",
      "line 4 d=<Deferred #1> triple=<function triple> x=3",
      "delayedCall.scheduled",
      "line 5 d=<Deferred #1> triple=<function triple> x=3",
      "line 8 d=<Deferred #1> triple=<function triple>",
      "deferred.callbackAdded",
      "line 9 d=<Deferred #1> triple=<function triple>",
      "program.ended",
      "delayedCall.fired",
      "reactor timer anonymous at 2",
      "line 4 d=<Deferred #1> triple=<function triple> x=3",
      "deferred.fired",
      "line 8 d=<Deferred #1> triple=<function triple> v=9",
      "output got 9",
      "line 8 d=<Deferred #1> triple=<function triple> v=9",
      "invoked #1[0] callback 9 -> 10",
    ]);
  });

  it("gives the same trace for the same program", () => {
    expect(JSON.stringify(recorded())).toBe(JSON.stringify(recorded()));
  });

  it("produces events that match the shared schema", () => {
    for (const event of recorded()) expect(TraceEventSchema.safeParse(event).success, JSON.stringify(event)).toBe(true);
  });

  it("says which delayed call a timer event runs, so the debugger can show who scheduled it", () => {
    const trace = recorded();
    const timer = trace.find((e) => e.type === "reactor.event" && e.kind === "timer");
    const scheduled = trace.find((e) => e.type === "delayedCall.scheduled");
    expect(timer && "call" in timer && timer.call).toBe(scheduled && "call" in scheduled && scheduled.call);
    expect(scheduled?.location?.line).toBe(4);
  });

  it("keeps traces of two worlds apart", () => {
    const recording = new World({ record: {} });
    recording.start(program, "deferreds.ts");
    const before = recording.trace.length;
    const other = new World();
    other.start(program, "deferreds.ts");
    other.advanceTo(5);
    expect(recording.trace.length).toBe(before);
  });
});
