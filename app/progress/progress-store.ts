/**
 * The learner's progress, as an external store React reads with
 * useSyncExternalStore. It is kept in IndexedDB (progress-idb.ts), or in
 * localStorage when IndexedDB cannot open (progress-local.ts). Reading is
 * async: `loaded` says when it is done. Every change shows in the tab at
 * once and is saved step by step; a save the browser refuses is reported.
 * Storage may be unavailable, full or damaged; none of that breaks the page.
 */
import { useSyncExternalStore } from "react";
import { describeRefusal, type LastVisit, type ProgressBackend, type StepSave } from "./progress-backend";
import { openIdbBackend } from "./progress-idb";
import { forgetUnsaved, keepUnsaved, localProgressBackend, readUnsaved } from "./progress-local";
import {
  changeStep,
  emptyProgress,
  MAX_CODE_CHARS,
  mergeStep,
  mergeProgress,
  migrateProgress,
  SavedProgressSchema,
  type Progress,
  type StepProgress,
} from "./progress-data";

/** Tabs of the app tell each other what they saved, so each shows the other's work. */
const CHANNEL = "finger:progress";
type ChannelMessage = { readonly step: string } | { readonly last: LastVisit };

export interface ProgressSnapshot {
  readonly progress: Progress;
  /** A message about damaged data that was recovered, until dismissed. */
  readonly notice: string | null;
  /** False until the saved progress has been read (on the server, on the first render, and while IndexedDB answers). */
  readonly loaded: boolean;
  /** What of the learner's work is not saved, and why (storage full or disabled, code too long), until it is. */
  readonly saveError: string | null;
}

const serverSnapshot: ProgressSnapshot = { progress: emptyProgress(), notice: null, loaded: false, saveError: null };

/** Why something the tab holds is not saved. */
type Failure =
  | { readonly kind: "nothing"; readonly refusal: string }
  | { readonly kind: "code"; readonly refusal: string }
  | { readonly kind: "too long"; readonly length: number }
  | { readonly kind: "not moved"; readonly refusal: string };

/** What a change does to a step's code: nothing, changes it, or leaves it out as too long (of this length). */
type CodeChange = "none" | "saved" | { readonly tooLong: number };

/** The failure key for the page to resume from, beside the step ids. */
const LAST = "#last";
/** The failure key for older saved work that could not be moved to IndexedDB. */
const MOVE = "#move";

export class ProgressStore {
  private snapshot: ProgressSnapshot = serverSnapshot;
  private readonly listeners = new Set<() => void>();
  private started = false;
  private backend: ProgressBackend | null = null;
  /** The load: saves made before it ends wait for it. */
  private loading: Promise<void> = Promise.resolve();
  /** The load has ended: saves go to the backend at once. */
  private ready = false;
  /** Saves made and not yet done. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Changes made before the load finished, to apply over what it read. */
  private beforeLoad: ((progress: Progress) => Progress)[] = [];
  /** Saves queued and not yet done, per step. */
  private readonly pending = new Map<string, number>();
  private readonly failures = new Map<string, Failure>();
  private channel: BroadcastChannel | null = null;

  constructor(private readonly openBackend: () => Promise<ProgressBackend>) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.start();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ProgressSnapshot => this.snapshot;
  readonly getServerSnapshot = (): ProgressSnapshot => serverSnapshot;

  /** Stops listening to other tabs (a page's store lives as long as the page; tests make many). */
  dispose(): void {
    this.channel?.close();
    this.channel = null;
  }

  /**
   * The page is going: leaves every step whose save has not finished in
   * localStorage, synchronously, for the next load (see keepUnsaved).
   */
  readonly keepUnsavedThroughUnload = (): void => {
    for (const stepId of this.pending.keys()) {
      const entry = this.snapshot.progress.steps[stepId];
      if (entry) keepUnsaved(stepId, entry);
    }
  };

  /** Resolves once every change made so far has been saved or refused. */
  whenSaved(): Promise<void> {
    this.start();
    return this.loading.then(async () => {
      while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    });
  }

  /**
   * Changes one step's entry and saves it. A passed step stays passed: a
   * later failing Check records its counts beside the mark, not over it.
   * Code too long to save is not saved (the saved code stays as it was) and
   * saveError says so.
   */
  updateStep(stepId: string, change: Partial<StepProgress>): void {
    this.start();
    const accepted = { ...change };
    let code: CodeChange = accepted.code === undefined ? "none" : "saved";
    if (accepted.code !== undefined && accepted.code.length > MAX_CODE_CHARS) {
      code = { tooLong: accepted.code.length };
      delete accepted.code;
    }
    const now = new Date().toISOString();
    this.changeInTab((progress) => ({ ...progress, steps: { ...progress.steps, [stepId]: changeStep(progress.steps[stepId], accepted, now) } }));
    void this.saveStep(stepId, code);
  }

  /** Remembers the page the learner was last on, for "continue where you left off". */
  setLast(href: string, title: string): void {
    this.start();
    const last = { href, title };
    this.changeInTab((progress) => ({ ...progress, last }));
    this.saveLast();
  }

  dismissNotice(): void {
    this.start();
    this.snapshot = { ...this.snapshot, notice: null };
    this.emit();
    void this.write((backend) => backend.saveNotice(null)).catch(() => {});
  }

  /** The progress as a JSON file's text. */
  exportText(): string {
    return JSON.stringify(this.snapshot.progress, null, 2);
  }

  /**
   * Merges progress from an exported file and saves it, each step in its own
   * transaction. Resolves to a message for the learner, saying what of it
   * could not be saved; invalid files change nothing.
   */
  async importText(text: string): Promise<string> {
    this.start();
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
    const imported = migrateProgress(parsed.data);
    this.changeInTab((progress) => mergeProgress(progress, imported));
    for (const [id, incoming] of Object.entries(imported.steps)) {
      void this.saveStep(id, incoming.code === undefined ? "none" : "saved");
    }
    if (imported.last) this.saveLast();
    await this.whenSaved();
    const count = Object.keys(imported.steps).length;
    const message = `Imported progress for ${count} ${count === 1 ? "step" : "steps"}`;
    const notAll = Object.keys(imported.steps).some((id) => this.failures.has(id));
    const { saveError } = this.snapshot;
    return notAll && saveError ? `${message} into this tab, but not all of it was saved. ${saveError}` : `${message}.`;
  }

  private start(): void {
    if (this.started || typeof window === "undefined") return;
    this.started = true;
    this.loading = this.load();
    window.addEventListener("pagehide", this.keepUnsavedThroughUnload);
    if (typeof BroadcastChannel !== "undefined") {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = (event: MessageEvent<ChannelMessage>) => this.hear(event.data);
    }
  }

  private async load(): Promise<void> {
    // IndexedDB is preferred; where it cannot open at all (private modes), localStorage keeps what fits.
    const backend = await this.openBackend().catch(() => localProgressBackend());
    this.backend = backend;
    let loaded: Progress;
    let notice: string | null = null;
    try {
      const result = await backend.load();
      loaded = result.progress;
      notice = result.notice;
      if (result.problem !== null) this.failures.set(MOVE, { kind: "not moved", refusal: result.problem });
    } catch (error) {
      loaded = emptyProgress();
      this.failures.set(MOVE, { kind: "not moved", refusal: describeRefusal(error) });
    }
    let progress = this.beforeLoad.reduce((current, change) => change(current), loaded);
    this.beforeLoad = [];
    // Saves a page left unfinished as it went: merged in (the later entry wins), saved, then forgotten.
    const unsaved = readUnsaved();
    for (const { stepId, entry } of unsaved) progress = { ...progress, steps: { ...progress.steps, [stepId]: mergeStep(progress.steps[stepId], entry) } };
    this.snapshot = { ...this.snapshot, progress, notice, loaded: true };
    this.ready = true;
    this.refreshSaveError();
    for (const { stepId, entry } of unsaved) {
      void this.saveStep(stepId, entry.code === undefined ? "none" : "saved").then(({ kept }) => {
        if (kept === "all") forgetUnsaved(stepId);
      });
    }
  }

  /** Changes the tab's progress now; before the load, again over what it reads. */
  private changeInTab(change: (progress: Progress) => Progress): void {
    if (!this.snapshot.loaded) this.beforeLoad.push(change);
    this.snapshot = { ...this.snapshot, progress: change(this.snapshot.progress) };
    this.emit();
  }

  /**
   * Runs `work` on the backend: at once (so a save made as the page is
   * hidden is issued before it goes), or after the load while it runs.
   */
  private write<T>(work: (backend: ProgressBackend) => Promise<T>): Promise<T> {
    const run = this.ready ? work(this.backend!) : this.loading.then(() => work(this.backend!));
    const settled = run.then(
      () => {},
      () => {},
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return run;
  }

  /**
   * Saves step `stepId` as the tab holds it when the save is made: with
   * whatever an earlier refused save left out. Records what was not kept.
   */
  private saveStep(stepId: string, code: CodeChange): Promise<StepSave> {
    this.pending.set(stepId, (this.pending.get(stepId) ?? 0) + 1);
    return this.write((backend): Promise<StepSave> => {
      const entry = this.snapshot.progress.steps[stepId];
      return entry ? backend.saveStep(stepId, entry) : Promise.resolve({ stored: undefined, kept: "all", refusal: null });
    })
      .catch((error: unknown): StepSave => ({ stored: undefined, kept: "nothing", refusal: describeRefusal(error) }))
      .then((outcome) => {
        const left = (this.pending.get(stepId) ?? 1) - 1;
        if (left === 0) this.pending.delete(stepId);
        else this.pending.set(stepId, left);
        this.recordOutcome(stepId, outcome, code);
        if (outcome.kept !== "nothing") this.channel?.postMessage({ step: stepId } satisfies ChannelMessage);
        return outcome;
      });
  }

  private recordOutcome(stepId: string, { kept, refusal }: StepSave, code: CodeChange): void {
    if (kept === "nothing") this.failures.set(stepId, { kind: "nothing", refusal: refusal! });
    else if (kept === "all but code") this.failures.set(stepId, { kind: "code", refusal: refusal! });
    else if (typeof code === "object") this.failures.set(stepId, { kind: "too long", length: code.tooLong });
    // Code too long to save stays reported until code is saved for the step.
    else if (code === "saved" || this.failures.get(stepId)?.kind !== "too long") this.failures.delete(stepId);
    this.refreshSaveError();
  }

  /** Saves the page to resume from, as the tab holds it when the save is made. */
  private saveLast(): void {
    void this.write(async (backend) => {
      const last = this.snapshot.progress.last;
      return { last, refusal: last ? await backend.saveLast(last) : null };
    })
      .catch((error: unknown) => ({ last: undefined, refusal: describeRefusal(error) }))
      .then(({ last, refusal }) => {
        if (refusal === null) {
          this.failures.delete(LAST);
          if (last) this.channel?.postMessage({ last } satisfies ChannelMessage);
        } else {
          this.failures.set(LAST, { kind: "nothing", refusal });
        }
        this.refreshSaveError();
      });
  }

  /** Another tab saved: show its work here too (this tab's own saves of that step, still waiting, come after it). */
  private hear(message: ChannelMessage): void {
    if ("last" in message) {
      this.setInTab({ ...this.snapshot.progress, last: message.last });
      return;
    }
    const stepId = message.step;
    void this.write((backend) => backend.readStep(stepId)).then(
      (stored) => {
        if (stored !== undefined && !this.pending.has(stepId)) this.setStepInTab(stepId, stored);
      },
      () => {},
    );
  }

  private setStepInTab(stepId: string, stored: StepProgress): void {
    const progress = this.snapshot.progress;
    if (JSON.stringify(progress.steps[stepId]) === JSON.stringify(stored)) return;
    this.setInTab({ ...progress, steps: { ...progress.steps, [stepId]: stored } });
  }

  private setInTab(progress: Progress): void {
    this.snapshot = { ...this.snapshot, progress };
    this.emit();
  }

  private refreshSaveError(): void {
    this.snapshot = { ...this.snapshot, saveError: describeFailures(this.failures) };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The learner's words for what is not saved, or null when everything is. */
function describeFailures(failures: ReadonlyMap<string, Failure>): string | null {
  const all = [...failures.values()];
  const tooLong = all.find((failure) => failure.kind === "too long");
  if (tooLong) {
    return (
      `Your code for this step is too long to be saved (${tooLong.length.toLocaleString("en-US")} characters; ` +
      `at most ${MAX_CODE_CHARS.toLocaleString("en-US")}). It stays in the editor until you leave the page.`
    );
  }
  const nothing = all.find((failure) => failure.kind === "nothing");
  if (nothing) {
    return (
      `Your progress could not be saved: the browser refused (${nothing.refusal}). Your latest changes live only in this tab; ` +
      "export your progress from the home page to keep them, or free some space for this site."
    );
  }
  const notMoved = all.find((failure) => failure.kind === "not moved");
  if (notMoved) {
    return (
      `Your saved progress could not be moved to this browser's database (${notMoved.refusal}). It is kept where it was, ` +
      "and moving it is tried again next time; export your progress from the home page to be safe."
    );
  }
  const codeLeftOut = [...failures].filter(([, failure]) => failure.kind === "code");
  if (codeLeftOut.length === 0) return null;
  const ids = codeLeftOut.map(([id]) => id);
  const refusal = (codeLeftOut[0]![1] as { refusal: string }).refusal;
  const which = ids.length === 1 ? `the code of step ${ids[0]}` : `the code of ${ids.length} steps (${ids.join(", ")})`;
  return (
    `Not everything could be saved: the browser refused (${refusal}), so ${which} was not saved and a reload would bring back its earlier version. ` +
    "Your passed steps, hints and other code are saved. Export your progress from the home page to keep it all, or shorten that code."
  );
}

/** IndexedDB where it opens, localStorage where it cannot. */
const openPreferredBackend = (): Promise<ProgressBackend> => openIdbBackend().catch(() => localProgressBackend());

// One store per page, even if a bundler evaluates this module once per chunk:
// two stores would each "recover" damaged data and one would lose the notice.
const globalSlot = globalThis as typeof globalThis & { __fingerProgressStore?: ProgressStore };
export const progressStore = (globalSlot.__fingerProgressStore ??= new ProgressStore(openPreferredBackend));

/** The current progress snapshot; re-renders when it changes. */
export function useProgress(): ProgressSnapshot {
  return useSyncExternalStore(progressStore.subscribe, progressStore.getSnapshot, progressStore.getServerSnapshot);
}
