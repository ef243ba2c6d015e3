/**
 * Learner code is untrusted: each test here repeats an attack on the runtime
 * (issue 17) and shows it now does no harm.
 */
import { describe, expect, it } from "vitest";
import { World } from "./world";

describe("a location a program reports about itself", () => {
  it("names no line when the program rewrote its stack to a line the file does not have", () => {
    const world = new World();
    const outcome = world.start('const e = new Error("boom");\ne.stack = "at finger.ts:999:1";\nthrow e;\n', "finger.ts");
    expect(outcome.status).toBe("error");
    expect(outcome.status === "error" && outcome.error.location).toBeNull();
  });

  it("still names the real line of an ordinary exception", () => {
    const world = new World();
    const outcome = world.start("const users: any = null;\n\nusers.moshez;\n", "finger.ts");
    expect(outcome.status === "error" && outcome.error.location?.line).toBe(3);
  });

  it("describes an error whose name and message are getters that throw", () => {
    const world = new World();
    const outcome = world.start(
      'const e = new Error("x");\nObject.defineProperty(e, "name", { get() { throw new Error("gotcha"); } });\nthrow e;\n',
      "finger.ts",
    );
    expect(outcome.status).toBe("error");
  });
});

describe("a program that floods its output", () => {
  it("keeps a bounded share of ten thousand times more lines than it can use, and of a line of fifty million characters", () => {
    const world = new World();
    let heard = 0;
    world.onOutput(() => heard++);
    world.start('for (let i = 0; i < 100_000; i++) console.log("tick " + i);\nconsole.log("x".repeat(50_000_000));\n', "flood.ts");
    expect(heard).toBe(100_001);
    expect(world.output.length).toBe(20_001);
    expect(world.output.at(-1)?.text).toBe("output truncated: only the first 20000 lines of output are kept");
  });

  it("shortens one very long line for its listeners and its trace", () => {
    const world = new World({ record: {} });
    const heard: string[] = [];
    world.onOutput((line) => heard.push(line.text));
    world.start('console.log("x".repeat(50_000_000));\n', "flood.ts");
    expect(heard[0]!.length).toBeLessThan(21_000);
    expect(heard[0]).toMatch(/output truncated: 50000000 characters in all\)$/);
    expect(JSON.stringify(world.trace).length).toBeLessThan(100_000);
  });
});
