import { describe, expect, it } from "vitest";
import { runChecks } from "../checks/run-checks";
import { ChecksFileSchema } from "../checks/scenario";
import { BlockGuard, HEARTBEAT_MS, explainBlocked, type ReactorBlockedError } from "./guard";
import { World } from "./world";

const budget = { iterations: 100_000, milliseconds: 60_000 };

describe("the block guard", () => {
  it("beats its heartbeat while learner code checks in, at most every 200 ms of the wall clock", () => {
    let now = 0;
    const guard = new BlockGuard(() => now, { iterations: 1e9, milliseconds: 1e9, events: 1e9 });
    const beats: number[] = [];
    guard.onHeartbeat = () => beats.push(now);
    guard.startDriverCall();
    guard.startEvent();
    // A loop whose every round takes a millisecond (the clock is read every 64 rounds): a second of it beats 3 to 5 times.
    for (let round = 0; round < 1000; round++) {
      now += 1;
      guard.check(3);
    }
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(beats.length).toBeLessThanOrEqual(5);
    for (const [index, at] of beats.entries()) if (index > 0) expect(at - beats[index - 1]!).toBeGreaterThanOrEqual(HEARTBEAT_MS);
  });

  it("says when most of a blocked request's time went by outside the learner's lines (a garbage collector's pauses)", () => {
    const stop = (pauseMs: number) => {
      let now = 0;
      const guard = new BlockGuard(() => now, { iterations: 1e9, milliseconds: 2000, events: 1e9 });
      guard.startDriverCall();
      guard.startEvent();
      try {
        // Rounds of a millisecond each, and once a pause of `pauseMs` between two of the guard's clock reads.
        for (let round = 0; ; round++) {
          now += round === 640 ? pauseMs : 1;
          guard.check(4);
        }
      } catch (error) {
        return error as ReactorBlockedError;
      }
    };
    const paused = stop(1500);
    expect(paused.reason).toBe("time");
    expect(paused.pausedMs).toBeGreaterThanOrEqual(1500);
    expect(explainBlocked(paused, "hoard.ts")).toMatch(/Most of that time \(1\.\d s\) went by outside your lines: .*garbage collector/);
    const steady = stop(1);
    expect(steady.pausedMs).toBe(0);
    expect(explainBlocked(steady, "loop.ts")).not.toMatch(/garbage collector/);
  });

  it("does not count a starved thread's pauses against a request's budget, up to three budgets of wall time", () => {
    const run = (pauses: number[]) => {
      let now = 0;
      const guard = new BlockGuard(() => now, { iterations: 1e9, milliseconds: 2000, events: 1e9 });
      guard.startDriverCall();
      try {
        // A handful of short events (a connection being set up), the thread descheduled for a while before each.
        for (const pause of pauses) {
          now += pause;
          guard.startEvent();
          for (let round = 0; round < 640; round++) {
            now += 0.01;
            guard.check(7);
          }
        }
        return null;
      } catch (error) {
        return error as ReactorBlockedError;
      }
    };
    // 5 s of wall time, nearly all of it in pauses of a second: honest work on a loaded machine runs on.
    expect(run([1000, 1000, 1000, 1000, 1000])).toBeNull();
    // Past three budgets (6 s), the request is stopped whatever the pauses.
    expect(run([1500, 1500, 1500, 1500, 1500])?.reason).toBe("busy");
  });

  it("stops a program its host finds holding too much memory, at its next line, naming it", () => {
    const world = new World({ guardBudget: budget });
    world.start('import { reactor } from "twisted/internet";\nreactor.callLater(1, () => {\n  console.log("tick");\n});\nreactor.run();\n', "bomb.ts");
    world.exceedMemory();
    world.advanceTo(2);
    expect(world.blocked?.message).toMatch(/^bomb\.ts(, line \d+)?: your program kept more memory than the runner allows/);
    expect(world.output.map((line) => line.text)).not.toContain("tick");
  });

  it("stops an endless loop at the top level and names its line", () => {
    const world = new World({ guardBudget: budget });
    const outcome = world.start('import { reactor } from "twisted/internet";\nlet n = 0;\nwhile (true) { n++; }\nreactor.run();\n', "loop.ts");
    expect(outcome.status).toBe("blocked");
    expect(world.blocked?.line).toBe(3);
    expect(world.output.at(-1)?.text).toMatch(/^loop\.ts, line 3: your code looped millions of times without returning to the reactor/);
  });

  it("stops a callback that never returns, even inside try/catch, and the world stops", () => {
    const world = new World({ guardBudget: budget });
    const outcome = world.start(
      `import { reactor } from "twisted/internet";
reactor.callLater(1, () => {
  for (;;) {
    try { while (true) {} } catch (e) {}
  }
});
reactor.callLater(2, () => console.log("never"));
reactor.run();`,
      "loop.ts",
    );
    expect(outcome.status).toBe("running");
    world.advanceTo(5);
    expect(world.blocked?.line).toBe(4);
    expect(world.output.some((line) => line.text === "never")).toBe(false);
    expect(world.reactorRunning).toBe(false);
  });

  it("lets ordinary loops run", () => {
    const world = new World({ guardBudget: budget });
    world.start('let total = 0;\nfor (let i = 0; i < 1000; i++) total += i;\nconsole.log(String(total));\n', "sum.ts");
    expect(world.blocked).toBeNull();
    expect(world.output.map((line) => line.text)).toContain("499500");
  });

  it("reports every line with the variables in scope when lines are recorded", () => {
    const world = new World();
    const seen: string[] = [];
    world.onLine = (line, locals) => seen.push(`${line} ${JSON.stringify(locals())}`);
    world.start("const a = 1;\nlet b = a + 1;\nfunction f(x: number) {\n  return x * b;\n}\nf(3);\n", "lines.ts");
    expect(seen).toEqual(['1 {}', '2 {"a":1}', '6 {"a":1,"b":2}', '4 {"a":1,"b":2,"x":3}']);
  });

  it("makes a check fail with the explanation when the program blocks", async () => {
    const checks = ChecksFileSchema.parse({
      checks: [{ id: "x", title: "answers", scenario: [{ connect: "a", port: 1079 }, { expect: "a", state: "open" }] }],
    }).checks;
    const [result] = await runChecks('import { reactor } from "twisted/internet";\nwhile (true) {}\n', "loop.ts", checks);
    expect(result!.passed).toBe(false);
    expect(result!.detail).toMatch(/line 2: your code looped millions of times/);
  });
});
