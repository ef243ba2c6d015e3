import { beforeAll, describe, expect, it } from "vitest";

/** A localStorage that can be made to refuse writes, as a full one does. */
const stored = new Map<string, string>();
let full = false;
const localStorage = {
  getItem: (key: string) => stored.get(key) ?? null,
  setItem: (key: string, value: string) => {
    if (full) throw Object.assign(new Error("The quota has been exceeded."), { name: "QuotaExceededError" });
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
});
