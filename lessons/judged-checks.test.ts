/**
 * The page judges a Check from what the runner observed (engine/checks/observed.ts).
 * Judged that way, every step's start and solution get exactly the verdicts
 * running the checks directly gives: the same pass or fail, detail and hint.
 */
import { describe, expect, it } from "vitest";
import { SimulatedDriver, checkSetup, judgeCheck, observeCheck, runChecks } from "../engine";
import { loadCourse, stepSetup } from "./load";

const course = loadCourse();

/**
 * Deferreds are numbered, and objects given addresses, across every run in this process ("<Deferred #4>",
 * "object at 0x7f3a5c000040"): the numbers say nothing about the verdict.
 */
function numbered(results: unknown): unknown {
  const text = JSON.stringify(results).replace(/<Deferred #\d+/g, "<Deferred #n").replace(/ at 0x[0-9a-f]+/g, " at 0x…");
  return JSON.parse(text) as unknown;
}

describe("checks judged from the runner's observations", () => {
  for (const chapter of course.chapters) {
    for (const step of chapter.steps) {
      it(`${chapter.slug}/${step.slug}: the same verdicts as the checks run directly`, async () => {
        for (const source of step.reading ? [step.solution] : [step.start, step.solution]) {
          const setup = stepSetup(step);
          const direct = await runChecks(source, step.file, step.checks, setup);
          const judged = [];
          for (const check of step.checks) {
            const observations = await observeCheck(new SimulatedDriver(source, step.file, checkSetup(setup, check)), check);
            judged.push(await judgeCheck(JSON.parse(JSON.stringify(observations)) as unknown[], check, source));
          }
          expect(numbered(judged)).toEqual(numbered(direct));
        }
      });
    }
  }
});
