import { describe, expect, it } from "vitest";
import { World } from "./world";
import { isTrialFile, trialModuleName } from "./trial";

const TESTS = `
import { defer, reactor, task } from "twisted/internet";
import { unittest } from "twisted/trial";

export class SlowTests extends unittest.TestCase {
  test_waits_on_the_reactor() {
    return task.deferLater(reactor, 30, () => "late").addCallback((value: string) => this.assertEqual(value, "late"));
  }

  test_never_fires() {
    this.timeout = 5;
    return new defer.Deferred();
  }
}
`;

function stdout(world: World): string[] {
  return world.output.filter((line) => line.stream === "stdout").flatMap((line) => line.text.split("\n"));
}

describe("trial for test_*.ts files", () => {
  it("recognises test modules by trial's pattern, and names them as trial does", () => {
    expect([isTrialFile("test_finger.ts"), isTrialFile("finger.ts"), isTrialFile("test_finger.tac.ts"), isTrialFile("finger_test.ts")]).toEqual([true, false, false, false]);
    expect(trialModuleName("lessons/test_finger.ts")).toBe("test_finger");
  });

  it("runs the exported test cases on virtual time, times out a test that never ends, and stops the reactor", () => {
    const world = new World();
    expect(world.start(TESTS, "test_slow.ts")).toEqual({ status: "running" });
    world.advance(200);
    const lines = stdout(world);
    expect(lines.slice(0, 4)).toEqual([
      "test_slow",
      "  SlowTests",
      "    test_never_fires ... ".padEnd(79 - "[ERROR]".length) + "[ERROR]",
      "    test_waits_on_the_reactor ... ".padEnd(79 - "[OK]".length) + "[OK]",
    ]);
    expect(lines).toContain("Failure: TimeoutError: <test_slow.SlowTests.test_never_fires> (test_never_fires) still running at 5.0 secs");
    expect(lines).toContain("Ran 2 tests in 35.000s");
    expect(lines.at(-1)).toBe("FAILED (errors=1, successes=1)");
    expect(world.reactorRunning).toBe(false);
  });

  it("reports a module that does not load as the program's error, naming the line", () => {
    const world = new World();
    const outcome = world.start('import { unittest } from "twisted/trial";\nexport class Broken extends unittest.TestCase {}\nthrow new Error("no");\n', "test_broken.ts");
    expect(outcome).toMatchObject({ status: "error", error: { location: { line: 3 } } });
  });
});
