import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { findStep, getCourse, stepHref } from "../../../lib/course";
import { highlight } from "../../../lib/markdown";
import Prose from "../../../lesson/Prose";
import Hints from "../../../lesson/Hints";
import VisitRecorder from "../../../progress/VisitRecorder";
import Workspace from "../../../lesson/Workspace";
import SiteHeader from "../../../SiteHeader";

interface Params {
  chapter: string;
  step: string;
}

export function generateStaticParams(): Params[] {
  return getCourse().chapters.flatMap((chapter) => chapter.steps.map((step) => ({ chapter: chapter.slug, step: step.slug })));
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const found = findStep((await params).chapter, (await params).step);
  return { title: found?.step.title ?? "Lesson" };
}

export default async function LessonPage({ params }: { params: Promise<Params> }) {
  const { chapter: chapterSlug, step: stepSlug } = await params;
  const found = findStep(chapterSlug, stepSlug);
  if (!found) notFound();
  const { chapter, step, index, previous, next } = found;
  return (
    <>
      <SiteHeader>
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link href="/">Lessons</Link>
          <span aria-hidden="true">›</span>
          <span>{chapter.title}</span>
        </nav>
        <nav aria-label="Step" className="step-nav">
          {previous ? <Link href={stepHref(previous)} rel="prev">← Previous</Link> : <span />}
          <span className="step-count">
            Step {index + 1} of {chapter.steps.length}
          </span>
          {next ? <Link href={stepHref(next)} rel="next">Next →</Link> : <span />}
        </nav>
      </SiteHeader>
      <main className="lesson">
        <article className="prose" aria-labelledby="step-title">
          <p className="eyebrow">{chapter.title}</p>
          <h1 id="step-title">{step.title}</h1>
          <p className="lede">{step.summary}</p>
          <section className="objectives" aria-label="Objectives">
            <h2>You will</h2>
            <ul>
              {step.objectives.map((objective) => (
                <li key={objective}>{objective}</li>
              ))}
            </ul>
            <p className="meta">
              About {step.minutes} minutes
              {step.apis.length > 0 && (
                <>
                  {" · "}
                  {step.apis.map((api) => (
                    <code key={api}>{api}</code>
                  ))}
                </>
              )}
            </p>
          </section>
          <Prose markdown={step.prose} />
          <Hints stepId={step.id} hints={step.hints} />
          {step.twin && (
            <details className="twin">
              <summary>The same program in Python, for real Twisted</summary>
              <pre className="code" data-lang="python">
                <code className="hljs" dangerouslySetInnerHTML={{ __html: highlight(step.twin, "python") }} />
              </pre>
            </details>
          )}
        </article>
        <Workspace
          stepId={step.id}
          file={step.file}
          start={step.start}
          solution={step.solution}
          previousSolution={previous && previous.chapterSlug === step.chapterSlug && previous.file === step.file ? previous.solution : null}
          checks={step.checks}
          next={next ? { href: stepHref(next), title: next.title } : null}
        />
        <VisitRecorder href={stepHref(step)} title={step.title} />
      </main>
    </>
  );
}
