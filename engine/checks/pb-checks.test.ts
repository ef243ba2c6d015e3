import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCheck, runChecks } from "./run-checks";
import { SimulatedDriver } from "./driver";
import { CheckSchema } from "./scenario";
import { pbChecks } from "../../test/support/pb/pb-checks";

const SOURCE = readFileSync(new URL("../../test/fixtures/pb-finger.ts", import.meta.url), "utf8");


describe("PB check steps on the simulated network", () => {
  it("pass for a PB finger server", async () => {
    const results = await runChecks(SOURCE, "pb-finger.ts", pbChecks);
    expect(results.map((r) => [r.id, r.passed, r.passed ? "" : r.detail])).toEqual(pbChecks.map((c) => [c.id, true, ""]));
  });

  it("write one transcript line per expectation", async () => {
    const run = await runCheck(new SimulatedDriver(SOURCE, "pb-finger.ts"), pbChecks.find((c) => c.id === "errors")!);
    expect(run.transcript).toEqual([
      "pb missing: failed twisted.spread.flavors.NoSuchMethod: No such method: remote_nosuch",
      "pb refused: failed twisted.spread.pb.Error: not today",
    ]);
  });

  it("fail with what came back instead", async () => {
    const check = CheckSchema.parse({
      id: "wrong",
      title: "wrong",
      scenario: [
        { pbCall: "moshez", port: 8889, method: "getUser", args: [{ bytes: "moshez" }] },
        { expectPb: "moshez", result: { bytes: "Happy and well" } },
      ],
    });
    const [result] = await runChecks(SOURCE, "pb-finger.ts", [check]);
    expect(result!.passed).toBe(false);
    expect(result!.detail).toBe('pbCall "moshez": expected the answer {"bytes":"Happy and well"}; it answered "No such user".');
  });

  it("say when nothing listens", async () => {
    const check = CheckSchema.parse({
      id: "nobody",
      title: "nobody",
      scenario: [
        { pbCall: "x", port: 9999, method: "getUser" },
        { expectPb: "x", result: "x" },
      ],
    });
    const [result] = await runChecks(SOURCE, "pb-finger.ts", [check]);
    expect(result!.detail).toMatch(/^pbCall "x": expected the answer "x"; it failed with twisted\.internet\.error\.ConnectionRefusedError: /);
  });

  it("reject steps that expect both a result and an error, or nothing", () => {
    const parse = (step: object) => CheckSchema.safeParse({ id: "x", title: "x", scenario: [step] }).success;
    expect(parse({ expectPb: "a", result: 1, error: "e" })).toBe(false);
    expect(parse({ expectPb: "a" })).toBe(false);
    expect(parse({ pbCall: "a", port: 1, method: "bad name" })).toBe(false);
  });
});
