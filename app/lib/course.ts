/**
 * The course as pages need it, read once per build (or per request in dev,
 * so lesson edits show on reload).
 */
import { loadCourse } from "../../lessons/load";
import type { Chapter, Course, Step } from "../../lessons/schema";

let cached: Course | null = null;

export function getCourse(): Course {
  if (process.env.NODE_ENV === "development") return loadCourse();
  cached ??= loadCourse();
  return cached;
}

export interface StepLocation {
  readonly chapter: Chapter;
  readonly step: Step;
  readonly index: number;
  readonly previous: Step | null;
  readonly next: Step | null;
}

/** Finds a step by its chapter and step slugs, with its neighbours across chapters. */
export function findStep(chapterSlug: string, stepSlug: string): StepLocation | null {
  const all = getCourse().chapters.flatMap((chapter) => chapter.steps.map((step) => ({ chapter, step })));
  const index = all.findIndex((entry) => entry.chapter.slug === chapterSlug && entry.step.slug === stepSlug);
  if (index < 0) return null;
  const { chapter, step } = all[index]!;
  return {
    chapter,
    step,
    index: chapter.steps.indexOf(step),
    previous: all[index - 1]?.step ?? null,
    next: all[index + 1]?.step ?? null,
  };
}

/** The URL of a step's page. */
export function stepHref(step: Pick<Step, "chapterSlug" | "slug">): string {
  return `/lessons/${step.chapterSlug}/${step.slug}/`;
}

/** A step as a link to it: what the Start/Continue button chooses from. */
export function stepLink(step: Step): { readonly id: string; readonly href: string; readonly title: string } {
  return { id: step.id, href: stepHref(step), title: step.title };
}

export interface ChapterLocation {
  readonly chapter: Chapter;
  /** Its number in the course, from 1. */
  readonly number: number;
  readonly previous: Chapter | null;
  readonly next: Chapter | null;
}

/** Finds a chapter by its slug, with the chapters either side. */
export function findChapter(chapterSlug: string): ChapterLocation | null {
  const chapters = getCourse().chapters;
  const index = chapters.findIndex((chapter) => chapter.slug === chapterSlug);
  if (index < 0) return null;
  return { chapter: chapters[index]!, number: index + 1, previous: chapters[index - 1] ?? null, next: chapters[index + 1] ?? null };
}

/** The URL of a chapter's page. */
export function chapterHref(chapter: Pick<Chapter, "slug">): string {
  return `/lessons/${chapter.slug}/`;
}
