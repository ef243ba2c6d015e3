/**
 * The progress store over IndexedDB (fake-indexeddb's in-memory one: the
 * e2e tests use the browser's), over localStorage where IndexedDB cannot
 * open, and moving localStorage's saved work into IndexedDB.
 */
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openIdbBackend, DB_NAME } from "./progress-idb";
import { localProgressBackend } from "./progress-local";
import type { ProgressBackend } from "./progress-backend";
import { ProgressStore } from "./progress-store";

/** A localStorage that can be made to refuse writes, as a full one does. */
const stored = new Map<string, string>();
let localQuota = Infinity;
const localStorage = {
  getItem: (key: string) => stored.get(key) ?? null,
  setItem: (key: string, value: string) => {
    if (value.length > localQuota) throw Object.assign(new Error("The quota has been exceeded."), { name: "QuotaExceededError" });
    stored.set(key, value);
  },
  removeItem: (key: string) => stored.delete(key),
  get length() {
    return stored.size;
  },
  key: (index: number) => [...stored.keys()][index] ?? null,
};
(globalThis as { window?: unknown }).window = { localStorage, addEventListener() {} };

/** The largest record (as JSON characters) IndexedDB takes: a browser's quota, here per write. */
let idbQuota = Infinity;
const realPut = IDBObjectStore.prototype.put;
IDBObjectStore.prototype.put = function put(this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
  if (JSON.stringify(value).length > idbQuota) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  return realPut.call(this, value, key);
};

const stores: ProgressStore[] = [];
/** A tab's store, loaded. */
async function openTab(open = openIdbBackend): Promise<ProgressStore> {
  const store = new ProgressStore(open);
  stores.push(store);
  await store.whenSaved();
  return store;
}

/** A step's record as IndexedDB holds it, read outside the store. */
async function storedStep(id: string): Promise<Record<string, unknown> | undefined> {
  const backend = await openIdbBackend();
  return (await backend.readStep(id)) as Record<string, unknown> | undefined;
}

beforeEach(() => {
  (globalThis as { indexedDB: IDBFactory }).indexedDB = new IDBFactory();
  stored.clear();
  localQuota = Infinity;
  idbQuota = Infinity;
});
afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
});

describe("the progress store, in IndexedDB", () => {
  it("keeps a step passed when a later Check fails, recording the latest counts beside the mark, across a reload", async () => {
    const tab = await openTab();
    tab.updateStep("a", { passed: true, checksPassed: 4, checksTotal: 4 });
    tab.updateStep("a", { passed: false, checksPassed: 1, checksTotal: 4 });
    expect(tab.getSnapshot().progress.steps.a).toMatchObject({ passed: true, checksPassed: 1, checksTotal: 4 });
    await tab.whenSaved();
    expect(await storedStep("a")).toMatchObject({ passed: true, checksPassed: 1 });
    const reloaded = await openTab();
    expect(reloaded.getSnapshot()).toMatchObject({ loaded: true, progress: { steps: { a: { passed: true, checksPassed: 1 } } } });
  });

  it("saves code far beyond localStorage's 5 MB (six million characters)", async () => {
    const tab = await openTab();
    const code = "// my notes\n".repeat(500_000);
    tab.updateStep("big", { code });
    await tab.whenSaved();
    expect(tab.getSnapshot().saveError).toBeNull();
    expect((await openTab()).getSnapshot().progress.steps.big?.code).toBe(code);
  });

  it("says so when the browser refuses to save, and stops saying so once a save works", async () => {
    const tab = await openTab();
    idbQuota = 0;
    tab.updateStep("a", { code: "unsaved" });
    await tab.whenSaved();
    expect(tab.getSnapshot().saveError).toMatch(/^Your progress could not be saved: the browser refused \(storage is full\)/);
    idbQuota = Infinity;
    tab.updateStep("a", { code: "saved" });
    await tab.whenSaved();
    expect(tab.getSnapshot().saveError).toBeNull();
  });

  it("does not save code too long to read back, keeps the saved code and the mark, and says why", async () => {
    const tab = await openTab();
    tab.updateStep("b", { code: "short" });
    tab.updateStep("b", { code: "x".repeat(10_000_001), passed: true });
    await tab.whenSaved();
    expect(await storedStep("b")).toMatchObject({ code: "short", passed: true });
    expect(tab.getSnapshot().saveError).toMatch(/too long to be saved \(10,000,001 characters; at most 10,000,000\)/);
    tab.updateStep("b", { code: "shorter again" });
    await tab.whenSaved();
    expect(tab.getSnapshot().saveError).toBeNull();
  });

  it("saves each step apart: one step's refused code costs neither its mark nor another step's save", async () => {
    const tab = await openTab();
    idbQuota = 100_000;
    tab.updateStep("c", { code: "small and saved" });
    tab.updateStep("c", { code: "y".repeat(150_000), passed: true });
    tab.updateStep("other", { code: "another step's work" });
    await tab.whenSaved();
    expect(await storedStep("c")).toMatchObject({ code: "small and saved", passed: true });
    expect(await storedStep("other")).toMatchObject({ code: "another step's work" });
    expect(tab.getSnapshot().progress.steps.c?.code).toHaveLength(150_000);
    expect(tab.getSnapshot().saveError).toMatch(/^Not everything could be saved: the browser refused \(storage is full\), so the code of step c was not saved/);
  });

  it("says truthfully when an imported file is too big to save, keeps its marks, and later saves still reach the storage", async () => {
    const tab = await openTab();
    idbQuota = 100_000;
    const big = { version: 2, steps: { d: { code: "z".repeat(120_000), passed: true, updatedAt: "2026-01-01T00:00:00.000Z" }, d2: { code: "fits", passed: true } } };
    expect(await tab.importText(JSON.stringify(big))).toMatch(/^Imported progress for 2 steps into this tab, but not all of it was saved\. Not everything could be saved/);
    expect(await storedStep("d")).toEqual({ passed: true, updatedAt: "2026-01-01T00:00:00.000Z" });
    expect(await storedStep("d2")).toMatchObject({ code: "fits", passed: true });
    tab.updateStep("e", { code: "typed after the import" });
    await tab.whenSaved();
    expect(await storedStep("e")).toMatchObject({ code: "typed after the import" });
  });

  it("imports a file of 7.5 MB whole", async () => {
    const tab = await openTab();
    const steps = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`s${i}`, { code: `// ${i}\n${"x".repeat(950_000)}`, passed: true }]));
    expect(await tab.importText(JSON.stringify({ version: 2, steps }))).toBe("Imported progress for 8 steps.");
    const reloaded = (await openTab()).getSnapshot().progress.steps;
    expect(Object.values(reloaded).map((step) => [step.code?.length, step.passed])).toEqual(Array(8).fill([950_005, true]));
  });

  it("reports the whole save as refused when not even the marks fit", async () => {
    const tab = await openTab();
    idbQuota = 10;
    tab.updateStep("f", { passed: true });
    await tab.whenSaved();
    expect(tab.getSnapshot().saveError).toMatch(/^Your progress could not be saved: the browser refused \(storage is full\)/);
    idbQuota = Infinity;
    tab.updateStep("f", { hintsShown: 1 });
    await tab.whenSaved();
    expect(await storedStep("f")).toMatchObject({ passed: true, hintsShown: 1 });
    expect(tab.getSnapshot().saveError).toBeNull();
  });

  it("merges an older export step by step: newer code stays, a passed step stays passed", async () => {
    const tab = await openTab();
    tab.updateStep("g", { code: "my newest code", passed: true });
    const older = { version: 2, steps: { g: { code: "old code", passed: false, updatedAt: "2020-01-01T00:00:00.000Z" }, h: { code: "only in the file" } } };
    expect(await tab.importText(JSON.stringify(older))).toBe("Imported progress for 2 steps.");
    expect(await storedStep("g")).toMatchObject({ code: "my newest code", passed: true });
    expect(await storedStep("h")).toMatchObject({ code: "only in the file" });
  });

  it("keeps changes made before the load finished, over what the load reads", async () => {
    await (async () => {
      const first = await openTab();
      first.updateStep("kept", { code: "from an earlier visit", passed: true });
      await first.whenSaved();
    })();
    const tab = new ProgressStore(openIdbBackend);
    stores.push(tab);
    tab.subscribe(() => {});
    tab.setLast("/lessons/a/b/", "B");
    tab.updateStep("new", { hintsShown: 1 });
    await tab.whenSaved();
    expect(tab.getSnapshot().progress).toMatchObject({ last: { href: "/lessons/a/b/" }, steps: { kept: { code: "from an earlier visit", passed: true }, new: { hintsShown: 1 } } });
  });

  it("recovers a damaged record with a notice that outlives a reload until dismissed", async () => {
    const tab = await openTab();
    tab.updateStep("fine", { passed: true });
    await tab.whenSaved();
    const raw = await (await import("idb")).openDB(DB_NAME, 1);
    await raw.put("steps", { passed: "yes", code: 12 }, "broken");
    await raw.put("steps", { passed: "yes", code: "kept" }, "half");
    raw.close();
    const reloaded = await openTab();
    expect(reloaded.getSnapshot().notice).toBe("Some of your saved progress was damaged. Recovered 2 steps (1 of them in part), lost 1. A copy of the original was kept.");
    expect(reloaded.getSnapshot().progress.steps).toMatchObject({ fine: { passed: true }, half: { code: "kept" } });
    expect((await openTab()).getSnapshot().notice).toMatch(/^Some of your saved progress was damaged/);
    reloaded.dismissNotice();
    await reloaded.whenSaved();
    expect((await openTab()).getSnapshot().notice).toBeNull();
  });
});

describe("a page that goes with a save unfinished", () => {
  it("leaves the step in localStorage, and the next load saves it and forgets it", async () => {
    // The browser aborts the transaction as the page goes: this save never finishes.
    const goingPage = async (): Promise<ProgressBackend> => {
      const real = await openIdbBackend();
      return {
        load: () => real.load(),
        saveStep: () => new Promise<never>(() => {}),
        readStep: (stepId) => real.readStep(stepId),
        saveLast: (last) => real.saveLast(last),
        saveNotice: (notice) => real.saveNotice(notice),
      };
    };
    const tab = new ProgressStore(goingPage);
    stores.push(tab);
    tab.subscribe(() => {});
    await expect.poll(() => tab.getSnapshot().loaded).toBe(true);
    tab.updateStep("z", { code: "the last keystrokes", passed: true });
    tab.keepUnsavedThroughUnload();
    expect(JSON.parse(stored.get("finger:progress:unsaved:z")!)).toMatchObject({ code: "the last keystrokes", passed: true });

    const next = await openTab();
    expect(next.getSnapshot().progress.steps.z).toMatchObject({ code: "the last keystrokes", passed: true });
    expect(await storedStep("z")).toMatchObject({ code: "the last keystrokes", passed: true });
    expect(stored.has("finger:progress:unsaved:z")).toBe(false);
  });
});

describe("moving saved work from localStorage", () => {
  it("moves code, marks and the page to resume from, and removes the old text once it reads back", async () => {
    const old = { version: 1, steps: { "finger-use-deferreds": { code: "// saved before", passed: true } }, last: { href: "/lessons/finger-stage-1/use-deferreds/", title: "T" } };
    stored.set("finger:progress", JSON.stringify(old));
    const tab = await openTab();
    expect(tab.getSnapshot().progress.steps["finger-use-deferreds"]).toMatchObject({ code: "// saved before", passed: true });
    expect(tab.getSnapshot().progress.last?.href).toBe("/lessons/finger-stage-1-backends/use-deferreds/");
    expect(tab.getSnapshot().notice).toBeNull();
    expect(stored.has("finger:progress")).toBe(false);
    expect(await storedStep("finger-use-deferreds")).toMatchObject({ code: "// saved before", passed: true });
  });

  it("keeps newer work already in IndexedDB and never un-passes", async () => {
    const first = await openTab();
    first.updateStep("a", { code: "newer, in IndexedDB" });
    await first.whenSaved();
    stored.set("finger:progress", JSON.stringify({ version: 2, steps: { a: { code: "older", passed: true, updatedAt: "2020-01-01T00:00:00.000Z" } } }));
    const tab = await openTab();
    expect(tab.getSnapshot().progress.steps.a).toMatchObject({ code: "newer, in IndexedDB", passed: true });
  });

  it("recovers a damaged old text, keeps a copy of it, and shows the notice until dismissed", async () => {
    stored.set("finger:progress", "{this is not json");
    const tab = await openTab();
    expect(tab.getSnapshot().notice).toMatch(/could not be read \(it is not valid JSON\).*A copy of it was kept/);
    expect(stored.has("finger:progress")).toBe(false);
    const raw = await (await import("idb")).openDB(DB_NAME, 1);
    const keys = await raw.getAllKeys("meta");
    const copy = keys.find((key) => String(key).startsWith("damaged-copy:"));
    expect(copy && (await raw.get("meta", copy))).toBe("{this is not json");
    raw.close();
    expect((await openTab()).getSnapshot().notice).toMatch(/could not be read/);
  });

  it("keeps the old text when the move is refused, and says so", async () => {
    stored.set("finger:progress", JSON.stringify({ version: 2, steps: { a: { code: "q".repeat(200), passed: true } } }));
    idbQuota = 100;
    const tab = await openTab();
    expect(stored.has("finger:progress")).toBe(true);
    expect(tab.getSnapshot().saveError).toMatch(/^Your saved progress could not be moved to this browser's database \(storage is full\)/);
  });
});

describe("two tabs", () => {
  it("do not lose each other's saves of different steps, and each shows the other's", async () => {
    const one = await openTab();
    const two = await openTab();
    one.updateStep("x", { code: "typed in tab one", passed: true });
    two.updateStep("y", { code: "typed in tab two" });
    await Promise.all([one.whenSaved(), two.whenSaved()]);
    expect(await storedStep("x")).toMatchObject({ code: "typed in tab one", passed: true });
    expect(await storedStep("y")).toMatchObject({ code: "typed in tab two" });
    await expect.poll(() => one.getSnapshot().progress.steps.y?.code).toBe("typed in tab two");
    await expect.poll(() => two.getSnapshot().progress.steps.x?.code).toBe("typed in tab one");
    // A later save of the other tab's step, once shown here, keeps that tab's work.
    two.updateStep("x", { hintsShown: 2 });
    await two.whenSaved();
    expect(await storedStep("x")).toMatchObject({ code: "typed in tab one", passed: true, hintsShown: 2 });
  });
});

describe("where IndexedDB cannot open", () => {
  it("falls back to localStorage, and still reports a refused save", async () => {
    const unavailable = () => Promise.reject(new Error("IndexedDB is not available"));
    const tab = await openTab(unavailable);
    tab.updateStep("a", { code: "kept in localStorage", passed: true });
    await tab.whenSaved();
    expect(JSON.parse(stored.get("finger:progress")!).steps.a).toMatchObject({ code: "kept in localStorage", passed: true });
    localQuota = 300;
    tab.updateStep("a", { code: "too much for this storage ".repeat(20) });
    await tab.whenSaved();
    expect(tab.getSnapshot().saveError).toMatch(/^Not everything could be saved: the browser refused \(storage is full\), so the code of step a was not saved/);
    expect((await openTab(async () => localProgressBackend())).getSnapshot().progress.steps.a?.code).toBe("kept in localStorage");
  });
});
