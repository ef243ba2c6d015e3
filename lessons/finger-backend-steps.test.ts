/**
 * Stages 4 and 5 beyond their checks: the "Could not adapt" that the
 * in-memory step's start shows (and its prose quotes), each of the three
 * backends run behind the plug-them-in step's front ends by changing its one
 * line (the checks run only the line the solution chose), and the front-end
 * classes staying, character for character, the ones stage 4 wrote.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { World } from "../engine";

const lessons = path.dirname(new URL(import.meta.url).pathname);
const read = (step: string, which: "start" | "solution") => readFileSync(path.join(lessons, step, which, "finger.tac.ts"), "utf8");
const ADAPTERS_STEP = "08-finger-stage-4/01-interfaces-and-adapters";
const MEMORY_STEP = "08-finger-stage-4/02-an-in-memory-backend";
const PLUG_STEP = "09-finger-stage-5/03-plug-them-in";
const CHOICE = 'const f = new MemoryFingerService({ moshez: "Happy and well" });';

function finger(world: World, query: string): string {
  const handle = world.exec(["finger", query]);
  world.advanceTo(world.seconds() + 10, () => handle.ended);
  return handle.stdout + handle.stderr;
}

/** A world with moshez's account and plan, as the step's `files:` give it, running `source`. */
function started(source: string): World {
  const world = new World();
  world.writeFile("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nmoshez:x:1000:1000:Moshe Zadka:/home/moshez:/bin/sh\n");
  world.writeFile("/home/moshez/.plan", "Working on the tutorial\n");
  expect(world.start(source, "finger.tac.ts")).toEqual({ status: "running" });
  world.advance(1);
  return world;
}

/** The text of `class NAME ... }` up to the first line that is only "}". */
function classText(source: string, name: string): string {
  const match = new RegExp(`\\nclass ${name} [^]*?\\n\\}\\n`).exec(source);
  expect(match, name).not.toBeNull();
  return match![0];
}

describe("the in-memory step's start", () => {
  it("fails to load with the Could not adapt the prose quotes: the object, then the interface asked for", () => {
    const outcome = new World().start(read(MEMORY_STEP, "start"), "finger.tac.ts");
    expect(outcome.status).toBe("error");
    expect(outcome.status === "error" && outcome.error.message).toMatch(
      /^Failed to load application: TypeError: \('Could not adapt', <__main__\.FingerService object at 0x[0-9a-f]+>, <InterfaceClass __main__\.IFingerSetterFactory>\)$/,
    );
  });
});

describe("plug them in: one line chooses the backend", () => {
  const solution = read(PLUG_STEP, "solution");

  it("is the line the solution chose", () => {
    expect(solution).toContain(CHOICE);
  });

  it.each([
    ["MemoryFingerService", CHOICE, /^Happy and well\n$/, true],
    ["LocalFingerService", "const f = new LocalFingerService();", /^Login: moshez[^]*\nPlan:\nWorking on the tutorial\n\n$/, false],
    ["PlanFingerService", "const f = new PlanFingerService();", /^Working on the tutorial\n$/, false],
  ])("with %s, finger answers from it, and 1079 is open only if it can be set", (_name, line, answer, settable) => {
    const world = started(solution.replace(CHOICE, line));
    expect(finger(world, "moshez@localhost")).toMatch(answer);
    expect(world.listeningPorts().some((p) => p.port === 1079)).toBe(settable);
    expect(world.listeningPorts().map((p) => p.port)).toEqual(expect.arrayContaining([79, 8000]));
  });
});

describe("the front ends of stage 4", () => {
  const stage4 = read(ADAPTERS_STEP, "solution");
  it.each([
    "FingerProtocol",
    "FingerFactoryFromService",
    "FingerSetterProtocol",
    "FingerSetterFactoryFromService",
    "IRCReplyBot",
    "IRCClientFactoryFromService",
    "UserStatusTree",
    "UserStatus",
    "UserStatusXR",
  ])("%s is unchanged in every later step of stages 4 and 5", (name) => {
    for (const step of [MEMORY_STEP, "09-finger-stage-5/01-the-system-finger-as-a-backend", "09-finger-stage-5/02-passwd-and-plan-files", PLUG_STEP, "09-finger-stage-5/04-recap"]) {
      expect(classText(read(step, "solution"), name), step).toBe(classText(stage4, name));
    }
  });
});
