/**
 * The learner's progress in localStorage, as an external store React reads
 * with useSyncExternalStore. Storage may be unavailable, full or damaged;
 * none of that breaks the page.
 */
import { useSyncExternalStore } from "react";
import {
  emptyProgress,
  MAX_CODE_CHARS,
  mergeProgress,
  migrateProgress,
  readProgress,
  SavedProgressSchema,
  type Progress,
  type StepProgress,
} from "./progress-data";

const KEY = "finger:progress";
const DAMAGED_COPY_KEY = "finger:progress:damaged";
// The notice outlives a reload until the learner dismisses it.
const NOTICE_KEY = "finger:progress:notice";

export interface ProgressSnapshot {
  readonly progress: Progress;
  /** A message about damaged data that was recovered, until dismissed. */
  readonly notice: string | null;
  /** False until localStorage has been read (on the server and first render). */
  readonly loaded: boolean;
  /** Why the last save failed (storage full or disabled, code too long), until a save works again. */
  readonly saveError: string | null;
}

const serverSnapshot: ProgressSnapshot = { progress: emptyProgress(), notice: null, loaded: false, saveError: null };

class ProgressStore {
  private snapshot: ProgressSnapshot = serverSnapshot;
  private readonly listeners = new Set<() => void>();
  private started = false;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.start();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ProgressSnapshot => this.snapshot;
  readonly getServerSnapshot = (): ProgressSnapshot => serverSnapshot;

  /**
   * Changes one step's entry and saves. A passed step stays passed: a later
   * failing Check records its counts beside the mark, not over it. Code too
   * long to save is not saved (the saved code stays as it was) and saveError says so.
   */
  updateStep(stepId: string, change: Partial<StepProgress>): void {
    this.start();
    const previous = this.snapshot.progress.steps[stepId] ?? {};
    let tooLong: string | null = null;
    const accepted = { ...change };
    if (accepted.code !== undefined && accepted.code.length > MAX_CODE_CHARS) {
      tooLong =
        `Your code for this step is too long to be saved (${accepted.code.length.toLocaleString("en-US")} characters; ` +
        `at most ${MAX_CODE_CHARS.toLocaleString("en-US")}). It stays in the editor until you leave the page.`;
      delete accepted.code;
    }
    const next: StepProgress = { ...previous, ...accepted, updatedAt: new Date().toISOString() };
    if (previous.passed) next.passed = true;
    const steps = { ...this.snapshot.progress.steps, [stepId]: next };
    this.commit({ ...this.snapshot.progress, steps }, tooLong);
  }

  /** Remembers the page the learner was last on, for "continue where you left off". */
  setLast(href: string, title: string): void {
    this.start();
    this.commit({ ...this.snapshot.progress, last: { href, title } });
  }

  dismissNotice(): void {
    safeRemove(NOTICE_KEY);
    this.snapshot = { ...this.snapshot, notice: null };
    this.emit();
  }

  /** The progress as a JSON file's text. */
  exportText(): string {
    return JSON.stringify(this.snapshot.progress, null, 2);
  }

  /**
   * Merges progress from an exported file. Returns a message for the learner;
   * invalid files change nothing.
   */
  importText(text: string): string {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return "That file is not a progress file (it is not valid JSON). Nothing was changed.";
    }
    const parsed = SavedProgressSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `That file is not a valid progress file (${issue?.path.join(".") || "top level"}: ${issue?.message}). Nothing was changed.`;
    }
    this.commit(mergeProgress(this.snapshot.progress, migrateProgress(parsed.data)));
    const count = Object.keys(parsed.data.steps).length;
    return `Imported progress for ${count} ${count === 1 ? "step" : "steps"}.`;
  }

  private start(): void {
    if (this.started || typeof window === "undefined") return;
    this.started = true;
    this.load();
    window.addEventListener("storage", (event) => {
      if (event.key === KEY) this.load();
    });
  }

  private load(): void {
    const text = safeGet(KEY);
    const { progress, notice } = readProgress(text);
    if (notice && text !== null) {
      safeSet(DAMAGED_COPY_KEY, text);
      safeSet(NOTICE_KEY, notice);
      safeSet(KEY, JSON.stringify(progress));
    }
    this.snapshot = { progress, notice: notice ?? safeGet(NOTICE_KEY), loaded: true, saveError: this.snapshot.saveError };
    this.emit();
  }

  /** Saves `progress`; the snapshot's saveError says why, if it could not be saved (or `problem`, a refusal already made). */
  private commit(progress: Progress, problem: string | null = null): void {
    const failure = safeSet(KEY, JSON.stringify(progress));
    const saveError =
      problem ??
      (failure &&
        `Your progress could not be saved: the browser refused (${failure}). Your latest changes live only in this tab; ` +
          "export your progress from the home page to keep them, or free some space for this site.");
    this.snapshot = { ...this.snapshot, progress, loaded: true, saveError };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

function safeGet(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function safeRemove(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing to do: the notice just shows again next time.
  }
}

/** Stores `value`; returns null, or why the browser refused (storage full or disabled). */
function safeSet(key: string, value: string): string | null {
  try {
    window.localStorage.setItem(key, value);
    return null;
  } catch (error) {
    // Progress lives on in memory for this visit; the caller tells the learner.
    const name = error instanceof Error ? error.name : "";
    return name === "QuotaExceededError" ? "storage is full" : error instanceof Error ? error.message || name : String(error);
  }
}

// One store per page, even if a bundler evaluates this module once per chunk:
// two stores would each "recover" damaged data and one would lose the notice.
const globalSlot = globalThis as typeof globalThis & { __fingerProgressStore?: ProgressStore };
export const progressStore = (globalSlot.__fingerProgressStore ??= new ProgressStore());

/** The current progress snapshot; re-renders when it changes. */
export function useProgress(): ProgressSnapshot {
  return useSyncExternalStore(progressStore.subscribe, progressStore.getSnapshot, progressStore.getServerSnapshot);
}
