import { beforeAll, describe, expect, it } from "vitest";

/** A localStorage that can be made to refuse writes, as a full one does. */
const stored = new Map<string, string>();
let full = false;
/** The longest value the storage takes, as a browser's quota does. */
let quota = Infinity;
const localStorage = {
  getItem: (key: string) => stored.get(key) ?? null,
  setItem: (key: string, value: string) => {
    if (full || value.length > quota) throw Object.assign(new Error("The quota has been exceeded."), { name: "QuotaExceededError" });
    stored.set(key, value);
  },
  removeItem: (key: string) => stored.delete(key),
};

let progressStore: typeof import("./progress-store").progressStore;

beforeAll(async () => {
  (globalThis as { window?: unknown }).window = { localStorage, addEventListener() {} };
  ({ progressStore } = await import("./progress-store"));
});

describe("the progress store", () => {
  it("keeps a step passed when a later Check fails, recording the latest counts beside the mark", () => {
    progressStore.updateStep("a", { passed: true, checksPassed: 4, checksTotal: 4 });
    progressStore.updateStep("a", { passed: false, checksPassed: 1, checksTotal: 4 });
    expect(progressStore.getSnapshot().progress.steps.a).toMatchObject({ passed: true, checksPassed: 1, checksTotal: 4 });
    expect(JSON.parse(stored.get("finger:progress")!).steps.a.passed).toBe(true);
  });

  it("says so when the browser refuses to save, and stops saying so once a save works", () => {
    full = true;
    progressStore.updateStep("a", { code: "unsaved" });
    expect(progressStore.getSnapshot().saveError).toMatch(/^Your progress could not be saved: the browser refused \(storage is full\)/);
    full = false;
    progressStore.updateStep("a", { code: "saved" });
    expect(progressStore.getSnapshot().saveError).toBeNull();
  });

  it("does not save code too long to read back, keeps the saved code, and says why", () => {
    progressStore.updateStep("b", { code: "short" });
    progressStore.updateStep("b", { code: "x".repeat(1_000_001), passed: true });
    const saved = JSON.parse(stored.get("finger:progress")!).steps.b;
    expect(saved).toMatchObject({ code: "short", passed: true });
    expect(progressStore.getSnapshot().saveError).toMatch(/too long to be saved \(1,000,001 characters; at most 1,000,000\)/);
  });

  it("keeps what fits when the storage is full: the marks and other code are saved, the longest new code is left out and named", () => {
    quota = 100_000;
    progressStore.updateStep("c", { code: "small and saved" });
    progressStore.updateStep("c", { code: "y".repeat(150_000), passed: true });
    const saved = JSON.parse(stored.get("finger:progress")!).steps.c;
    expect(saved).toMatchObject({ code: "small and saved", passed: true });
    expect(progressStore.getSnapshot().progress.steps.c?.code).toHaveLength(150_000);
    expect(progressStore.getSnapshot().saveError).toMatch(/^Not everything could be saved: the browser refused \(storage is full\), so the code of step c was not saved/);
    quota = Infinity;
  });

  it("says truthfully when an imported file is too big to save, and later saves still reach the storage", () => {
    quota = 100_000;
    const big = { version: 2, steps: { d: { code: "z".repeat(120_000), passed: true, updatedAt: "2026-01-01T00:00:00.000Z" } } };
    expect(progressStore.importText(JSON.stringify(big))).toMatch(/^Imported progress for 1 step into this tab, but not all of it was saved\. Not everything could be saved/);
    expect(JSON.parse(stored.get("finger:progress")!).steps.d).toMatchObject({ passed: true });
    progressStore.updateStep("e", { code: "typed after the import" });
    const after = JSON.parse(stored.get("finger:progress")!).steps;
    expect(after.e.code).toBe("typed after the import");
    expect(after.d.passed).toBe(true);
    quota = Infinity;
  });

  it("reports the whole save as refused when not even the marks fit", () => {
    quota = 10;
    progressStore.updateStep("f", { passed: true });
    expect(progressStore.getSnapshot().saveError).toMatch(/^Your progress could not be saved: the browser refused \(storage is full\)/);
    quota = Infinity;
    progressStore.updateStep("f", { hintsShown: 1 });
    expect(JSON.parse(stored.get("finger:progress")!).steps.f).toMatchObject({ passed: true, hintsShown: 1 });
    expect(progressStore.getSnapshot().saveError).toBeNull();
  });

  it("merges an older export step by step: newer code stays, a passed step stays passed", () => {
    progressStore.updateStep("g", { code: "my newest code", passed: true });
    const older = { version: 2, steps: { g: { code: "old code", passed: false, updatedAt: "2020-01-01T00:00:00.000Z" }, h: { code: "only in the file" } } };
    expect(progressStore.importText(JSON.stringify(older))).toBe("Imported progress for 2 steps.");
    const steps = JSON.parse(stored.get("finger:progress")!).steps;
    expect(steps.g).toMatchObject({ code: "my newest code", passed: true });
    expect(steps.h).toMatchObject({ code: "only in the file" });
  });
});
