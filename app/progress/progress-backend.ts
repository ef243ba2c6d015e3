/**
 * Where the learner's progress is kept: IndexedDB (progress-idb.ts), or
 * localStorage when IndexedDB cannot open at all (progress-local.ts). The
 * store talks to either through this interface.
 */
import type { Progress, StepProgress } from "./progress-data";

export type LastVisit = NonNullable<Progress["last"]>;

/** What reading the saved progress found. */
export interface LoadResult {
  readonly progress: Progress;
  /** A message about damaged data that was recovered, until the learner dismisses it. */
  readonly notice: string | null;
  /** Why saved work could not be moved to the new store (it stays where it was and is tried again next time). */
  readonly problem: string | null;
}

/** What saving one step kept. */
export interface StepSave {
  /** The step's entry as stored now (undefined: nothing is stored for it). */
  readonly stored: StepProgress | undefined;
  /** What the browser took: the whole entry, all of it but its new code, or nothing. */
  readonly kept: "all" | "all but code" | "nothing";
  /** Why the browser refused the whole entry, or null when it took it. */
  readonly refusal: string | null;
}

export interface ProgressBackend {
  /** Reads every step, recovering damaged entries (with a copy kept) and moving older saved work in first. */
  load(): Promise<LoadResult>;
  /**
   * Stores `entry` as step `stepId`'s, in a transaction of its own: another
   * step's save, however large, cannot make this one fail. The write is
   * issued before this returns, so a save made as the page is hidden still
   * reaches the browser. When the whole entry is refused, it is tried again
   * without its new code (withoutNewCode), so a mark is not lost with the code.
   */
  saveStep(stepId: string, entry: StepProgress): Promise<StepSave>;
  /** The step as stored now (another tab may have saved it). */
  readStep(stepId: string): Promise<StepProgress | undefined>;
  /** Stores the page to resume from; returns why the browser refused, or null. */
  saveLast(last: LastVisit): Promise<string | null>;
  /** Stores (or, with null, forgets) the damaged-data notice. */
  saveNotice(notice: string | null): Promise<void>;
}

/** The learner's words for why the browser refused a save. */
export function describeRefusal(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  if (name === "QuotaExceededError") return "storage is full";
  if (error instanceof Error || error instanceof DOMException) return error.message || name;
  return String(error);
}

/** The entry `next` without its new code: the code stored before stays (or none, if none was). */
export function withoutNewCode(next: StepProgress, stored: StepProgress | undefined): StepProgress {
  const { code: _newer, ...rest } = next;
  return stored?.code === undefined ? rest : { ...rest, code: stored.code };
}
