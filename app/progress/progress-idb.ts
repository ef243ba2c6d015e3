/**
 * Progress in IndexedDB, through `idb`: one record per step, so each save is
 * a transaction of its own and one huge step cannot make another's fail.
 * Saved work from before (localStorage's one JSON text) is moved in on the
 * first load, and the old text is removed only once it reads back.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore } from "idb";
import { describeRefusal, withoutNewCode, type LastVisit, type LoadResult, type ProgressBackend, type StepSave } from "./progress-backend";
import { OLD_DAMAGED_COPY_KEY, OLD_KEY, OLD_NOTICE_KEY, safeGet, safeRemove } from "./progress-local";
import { mergeStep, PROGRESS_VERSION, readProgress, readProgressValue, StepProgressSchema, type ReadResult, type StepProgress } from "./progress-data";

/** The database's name and layout; e2e/saved-progress.ts seeds the same. */
export const DB_NAME = "evolution-of-finger";
export const DB_VERSION = 1;

interface ProgressDB extends DBSchema {
  /** Each step's entry (StepProgress), by step id. */
  steps: { key: string; value: unknown };
  /** "last" (the page to resume from), "notice" (the damaged-data notice), "damaged-copy:<when>" (what was set aside). */
  meta: { key: string; value: unknown };
}

type Database = IDBPDatabase<ProgressDB>;
type StepsStore = IDBPObjectStore<ProgressDB, ["steps"], "steps", "readwrite">;

/** Opens the database; rejects when the browser has no IndexedDB for this page (some private modes). */
export async function openIdbBackend(): Promise<ProgressBackend> {
  if (typeof indexedDB === "undefined") throw new Error("IndexedDB is not available");
  return new IdbBackend(await open());
}

function open(): Promise<Database> {
  return openDB<ProgressDB>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore("steps");
      db.createObjectStore("meta");
    },
    // A newer version of the app, in another tab, wants to upgrade: let it (this tab's later saves report the refusal).
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase).close();
    },
  });
}

class IdbBackend implements ProgressBackend {
  constructor(private readonly db: Database) {}

  async load(): Promise<LoadResult> {
    const moved = await this.moveOldSave();
    const tx = this.db.transaction(["steps", "meta"], "readonly");
    const [ids, entries, last, notice] = await Promise.all([
      tx.objectStore("steps").getAllKeys(),
      tx.objectStore("steps").getAll(),
      tx.objectStore("meta").get("last"),
      tx.objectStore("meta").get("notice"),
      tx.done,
    ]);
    const raw = { version: PROGRESS_VERSION, steps: Object.fromEntries(ids.map((id, i) => [id, entries[i]])), ...(last === undefined ? {} : { last }) };
    const read = readProgressValue(raw);
    if (read.notice) await this.setAside(raw, read);
    return { progress: read.progress, notice: read.notice ?? (typeof notice === "string" ? notice : null), problem: moved };
  }

  async saveStep(stepId: string, entry: StepProgress): Promise<StepSave> {
    let refusal: string;
    try {
      await this.inTransaction(async (steps) => {
        await steps.put(entry, stepId);
      });
      return { stored: entry, kept: "all", refusal: null };
    } catch (error) {
      refusal = describeRefusal(error);
    }
    try {
      let lean: StepProgress | undefined;
      await this.inTransaction(async (steps) => {
        const stored = parseStep(await steps.get(stepId));
        if (entry.code === stored?.code) return;
        lean = withoutNewCode(entry, stored);
        await steps.put(lean, stepId);
      });
      if (lean !== undefined) return { stored: lean, kept: "all but code", refusal };
    } catch {
      // Not even the marks fit: nothing of this save is kept.
    }
    return { stored: await this.readStep(stepId).catch(() => undefined), kept: "nothing", refusal };
  }

  async readStep(stepId: string): Promise<StepProgress | undefined> {
    return parseStep(await this.db.get("steps", stepId));
  }

  async saveLast(last: LastVisit): Promise<string | null> {
    try {
      await this.db.put("meta", last, "last");
      return null;
    } catch (error) {
      return describeRefusal(error);
    }
  }

  async saveNotice(notice: string | null): Promise<void> {
    try {
      if (notice === null) await this.db.delete("meta", "notice");
      else await this.db.put("meta", notice, "notice");
    } catch {
      // The notice just shows again (or not) next time.
    }
  }

  /**
   * Runs `work` in a readwrite transaction on the steps (its first request is
   * made before this returns), and resolves once the browser has committed it. A refusal (QuotaExceededError) may come
   * with the commit, after every request succeeded: the transaction's error
   * says why, not the AbortError of a request it took down.
   */
  private async inTransaction(work: (steps: StepsStore) => Promise<void>): Promise<void> {
    const tx = this.db.transaction("steps", "readwrite");
    try {
      await Promise.all([work(tx.store), tx.done]);
    } catch (error) {
      throw tx.error ?? error;
    }
  }

  /**
   * Moves localStorage's saved progress in, merged step by step with what is
   * here (the later entry wins, a passed step stays passed). A damaged text
   * goes through readProgress's recovery, with a copy kept and its notice
   * stored. The old text is removed only once what was written reads back.
   * @returns why the move failed (it is tried again next load), or null.
   */
  private async moveOldSave(): Promise<string | null> {
    const text = safeGet(OLD_KEY);
    const oldNotice = safeGet(OLD_NOTICE_KEY);
    const oldCopy = safeGet(OLD_DAMAGED_COPY_KEY);
    if (text === null && oldNotice === null && oldCopy === null) return null;
    const { progress, notice } = readProgress(text);
    const when = new Date().toISOString();
    const written = new Map<string, StepProgress>();
    const meta = new Map<string, unknown>();
    if (text !== null && notice) meta.set(`damaged-copy:${when}`, text);
    if (oldCopy !== null) meta.set(`damaged-copy:from-before:${when}`, oldCopy);
    if (notice ?? oldNotice) meta.set("notice", notice ?? oldNotice);
    try {
      const tx = this.db.transaction(["steps", "meta"], "readwrite");
      const steps = tx.objectStore("steps");
      const metaStore = tx.objectStore("meta");
      const work = async () => {
        for (const [id, step] of Object.entries(progress.steps)) written.set(id, mergeStep(parseStep(await steps.get(id)), step));
        if (progress.last && (await metaStore.get("last")) === undefined) meta.set("last", progress.last);
        await Promise.all([...[...written].map(([id, step]) => steps.put(step, id)), ...[...meta].map(([key, value]) => metaStore.put(value, key))]);
      };
      try {
        await Promise.all([work(), tx.done]);
      } catch (error) {
        throw tx.error ?? error;
      }
      const check = this.db.transaction(["steps", "meta"], "readonly");
      const [stepsBack, metaBack] = await Promise.all([
        Promise.all([...written.keys()].map((id) => check.objectStore("steps").get(id))),
        Promise.all([...meta.keys()].map((key) => check.objectStore("meta").get(key))),
        check.done,
      ]);
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      const readBack = [...written.values()].every((step, i) => same(stepsBack[i], step)) && [...meta.values()].every((value, i) => same(metaBack[i], value));
      if (!readBack) return "what was written did not read back the same";
    } catch (error) {
      return describeRefusal(error);
    }
    safeRemove(OLD_KEY);
    safeRemove(OLD_NOTICE_KEY);
    safeRemove(OLD_DAMAGED_COPY_KEY);
    return null;
  }

  /** Keeps a copy of damaged records, stores the notice, and puts back what was recovered. */
  private async setAside(raw: { steps: Record<string, unknown>; last?: unknown }, read: ReadResult): Promise<void> {
    try {
      const tx = this.db.transaction(["steps", "meta"], "readwrite");
      const steps = tx.objectStore("steps");
      const meta = tx.objectStore("meta");
      const requests: Promise<unknown>[] = [meta.put(JSON.stringify(raw), `damaged-copy:${new Date().toISOString()}`), meta.put(read.notice, "notice")];
      for (const id of Object.keys(raw.steps)) {
        const step = read.progress.steps[id];
        requests.push(step === undefined ? steps.delete(id) : steps.put(step, id));
      }
      if (raw.last !== undefined && read.progress.last === undefined) requests.push(meta.delete("last"));
      await Promise.all([...requests, tx.done]);
    } catch {
      // The recovered progress is in the tab; the damaged records are read (and recovered) again next time.
    }
  }
}

/** A stored step entry, validated; a damaged one counts as none here (load() recovers what it can). */
function parseStep(value: unknown): StepProgress | undefined {
  if (value === undefined) return undefined;
  const parsed = StepProgressSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
