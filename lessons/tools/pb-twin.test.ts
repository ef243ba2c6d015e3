/**
 * PB check steps on the Python twin driver: a real Twisted PB client
 * (twin_pb_call.py) calls the real Twisted twin of test/fixtures/pb-finger.ts,
 * and every check writes the same transcript as the simulation.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChecksFileSchema, SimulatedDriver, runCheck } from "../../engine";
import { pbChecks } from "../../test/support/pb/pb-checks";
import { PythonTwinDriver, realTwistedAvailable } from "./python-twin-driver";

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), "../../test/fixtures");
const SOURCE = readFileSync(path.join(FIXTURES, "pb-finger.ts"), "utf8");
const TWIN = path.join(FIXTURES, "pb-finger.py");

describe.skipIf(!realTwistedAvailable())("PB check steps on a Python twin on real Twisted", () => {
  it.each(pbChecks.map((check) => [check.id, check] as const))("%s: passes with the same transcript as the simulation", async (_id, check) => {
    const real = await runCheck(new PythonTwinDriver(SOURCE, TWIN), check);
    const simulated = await runCheck(new SimulatedDriver(SOURCE, "pb-finger.ts"), check);
    expect([real.passed, real.detail]).toEqual([true, expect.any(String)]);
    expect(real.transcript).toEqual(simulated.transcript);
  }, 30000);

  it("fails like the simulation when the answer differs", async () => {
    const check = ChecksFileSchema.parse({
      checks: [{ id: "bytes", title: "bytes", scenario: [{ pbCall: "m", port: 8889, method: "getUser", args: [{ bytes: "moshez" }] }, { expectPb: "m", result: "Happy and well" }] }],
    }).checks[0]!;
    const real = await runCheck(new PythonTwinDriver(SOURCE, TWIN), check);
    expect(real.passed).toBe(false);
    expect(real.transcript).toEqual(['pb m: answered "No such user"']);
  }, 30000);
});
