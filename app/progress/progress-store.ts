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
  /** The progress as localStorage last took it: what a reload would read back. */
  private persisted: Progress = emptyProgress();
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
   * Merges progress from an exported file. Returns a message for the learner,
   * saying what of it could not be saved; invalid files change nothing.
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
    const imported = `Imported progress for ${count} ${count === 1 ? "step" : "steps"}`;
    const { saveError } = this.snapshot;
    return saveError ? `${imported} into this tab, but not all of it was saved. ${saveError}` : `${imported}.`;
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
    this.persisted = progress;
    this.snapshot = { progress, notice: notice ?? safeGet(NOTICE_KEY), loaded: true, saveError: this.snapshot.saveError };
    this.emit();
  }

  /**
   * Saves `progress`, keeping what it can when the browser refuses the whole:
   * the snapshot keeps everything for this tab, and its saveError says what
   * was not saved and why (or `problem`, a refusal already made).
   */
  private commit(progress: Progress, problem: string | null = null): void {
    const saved = persistWhatFits(progress, this.persisted);
    if (saved.failure === null) this.persisted = saved.persisted;
    this.snapshot = { ...this.snapshot, progress, loaded: true, saveError: problem ?? describeSaveFailure(saved) };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** What a save kept: what is now stored, and the steps whose new code was left out so the rest fits. */
interface SaveOutcome {
  readonly persisted: Progress;
  /** Why the browser refused, or null once something was stored. */
  readonly failure: string | null;
  /** The steps whose code in the store is older than in the tab. */
  readonly codeLeftOut: readonly string[];
  /** Why the full progress was refused, when code was left out to make the rest fit. */
  readonly refusal: string | null;
}

/**
 * Stores `progress` whole if the browser takes it. If it refuses (storage
 * full), the newest code of one step after another, longest first, is left
 * at what is already stored until the rest fits: marks, hints and every
 * other step's code are still saved, and a reload loses only the code left out.
 */
function persistWhatFits(progress: Progress, persisted: Progress): SaveOutcome {
  const store = (text: string) => safeSet(KEY, text);
  const refusal = store(JSON.stringify(progress));
  if (refusal === null) return { persisted: progress, failure: null, codeLeftOut: [], refusal: null };
  const changed = Object.entries(progress.steps)
    .filter(([id, step]) => step.code !== undefined && step.code !== persisted.steps[id]?.code)
    .sort(([, a], [, b]) => (b.code?.length ?? 0) - (a.code?.length ?? 0))
    .map(([id]) => id);
  const lean: Progress = { ...progress, steps: { ...progress.steps } };
  const codeLeftOut: string[] = [];
  for (const id of changed) {
    const { code: _newer, ...rest } = lean.steps[id]!;
    const storedCode = persisted.steps[id]?.code;
    lean.steps[id] = storedCode === undefined ? rest : { ...rest, code: storedCode };
    codeLeftOut.push(id);
    if (store(JSON.stringify(lean)) === null) return { persisted: lean, failure: null, codeLeftOut, refusal };
  }
  return { persisted, failure: refusal, codeLeftOut: [], refusal };
}

/** The learner's words for what a save could not keep, or null when it kept everything. */
function describeSaveFailure({ failure, codeLeftOut, refusal }: SaveOutcome): string | null {
  if (failure !== null) {
    return (
      `Your progress could not be saved: the browser refused (${failure}). Your latest changes live only in this tab; ` +
      "export your progress from the home page to keep them, or free some space for this site."
    );
  }
  if (codeLeftOut.length === 0) return null;
  const which = codeLeftOut.length === 1 ? `the code of step ${codeLeftOut[0]}` : `the code of ${codeLeftOut.length} steps (${codeLeftOut.join(", ")})`;
  return (
    `Not everything could be saved: the browser refused (${refusal}), so ${which} was not saved and a reload would bring back its earlier version. ` +
    "Your passed steps, hints and other code are saved. Export your progress from the home page to keep it all, or shorten that code."
  );
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
