/**
 * The learner's saved progress: its shape, and how to read it back safely.
 * Saved data is versioned and validated; damaged data is recovered step by
 * step as far as possible, with a notice saying what was lost.
 */
import { z } from "zod";
import { currentHref, SPLIT_STEPS } from "../../lessons/history";

/**
 * Version 2 is the course after its revision (issue 10): steps moved between
 * chapters and three were split. Version 1 progress is migrated on reading.
 */
export const PROGRESS_VERSION = 2;
/** Versions this code knows how to read (and migrate to the current one). */
const KNOWN_VERSIONS: readonly number[] = [1, 2];

/**
 * The longest code saved for a step. The store refuses longer code when it
 * saves (and says so), so what is saved always reads back. IndexedDB takes
 * far more than localStorage's 5 MB: ten million characters (some 20 MB) is
 * beyond any program a learner writes, yet small enough to read back quickly.
 */
export const MAX_CODE_CHARS = 10_000_000;

export const StepProgressSchema = z
  .object({
    code: z.string().max(MAX_CODE_CHARS).optional().describe("The learner's code for the step"),
    passed: z.boolean().optional().describe("True once every check passed; it stays true whatever later checks say"),
    checksPassed: z.number().int().nonnegative().optional().describe("How many checks the latest Check passed"),
    checksTotal: z.number().int().nonnegative().optional().describe("How many checks the latest Check ran"),
    hintsShown: z.number().int().nonnegative().optional(),
    updatedAt: z.string().optional(),
  })
  .strip();

export type StepProgress = z.output<typeof StepProgressSchema>;

const LastVisitSchema = z.object({ href: z.string().startsWith("/lessons/"), title: z.string() });

export const ProgressSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  steps: z.record(z.string(), StepProgressSchema),
  last: LastVisitSchema.optional(),
});

export type Progress = z.output<typeof ProgressSchema>;

/** Progress as saved before the course revision: the same shape, under version 1. */
const ProgressV1Schema = ProgressSchema.extend({ version: z.literal(1) });

/** Saved progress of any version this code can read. */
export const SavedProgressSchema = z.union([ProgressSchema, ProgressV1Schema]);

/**
 * Brings version 1 progress to the revised course. Step ids did not change,
 * so each step's code and marks stay where they are; the page to resume from
 * gets its new URL, and a passed step that was split marks its new part too.
 */
export function migrateProgress(saved: z.output<typeof SavedProgressSchema>): Progress {
  if (saved.version === PROGRESS_VERSION) return saved as Progress;
  const migrated: Progress = { version: PROGRESS_VERSION, steps: withSplitPartsMarked(saved.steps) };
  if (saved.last) migrated.last = { ...saved.last, href: currentHref(saved.last.href) };
  return migrated;
}

export const emptyProgress = (): Progress => ({ version: PROGRESS_VERSION, steps: {} });

/** A passed step that was split counts its new part as passed (its work was part of the old step). */
function withSplitPartsMarked(saved: Record<string, StepProgress>): Record<string, StepProgress> {
  const steps = { ...saved };
  for (const split of SPLIT_STEPS) {
    if (steps[split.id]?.passed && !steps[split.added]) steps[split.added] = { passed: true };
  }
  return steps;
}

/** What reading saved progress found. */
export interface ReadResult {
  readonly progress: Progress;
  /** Set when something was damaged: what was recovered and what was lost. */
  readonly notice: string | null;
}

/**
 * Reads progress from its JSON text. Never throws: unreadable parts are
 * dropped and reported, readable steps are kept.
 */
export function readProgress(text: string | null): ReadResult {
  if (text === null || text === "") return { progress: emptyProgress(), notice: null };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { progress: emptyProgress(), notice: "Your saved progress could not be read (it is not valid JSON), so it was set aside and you are starting fresh. A copy of it was kept." };
  }
  return readProgressValue(raw);
}

/**
 * Reads progress from a parsed value (IndexedDB stores values, not text).
 * Never throws: unreadable parts are dropped and reported, readable steps kept.
 */
export function readProgressValue(raw: unknown): ReadResult {
  const whole = SavedProgressSchema.safeParse(raw);
  if (whole.success) return { progress: migrateProgress(whole.data), notice: null };
  return recover(raw);
}

function recover(raw: unknown): ReadResult {
  const progress = emptyProgress();
  if (typeof raw !== "object" || raw === null) {
    return { progress, notice: "Your saved progress was damaged and nothing in it could be recovered. A copy of it was kept." };
  }
  const record = raw as Record<string, unknown>;
  const version = record.version;
  const steps = typeof record.steps === "object" && record.steps !== null ? (record.steps as Record<string, unknown>) : {};
  let kept = 0;
  let lost = 0;
  let partly = 0;
  for (const [id, value] of Object.entries(steps)) {
    const parsed = StepProgressSchema.safeParse(value);
    if (parsed.success) {
      progress.steps[id] = parsed.data;
      kept++;
      continue;
    }
    // One damaged field (code too long, say) must not cost the step its other fields, such as "passed".
    const fields = recoverFields(value);
    if (fields) {
      progress.steps[id] = fields;
      kept++;
      partly++;
    } else {
      lost++;
    }
  }
  // Damaged progress from before the revision is migrated as far as it was recovered.
  if (version !== PROGRESS_VERSION) progress.steps = withSplitPartsMarked(progress.steps);
  const last = LastVisitSchema.safeParse(record.last);
  if (last.success) progress.last = { ...last.data, href: currentHref(last.data.href) };
  const versionNote = typeof version !== "number" || !KNOWN_VERSIONS.includes(version) ? ` It was saved in an unknown format (version ${String(version)}).` : "";
  return {
    progress,
    notice:
      `Some of your saved progress was damaged.${versionNote} Recovered ${kept} ${kept === 1 ? "step" : "steps"}` +
      `${partly ? ` (${partly} of them in part)` : ""}${lost ? `, lost ${lost}` : ""}. A copy of the original was kept.`,
  };
}

/** The fields of a damaged step entry that are intact, or null when none is. */
function recoverFields(value: unknown): StepProgress | null {
  if (typeof value !== "object" || value === null) return null;
  const step: Record<string, unknown> = {};
  const shape = StepProgressSchema.shape;
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (!Object.hasOwn(shape, key)) continue;
    const parsed = shape[key as keyof typeof shape].safeParse(field);
    if (parsed.success && parsed.data !== undefined) step[key] = parsed.data;
  }
  return Object.keys(step).length > 0 ? (step as StepProgress) : null;
}

/**
 * Combines imported progress into the current one, step by step: the entry
 * saved later (updatedAt) gives the code and the latest check counts, so an
 * older export never replaces newer work; a step passed in either stays
 * passed; shown hints stay shown.
 */
export function mergeProgress(current: Progress, imported: Progress): Progress {
  const steps: Record<string, StepProgress> = { ...current.steps };
  for (const [id, incoming] of Object.entries(imported.steps)) steps[id] = mergeStep(current.steps[id], incoming);
  const last = imported.last ?? current.last;
  return last ? { version: PROGRESS_VERSION, steps, last } : { version: PROGRESS_VERSION, steps };
}

/** One step of mergeProgress: `mine` is what is kept now (if anything), `incoming` what arrives. */
export function mergeStep(mine: StepProgress | undefined, incoming: StepProgress): StepProgress {
  if (mine === undefined) return incoming;
  // Without dates to compare, the imported entry is taken as the newer (the learner chose to import it).
  const incomingIsNewer = mine.updatedAt === undefined || (incoming.updatedAt !== undefined && incoming.updatedAt >= mine.updatedAt);
  const [older, newer] = incomingIsNewer ? [mine, incoming] : [incoming, mine];
  const merged: StepProgress = { ...older, ...newer };
  if (mine.passed || incoming.passed) merged.passed = true;
  const hints = Math.max(mine.hintsShown ?? 0, incoming.hintsShown ?? 0);
  if (hints > 0) merged.hintsShown = hints;
  return merged;
}

/**
 * A step's entry after `change`, as of `now`: a passed step stays passed (a
 * later failing Check records its counts beside the mark, not over it).
 */
export function changeStep(previous: StepProgress | undefined, change: Partial<StepProgress>, now: string): StepProgress {
  const next: StepProgress = { ...previous, ...change, updatedAt: now };
  if (previous?.passed) next.passed = true;
  return next;
}
