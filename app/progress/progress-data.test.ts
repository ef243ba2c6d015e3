import { describe, expect, it } from "vitest";
import { loadCourse } from "../../lessons/load";
import { MOVED_STEPS, SPLIT_STEPS, locationHref } from "../../lessons/history";
import { MAX_CODE_CHARS, mergeProgress, migrateProgress, readProgress, SavedProgressSchema } from "./progress-data";

describe("reading saved progress", () => {
  it("starts empty when nothing was saved", () => {
    expect(readProgress(null)).toEqual({ progress: { version: 2, steps: {} }, notice: null });
  });

  it("reads valid progress as it was saved", () => {
    const saved = { version: 2, steps: { a: { code: "x", passed: true } }, last: { href: "/lessons/c/a/", title: "A" } };
    expect(readProgress(JSON.stringify(saved))).toEqual({ progress: saved, notice: null });
  });

  it("sets aside text that is not JSON, with a notice", () => {
    const { progress, notice } = readProgress("{not json");
    expect(progress.steps).toEqual({});
    expect(notice).toMatch(/could not be read/);
  });

  it("keeps the steps that are intact and reports the ones lost", () => {
    const damaged = { version: 1, steps: { good: { code: "ok", passed: false }, bad: { passed: "yes" }, worse: 7 } };
    const { progress, notice } = readProgress(JSON.stringify(damaged));
    expect(progress.steps).toEqual({ good: { code: "ok", passed: false } });
    expect(notice).toBe("Some of your saved progress was damaged. Recovered 1 step, lost 2. A copy of the original was kept.");
  });

  it("recovers steps from an unknown version and says so", () => {
    const { progress, notice } = readProgress(JSON.stringify({ version: 9, steps: { a: { code: "x" } } }));
    expect(progress.steps).toEqual({ a: { code: "x" } });
    expect(notice).toMatch(/unknown format \(version 9\)/);
  });

  it("never throws, whatever the text", () => {
    for (const text of ["null", "[]", "42", '"s"', '{"steps":null}', '{"version":1,"steps":{"a":null}}']) {
      expect(() => readProgress(text)).not.toThrow();
    }
  });
});

describe("importing progress", () => {
  it("lets imported steps win and keeps the others", () => {
    const merged = mergeProgress(
      { version: 2, steps: { a: { code: "mine" }, b: { code: "kept" } } },
      { version: 2, steps: { a: { code: "imported", passed: true } } },
    );
    expect(merged.steps).toEqual({ a: { code: "imported", passed: true }, b: { code: "kept" } });
  });
});

describe("migrating progress saved before the course revision (version 1)", () => {
  // The course as it was before the revision: every step id it had, in its order.
  const OLD_STEP_IDS = [
    "concepts-waiting-for-data", "concepts-thread-per-connection", "concepts-one-thread-no-waiting", "concepts-sockets-under-twisted",
    "concepts-event-loop-by-hand", "concepts-callbacks", "concepts-recap",
    "deferreds-promise-of-a-value", "deferreds-callback-chain", "deferreds-errbacks-and-failures", "deferreds-two-tracks", "deferreds-chaining",
    "deferreds-waiting-inside-a-chain", "deferreds-firing-later", "deferreds-synchronous-results", "deferreds-waiting-for-several",
    "deferreds-not-a-talisman", "deferreds-cooperative-work", "deferreds-running-processes", "deferreds-inline-callbacks",
    "deferreds-cancellation-and-timeouts", "deferreds-testing-with-a-clock", "deferreds-recap",
    "finger-refuse-connections", "finger-do-nothing", "finger-drop-connections", "finger-read-user-name", "finger-output-error",
    "finger-empty-factory", "finger-non-empty-factory", "finger-use-deferreds", "finger-run-finger-locally", "finger-read-status-from-web",
    "finger-application-twistd", "finger-stage-1-recap",
  ];
  const course = loadCourse();
  const steps = course.chapters.flatMap((chapter) => chapter.steps);
  const hrefOfId = new Map(steps.map((step) => [step.id, locationHref(`${step.chapterSlug}/${step.slug}`)]));

  it("keeps every step's code and marks, under an id the revised course has", () => {
    const saved = { version: 1, steps: Object.fromEntries(OLD_STEP_IDS.map((id, i) => [id, { code: `// my code for ${id}`, passed: i % 2 === 0, hintsShown: 1 }])) };
    const { progress, notice } = readProgress(JSON.stringify(saved));
    expect(notice).toBeNull();
    expect(progress.version).toBe(2);
    for (const id of OLD_STEP_IDS) {
      expect(hrefOfId.has(id), `${id} is in the revised course`).toBe(true);
      expect(progress.steps[id]).toEqual(saved.steps[id]);
    }
  });

  it("sends \"continue where you left off\" to the step's new URL", () => {
    for (const moved of MOVED_STEPS) {
      const saved = { version: 1, steps: {}, last: { href: locationHref(moved.from), title: "T" } };
      expect(readProgress(JSON.stringify(saved)).progress.last).toEqual({ href: hrefOfId.get(moved.id), title: "T" });
    }
  });

  it("leaves the URL of a step that did not move as it was", () => {
    const saved = { version: 1, steps: {}, last: { href: "/lessons/finger-stage-1/drop-connections/", title: "Drop connections" } };
    expect(readProgress(JSON.stringify(saved)).progress.last?.href).toBe(hrefOfId.get("finger-drop-connections"));
  });

  it("counts the new part of a split step as passed when the old step was", () => {
    for (const split of SPLIT_STEPS) {
      const migrated = migrateProgress(SavedProgressSchema.parse({ version: 1, steps: { [split.id]: { code: "mine", passed: true } } }));
      expect(migrated.steps[split.id]).toEqual({ code: "mine", passed: true });
      expect(migrated.steps[split.added]).toEqual({ passed: true });
      expect(hrefOfId.has(split.added), `${split.added} is in the revised course`).toBe(true);
    }
  });

  it("migrates an exported version 1 file the same way", () => {
    const exported = SavedProgressSchema.parse({ version: 1, steps: { "finger-use-deferreds": { code: "x" } }, last: { href: "/lessons/deferreds/recap/", title: "Recap" } });
    expect(migrateProgress(exported)).toEqual({ version: 2, steps: { "finger-use-deferreds": { code: "x" } }, last: { href: hrefOfId.get("deferreds-recap"), title: "Recap" } });
  });
});

describe("saved work is never lost (issue 17)", () => {
  it("reads back code longer than 200,000 characters, with the step's passed mark", () => {
    const saved = { version: 2, steps: { a: { code: "x".repeat(300_000), passed: true } } };
    const { progress, notice } = readProgress(JSON.stringify(saved));
    expect(notice).toBeNull();
    expect(progress.steps.a?.passed).toBe(true);
    expect(progress.steps.a?.code?.length).toBe(300_000);
  });

  it("keeps a step's passed mark when only its code is damaged", () => {
    const saved = { version: 2, steps: { a: { code: "x".repeat(MAX_CODE_CHARS + 1), passed: true, checksPassed: 4 } } };
    const { progress, notice } = readProgress(JSON.stringify(saved));
    expect(progress.steps.a).toEqual({ passed: true, checksPassed: 4 });
    expect(notice).toBe("Some of your saved progress was damaged. Recovered 1 step (1 of them in part). A copy of the original was kept.");
  });

  it("does not let an older export replace newer code or un-pass a step", () => {
    const current = { version: 2 as const, steps: { a: { code: "newer", passed: true, updatedAt: "2026-12-07T12:00:00.000Z" } } };
    const older = { version: 2 as const, steps: { a: { code: "older", passed: false, updatedAt: "2026-12-01T12:00:00.000Z" } } };
    expect(mergeProgress(current, older).steps.a).toEqual({ code: "newer", passed: true, updatedAt: "2026-12-07T12:00:00.000Z" });
  });

  it("takes the newer code from an export, and keeps the step passed here", () => {
    const current = { version: 2 as const, steps: { a: { code: "older", passed: true, hintsShown: 2, updatedAt: "2026-12-01T12:00:00.000Z" } } };
    const newer = { version: 2 as const, steps: { a: { code: "newer", passed: false, updatedAt: "2026-12-07T12:00:00.000Z" } } };
    expect(mergeProgress(current, newer).steps.a).toEqual({ code: "newer", passed: true, hintsShown: 2, updatedAt: "2026-12-07T12:00:00.000Z" });
  });
});
