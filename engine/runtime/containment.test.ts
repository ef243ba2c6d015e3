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
