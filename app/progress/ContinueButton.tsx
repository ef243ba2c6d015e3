"use client";
/**
 * The home page's main button: "Start with" the first step for a new
 * learner, "Continue with" the step they were last on once progress exists.
 */
import Link from "next/link";
import { useProgress } from "./progress-store";

export interface CourseStepLink {
  readonly id: string;
  readonly href: string;
  readonly title: string;
}

export default function ContinueButton({ steps }: { readonly steps: readonly CourseStepLink[] }) {
  const { progress } = useProgress();
  const first = steps[0];
  if (!first) return null;
  const target = continueTarget(steps, progress.last ?? null, (id) => progress.steps[id]?.passed === true, (id) => id in progress.steps);
  return (
    <Link className="button-primary button-large" href={target?.href ?? first.href}>
      {target ? `Continue with “${target.title}”` : `Start with “${first.title}”`}
    </Link>
  );
}

/**
 * Where a returning learner continues: the page they were last on, unless
 * they passed it, then the first step after it not yet passed. Null for a
 * learner with no progress.
 */
export function continueTarget(
  steps: readonly CourseStepLink[],
  last: { readonly href: string } | null,
  passed: (id: string) => boolean,
  started: (id: string) => boolean,
): CourseStepLink | null {
  const lastIndex = last ? steps.findIndex((step) => step.href === last.href) : -1;
  if (lastIndex < 0 && !steps.some((step) => started(step.id))) return null;
  const from = Math.max(lastIndex, 0);
  const ordered = [...steps.slice(from), ...steps.slice(0, from)];
  return ordered.find((step) => !passed(step.id)) ?? steps[lastIndex] ?? null;
}
