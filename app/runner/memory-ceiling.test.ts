import { setFlagsFromString } from "node:v8";
import { createContext, runInContext, runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { meterAllocations } from "./memory-ceiling";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** A realm of its own, metered with a ceiling of `megabytes`, so this test's own built-ins stay as they are. */
function meteredRealm(megabytes: number) {
  const context = createContext();
  const realm = runInContext("globalThis", context) as typeof globalThis;
  let stops = 0;
  const meter = meterAllocations(realm, () => stops++, megabytes * 1024 * 1024);
  const run = (code: string): unknown => runInContext(code, context);
  return { meter, run, realm, stops: () => stops };
}

describe("the runner's memory ceiling", () => {
  it("refuses the large array that would pass the ceiling, as out of memory, and says so", () => {
    const { run, stops, meter } = meteredRealm(16);
    run("globalThis.hoard = []; for (let i = 0; i < 8; i++) hoard.push(new Array(250_000).fill(7));");
    expect(meter.liveBytes()).toBe(8 * 2_000_000);
    expect(() => run("hoard.push(new Array(250_000).fill(7))")).toThrow(/Out of memory: the program would hold more than 16 MB/);
    expect(stops()).toBe(1);
  });

  it("counts typed arrays, array buffers and Array.from, and lets small ones through uncounted", () => {
    const { run, meter } = meteredRealm(16);
    run("globalThis.kept = [new Uint8Array(1_000_000), new ArrayBuffer(2_000_000), new Float64Array(125_000), Array.from({ length: 125_000 })]");
    expect(meter.liveBytes()).toBe(1_000_000 + 2_000_000 + 1_000_000 + 1_000_000);
    run("for (let i = 0; i < 10_000; i++) new Uint8Array(1000);");
    expect(meter.liveBytes()).toBe(5_000_000);
    expect(() => run("new Uint8Array(12_000_000)")).toThrow(RangeError);
    // The metered constructors are the same to the program: instanceof and subclasses work.
    expect(run("class Bytes extends Uint8Array {}; const b = new Bytes(4); b instanceof Uint8Array && b instanceof Bytes && new Uint8Array(2) instanceof Uint8Array")).toBe(true);
  });

  it("takes off what the program let go once it is collected, so a program that churns runs on", async () => {
    const { run, meter, stops } = meteredRealm(16);
    for (let round = 0; round < 5; round++) {
      run("globalThis.scratch = new Array(500_000).fill(0); globalThis.scratch = null;");
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Five 4 MB arrays came and went under a 16 MB ceiling.
    expect(stops()).toBe(0);
    expect(meter.liveBytes()).toBeLessThan(16 * 1024 * 1024);
  });
});
