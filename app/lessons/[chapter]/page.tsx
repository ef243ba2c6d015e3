import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { chapterHref, findChapter, getCourse, stepLink } from "../../lib/course";
import ChapterSteps from "../../ChapterSteps";
import Prose from "../../lesson/Prose";
import ContinueButton from "../../progress/ContinueButton";
import SiteHeader from "../../SiteHeader";

interface Params {
  chapter: string;
}

export function generateStaticParams(): Params[] {
  return getCourse().chapters.map((chapter) => ({ chapter: chapter.slug }));
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { chapter } = await params;
  return { title: findChapter(chapter)?.chapter.title ?? "Lessons" };
}

/** A chapter's own page: what it is about, its steps, and where to go on from the learner's progress. */
export default async function ChapterPage({ params }: { params: Promise<Params> }) {
  const { chapter: chapterSlug } = await params;
  const found = findChapter(chapterSlug);
  if (!found) notFound();
  const { chapter, number, previous, next } = found;
  const total = getCourse().chapters.length;
  const minutes = chapter.steps.reduce((sum, step) => sum + step.minutes, 0);
  return (
    <>
      <SiteHeader>
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link href="/">Lessons</Link>
          <span aria-hidden="true">›</span>
          <span>{chapter.title}</span>
        </nav>
      </SiteHeader>
      <main className="home chapter-page">
        <p className="eyebrow">
          Chapter {number} of {total}
        </p>
        <h1>{chapter.title}</h1>
        <p className="lede">{chapter.summary}</p>
        <Prose markdown={chapter.intro} />
        <ContinueButton steps={chapter.steps.map(stepLink)} />
        <p className="course-size">
          {chapter.steps.length} {chapter.steps.length === 1 ? "step" : "steps"} · about {minutes} minutes
        </p>
        <section className="toc-chapter" aria-label="Steps">
          <ChapterSteps chapter={chapter} />
        </section>
        <nav aria-label="Chapters" className="chapter-nav">
          {previous ? (
            <Link href={chapterHref(previous)} rel="prev">
              ← {previous.title}
            </Link>
          ) : (
            <span />
          )}
          {next ? (
            <Link href={chapterHref(next)} rel="next">
              {next.title} →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      </main>
    </>
  );
}
