import { describe, expect, it } from "vitest";
import { mergeProgress, readProgress } from "./progress-data";

describe("reading saved progress", () => {
  it("starts empty when nothing was saved", () => {
    expect(readProgress(null)).toEqual({ progress: { version: 1, steps: {} }, notice: null });
  });

  it("reads valid progress as it was saved", () => {
    const saved = { version: 1, steps: { a: { code: "x", passed: true } }, last: { href: "/lessons/c/a/", title: "A" } };
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
      { version: 1, steps: { a: { code: "mine" }, b: { code: "kept" } } },
      { version: 1, steps: { a: { code: "imported", passed: true } } },
    );
    expect(merged.steps).toEqual({ a: { code: "imported", passed: true }, b: { code: "kept" } });
  });
});
