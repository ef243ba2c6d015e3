/**
 * The learner's saved progress: its shape, and how to read it back safely.
 * Saved data is versioned and validated; damaged data is recovered step by
 * step as far as possible, with a notice saying what was lost.
 */
import { z } from "zod";

export const PROGRESS_VERSION = 1;

export const StepProgressSchema = z
  .object({
    code: z.string().max(200_000).optional().describe("The learner's code for the step"),
    passed: z.boolean().optional().describe("True once every check passed"),
    checksPassed: z.number().int().nonnegative().optional(),
    checksTotal: z.number().int().nonnegative().optional(),
    hintsShown: z.number().int().nonnegative().optional(),
    updatedAt: z.string().optional(),
  })
  .strip();

export type StepProgress = z.output<typeof StepProgressSchema>;

export const ProgressSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  steps: z.record(z.string(), StepProgressSchema),
  last: z.object({ href: z.string().startsWith("/lessons/"), title: z.string() }).optional(),
});

export type Progress = z.output<typeof ProgressSchema>;

export const emptyProgress = (): Progress => ({ version: PROGRESS_VERSION, steps: {} });

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
  const whole = ProgressSchema.safeParse(raw);
  if (whole.success) return { progress: whole.data, notice: null };
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
  for (const [id, value] of Object.entries(steps)) {
    const parsed = StepProgressSchema.safeParse(value);
    if (parsed.success) {
      progress.steps[id] = parsed.data;
      kept++;
    } else {
      lost++;
    }
  }
  const last = ProgressSchema.shape.last.safeParse(record.last);
  if (last.success && last.data) progress.last = last.data;
  const versionNote = version !== PROGRESS_VERSION ? ` It was saved in an unknown format (version ${String(version)}).` : "";
  return {
    progress,
    notice: `Some of your saved progress was damaged.${versionNote} Recovered ${kept} ${kept === 1 ? "step" : "steps"}${lost ? `, lost ${lost}` : ""}. A copy of the original was kept.`,
  };
}

/** Combines imported progress into the current one: for each step, the imported entry wins. */
export function mergeProgress(current: Progress, imported: Progress): Progress {
  return {
    version: PROGRESS_VERSION,
    steps: { ...current.steps, ...imported.steps },
    last: imported.last ?? current.last,
  };
}
