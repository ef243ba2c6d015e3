import { describe, expect, it } from "vitest";
import { runChecks } from "../engine";
import { loadCourse } from "./load";

const course = loadCourse();

describe("the course", () => {
  it("has chapters with steps", () => {
    expect(course.chapters.length).toBeGreaterThan(0);
    for (const chapter of course.chapters) expect(chapter.steps.length).toBeGreaterThan(0);
  });

  for (const chapter of course.chapters) {
    for (const step of chapter.steps) {
      describe(`${chapter.slug}/${step.slug}`, () => {
        it("its solution passes every check", async () => {
          const failed = (await runChecks(step.solution, step.file, step.checks, step.modules)).filter((r) => !r.passed);
          expect(failed.map((r) => `${r.title}: ${r.detail}`)).toEqual([]);
        });

        if (!step.reading) {
          it("its start fails at least one check", async () => {
            const results = await runChecks(step.start, step.file, step.checks, step.modules);
            expect(results.some((r) => !r.passed)).toBe(true);
          });
        }
      });
    }
  }
});
