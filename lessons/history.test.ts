import { describe, expect, it } from "vitest";
import { currentHref, locationHref, MOVED_STEPS, SPLIT_STEPS } from "./history";
import { loadCourse } from "./load";

const course = loadCourse();
const locations = new Map(course.chapters.flatMap((chapter) => chapter.steps.map((step) => [step.id, `${chapter.slug}/${step.slug}`])));

describe("where steps used to be", () => {
  it("names, for each moved step, the location it has now", () => {
    for (const moved of MOVED_STEPS) expect(locations.get(moved.id), moved.id).toBe(moved.to);
  });

  it("never reuses an old location for a step of the revised course", () => {
    const current = new Set(locations.values());
    for (const moved of MOVED_STEPS) expect(current.has(moved.from), moved.from).toBe(false);
  });

  it("maps an old URL to the new one and leaves other URLs alone", () => {
    expect(currentHref("/lessons/finger-stage-1/use-deferreds/")).toBe("/lessons/finger-stage-1-backends/use-deferreds/");
    expect(currentHref("/lessons/finger-stage-1/do-nothing/")).toBe("/lessons/finger-stage-1/do-nothing/");
    expect(locationHref("a/b")).toBe("/lessons/a/b/");
  });

  it("names split steps whose both parts are in the course", () => {
    for (const split of SPLIT_STEPS) {
      expect(locations.has(split.id), split.id).toBe(true);
      expect(locations.has(split.added), split.added).toBe(true);
    }
  });
});
