import { describe, expect, it } from "vitest";
import { World } from "./world";

// A chain written over several lines, on a Deferred made (and fired) inside a helper:
// each event must name the line that caused it, not the helper's last line.
const program = `import { reactor, defer } from "twisted/internet";
function getStatus(user: string) {
  const d = new defer.Deferred<string>();
  reactor.callLater(1, () => {
    const answer = user + " is happy";
    d.callback(answer);
  });
  return d;
}
getStatus("moshez")
  .addCallback((status: string) => status.toUpperCase())
  .addErrback(() => "unknown");
reactor.run();`;

function eventLines() {
  const world = new World({ record: {} });
  world.start(program, "status.ts");
  world.advanceTo(2);
  return world.trace
    .filter((e) => e.type === "deferred.created" || e.type === "deferred.callbackAdded" || e.type === "deferred.fired")
    .map((e) => `${e.type} line ${e.location?.line}`);
}

describe("the debugger's lines for Deferred events", () => {
  it("names the line of each addCallback/addErrback call and of callback(), not where the Deferred was made", () => {
    expect(eventLines()).toEqual([
      "deferred.created line 3",
      "deferred.callbackAdded line 11",
      "deferred.callbackAdded line 12",
      "deferred.fired line 6",
    ]);
  });
});
