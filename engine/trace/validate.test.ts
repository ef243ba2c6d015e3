import { afterEach, describe, expect, it } from "vitest";
import { World } from "../runtime/world";
import { TraceEventSchema, type TraceEvent } from "./events";
import { setTraceSink } from "./tracer";
import { parseTraceEvent } from "./validate";

/** A recorded run with every frequent kind of event, as the page receives it (plain JSON). */
function recordedTrace(): TraceEvent[] {
  const world = new World({ record: { limit: 10_000 } });
  world.start(
    [
      'import { defer, reactor, endpoints, protocol } from "twisted/internet";',
      "const inner = new defer.Deferred();",
      "const d = new defer.Deferred();",
      "d.addCallback((x: number) => x + 1).addCallback(() => inner);",
      'd.addCallback(() => { throw new Error("no"); }).addErrback((f: any) => "recovered");',
      "d.callback(1);",
      "reactor.callLater(1, () => inner.callback(2));",
      'reactor.callLater(2, () => console.log("done"));',
      "endpoints.serverFromString(reactor, \"tcp:1079\").listen(protocol.Factory.forProtocol(protocol.Protocol));",
      "reactor.callLater(3, () => reactor.stop());",
      "reactor.run();",
    ].join("\n"),
    "program.ts",
  );
  world.advance(5);
  return JSON.parse(JSON.stringify(world.trace)) as TraceEvent[];
}

/** Values that break a field's type in one way or another. */
const WRONG = [undefined, null, -1, 1.5, Infinity, "text", true, {}, [], { file: 1 }];

afterEach(() => setTraceSink(null));

describe("parseTraceEvent", () => {
  const trace = recordedTrace();

  it("accepts what the schema accepts, and gives the same event", () => {
    const types = new Set(trace.map((event) => event.type));
    expect(types.size).toBeGreaterThanOrEqual(12);
    for (const event of trace) {
      const schema = TraceEventSchema.safeParse(event);
      expect(schema.success).toBe(true);
      expect(parseTraceEvent(event)).toEqual(schema.data);
    }
  });

  it("rejects what the schema rejects: any field missing or of the wrong type", () => {
    let broken = 0;
    for (const event of trace) {
      for (const key of Object.keys(event)) {
        for (const wrong of WRONG) {
          const changed: Record<string, unknown> = { ...event, [key]: wrong };
          if (wrong === undefined) delete changed[key];
          const schema = TraceEventSchema.safeParse(changed);
          const fast = parseTraceEvent(changed);
          expect(fast === null, `${event.type}.${key} = ${JSON.stringify(wrong)}`).toBe(!schema.success);
          if (!schema.success) broken++;
        }
      }
    }
    expect(broken).toBeGreaterThan(1000);
    expect(parseTraceEvent(null)).toBeNull();
    expect(parseTraceEvent("deferred.created")).toBeNull();
  });
});
