import { describe, expect, it } from "vitest";
import { runChecks } from "../engine";
import { loadCourse, stepSetup } from "./load";

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
          const failed = (await runChecks(step.solution, step.file, step.checks, stepSetup(step))).filter((r) => !r.passed);
          expect(failed.map((r) => `${r.title}: ${r.detail}`)).toEqual([]);
        });

        if (!step.reading) {
          it("its start fails at least one check", async () => {
            const results = await runChecks(step.start, step.file, step.checks, stepSetup(step));
            expect(results.some((r) => !r.passed)).toBe(true);
          });
        }
      });
    }
  }
});

// The closing note of the course (stage 11's recap) counts the steps and checks of every stage and of the whole
// course: the counts follow the course, and every chapter of the Evolution of Finger has its row.
describe("the closing note", () => {
  const recap = course.chapters.flatMap((chapter) => chapter.steps).find((step) => step.id === "finger-stage-11-recap")!;
  const count = (chapters: typeof course.chapters) => ({
    steps: chapters.reduce((n, chapter) => n + chapter.steps.length, 0),
    checks: chapters.reduce((n, chapter) => n + chapter.steps.reduce((m, step) => m + step.checks.length, 0), 0),
  });

  it("has a row for every finger chapter, with its steps and checks", () => {
    const rows = new Map([...recap.prose.matchAll(/^\|[^|\n]*\| \[[^\]]+\]\(\/lessons\/([a-z0-9-]+)\/\) \|[^|\n]*\| (\d+) \| (\d+) \|$/gm)].map((m) => [m[1], { steps: Number(m[2]), checks: Number(m[3]) }]));
    const finger = course.chapters.filter((chapter) => chapter.slug.startsWith("finger-stage-"));
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(finger.map((chapter) => [chapter.slug, count([chapter])])));
  });

  it("gives the totals of the Evolution of Finger and of the whole course", () => {
    const finger = count(course.chapters.filter((chapter) => chapter.slug.startsWith("finger-stage-")));
    const all = count(course.chapters);
    expect(recap.prose).toContain(`The Evolution of Finger: ${finger.steps} steps and ${finger.checks} checks. The whole course: ${all.steps} steps and ${all.checks} checks.`);
  });
});
