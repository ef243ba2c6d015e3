/**
 * The learner's saved progress as the app keeps it: the browser's own
 * IndexedDB, database "evolution-of-finger" version 1, a record per step in
 * "steps" and the page to resume from under "last" in "meta" (see
 * app/progress/progress-idb.ts). Tests seed it as an earlier visit would
 * have saved it, and read what the app saved.
 */
import type { Page } from "@playwright/test";

export interface SavedProgress {
  readonly steps: Readonly<Record<string, Record<string, unknown>>>;
  readonly last?: { readonly href: string; readonly title: string };
}

type Operation = { readonly kind: "seed"; readonly progress: SavedProgress } | { readonly kind: "read" };

/** Runs in the page: opens the app's database (creating it as the app does, if this comes first) and seeds or reads it. */
function inDatabase(operation: Operation): Promise<SavedProgress> {
  const done = (request: IDBRequest | IDBTransaction) =>
    new Promise<void>((resolve, reject) => {
      if (request instanceof IDBTransaction) {
        request.oncomplete = () => resolve();
        request.onabort = request.onerror = () => reject(request.error);
      } else {
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      }
    });
  const open = indexedDB.open("evolution-of-finger", 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore("steps");
    open.result.createObjectStore("meta");
  };
  return done(open).then(async () => {
    const db = open.result;
    try {
      if (operation.kind === "seed") {
        const tx = db.transaction(["steps", "meta"], "readwrite");
        const steps = tx.objectStore("steps");
        steps.clear();
        for (const [id, step] of Object.entries(operation.progress.steps)) steps.put(step, id);
        if (operation.progress.last) tx.objectStore("meta").put(operation.progress.last, "last");
        else tx.objectStore("meta").delete("last");
        await done(tx);
        return operation.progress;
      }
      const tx = db.transaction(["steps", "meta"], "readonly");
      const keys = tx.objectStore("steps").getAllKeys();
      const values = tx.objectStore("steps").getAll();
      const last = tx.objectStore("meta").get("last");
      await done(tx);
      const steps = Object.fromEntries((keys.result as string[]).map((id, i) => [id, values.result[i] as Record<string, unknown>]));
      return last.result === undefined ? { steps } : { steps, last: last.result };
    } finally {
      db.close();
    }
  });
}

/**
 * Replaces the saved progress with `progress`, as an earlier visit would
 * have left it. The page must be on the app's origin; reload or navigate
 * after, for the app to read it.
 */
export async function seedProgress(page: Page, progress: SavedProgress): Promise<void> {
  await page.evaluate(inDatabase, { kind: "seed", progress } as const);
}

/** The saved progress, as the app has saved it so far. */
export async function savedProgress(page: Page): Promise<SavedProgress> {
  return page.evaluate(inDatabase, { kind: "read" } as const);
}

/** One step's saved entry, or undefined. */
export async function savedStep(page: Page, stepId: string): Promise<Record<string, unknown> | undefined> {
  return (await savedProgress(page)).steps[stepId];
}

/** All saved steps as JSON text, for a test that looks for a mark in the saved code. */
export async function savedProgressText(page: Page): Promise<string> {
  return JSON.stringify(await savedProgress(page));
}
