/**
 * Progress in localStorage, as one JSON text: where it was kept before
 * IndexedDB, and where it is kept when IndexedDB cannot open at all (some
 * private modes). Its quota is some 5 MB; a save it refuses is reported.
 */
import { describeRefusal, withoutNewCode, type LastVisit, type LoadResult, type ProgressBackend, type StepSave } from "./progress-backend";
import { readProgress, StepProgressSchema, type Progress, type StepProgress } from "./progress-data";

export const OLD_KEY = "finger:progress";
export const OLD_DAMAGED_COPY_KEY = "finger:progress:damaged";
// The notice outlives a reload until the learner dismisses it.
export const OLD_NOTICE_KEY = "finger:progress:notice";

export function localProgressBackend(): ProgressBackend {
  return {
    async load(): Promise<LoadResult> {
      const text = safeGet(OLD_KEY);
      const { progress, notice } = readProgress(text);
      if (notice && text !== null) {
        safeSet(OLD_DAMAGED_COPY_KEY, text);
        safeSet(OLD_NOTICE_KEY, notice);
        safeSet(OLD_KEY, JSON.stringify(progress));
      }
      return { progress, notice: notice ?? safeGet(OLD_NOTICE_KEY), problem: null };
    },

    // Read, changed and written at once: another tab's save of another step, made meanwhile, is kept.
    async saveStep(stepId: string, entry: StepProgress): Promise<StepSave> {
      const current = readStored();
      const stored = current.steps[stepId];
      const withStep = (step: StepProgress): Progress => ({ ...current, steps: { ...current.steps, [stepId]: step } });
      const refusal = safeSet(OLD_KEY, JSON.stringify(withStep(entry)));
      if (refusal === null) return { stored: entry, kept: "all", refusal: null };
      if (entry.code !== stored?.code) {
        const lean = withoutNewCode(entry, stored);
        if (safeSet(OLD_KEY, JSON.stringify(withStep(lean))) === null) return { stored: lean, kept: "all but code", refusal };
      }
      return { stored, kept: "nothing", refusal };
    },

    async readStep(stepId: string): Promise<StepProgress | undefined> {
      return readStored().steps[stepId];
    },

    async saveLast(last: LastVisit): Promise<string | null> {
      return safeSet(OLD_KEY, JSON.stringify({ ...readStored(), last }));
    },

    async saveNotice(notice: string | null): Promise<void> {
      if (notice === null) safeRemove(OLD_NOTICE_KEY);
      else safeSet(OLD_NOTICE_KEY, notice);
    },
  };
}

/** What localStorage holds now (load() has recovered any damage, so none is reported here). */
function readStored(): Progress {
  return readProgress(safeGet(OLD_KEY)).progress;
}

export function safeGet(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function safeRemove(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing to do: what it held is read (and moved) again next time.
  }
}

/** Stores `value`; returns null, or why the browser refused (storage full or disabled). */
function safeSet(key: string, value: string): string | null {
  try {
    window.localStorage.setItem(key, value);
    return null;
  } catch (error) {
    return describeRefusal(error);
  }
}

/**
 * Saves still on their way to IndexedDB when the page goes: the browser may
 * abort a transaction its page leaves, so the tab also leaves each such
 * step's entry here, synchronously, one key per step. The next load merges
 * them in (the later entry wins) and removes each once it is saved.
 */
const UNSAVED_PREFIX = "finger:progress:unsaved:";

export function keepUnsaved(stepId: string, entry: StepProgress): void {
  safeSet(UNSAVED_PREFIX + stepId, JSON.stringify(entry));
}

export function forgetUnsaved(stepId: string): void {
  safeRemove(UNSAVED_PREFIX + stepId);
}

/** The entries left by a page that went with saves unfinished; unreadable ones are dropped. */
export function readUnsaved(): { readonly stepId: string; readonly entry: StepProgress }[] {
  const found: { stepId: string; entry: StepProgress }[] = [];
  try {
    const storage = window.localStorage;
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(UNSAVED_PREFIX)) continue;
      const stepId = key.slice(UNSAVED_PREFIX.length);
      try {
        const parsed = StepProgressSchema.safeParse(JSON.parse(storage.getItem(key) ?? ""));
        if (parsed.success) found.push({ stepId, entry: parsed.data });
        else forgetUnsaved(stepId);
      } catch {
        forgetUnsaved(stepId);
      }
    }
  } catch {
    // No localStorage: nothing was left there.
  }
  return found;
}
