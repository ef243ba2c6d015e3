import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { chapterHref, findStep, getCourse, stepHref } from "../../../lib/course";
import { MOVED_STEPS } from "../../../../lessons/history";
import MovedStep from "../../../lesson/MovedStep";
import { highlight } from "../../../lib/markdown";
import Prose from "../../../lesson/Prose";
import Hints from "../../../lesson/Hints";
import VisitRecorder from "../../../progress/VisitRecorder";
import Workspace from "../../../lesson/Workspace";
import SiteHeader from "../../../SiteHeader";

/** The step that maps the course's text to Python's bytes, linked beside every twin. */
const BYTES_AND_TEXT_STEP = "finger-debug-the-original";

/** The URL of the step with this id (the build fails if the course lost it). */
function hrefOfStep(id: string): string {
  const step = getCourse().chapters.flatMap((chapter) => chapter.steps).find((s) => s.id === id);
  if (!step) throw new Error(`the lesson page links to step "${id}", which the course does not have`);
  return stepHref(step);
}

interface Params {
  chapter: string;
  step: string;
}

export function generateStaticParams(): Params[] {
  const current = getCourse().chapters.flatMap((chapter) => chapter.steps.map((step) => ({ chapter: chapter.slug, step: step.slug })));
  // Old URLs of moved steps get a page too: it redirects to the new one.
  const moved = MOVED_STEPS.map(({ from }) => {
    const [chapter, step] = from.split("/");
    return { chapter: chapter!, step: step! };
  });
  return [...current, ...moved];
}

/** The step that used to live at chapter/step, if one did. */
function movedFrom(chapter: string, step: string) {
  const moved = MOVED_STEPS.find(({ from }) => from === `${chapter}/${step}`);
  if (!moved) return null;
  const all = getCourse().chapters.flatMap((c) => c.steps);
  const target = all.find((s) => s.id === moved.id);
  return target ? { href: stepHref(target), title: target.title } : null;
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { chapter, step } = await params;
  const found = findStep(chapter, step);
  return { title: found?.step.title ?? movedFrom(chapter, step)?.title ?? "Lesson" };
}

export default async function LessonPage({ params }: { params: Promise<Params> }) {
  const { chapter: chapterSlug, step: stepSlug } = await params;
  const found = findStep(chapterSlug, stepSlug);
  if (!found) {
    const moved = movedFrom(chapterSlug, stepSlug);
    if (!moved) notFound();
    return (
      <>
        <SiteHeader />
        <MovedStep href={moved.href} title={moved.title} />
      </>
    );
  }
  const { chapter, step, index, previous, next } = found;
  return (
    <>
      <SiteHeader>
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link href="/">Lessons</Link>
          <span aria-hidden="true">›</span>
          <span>
            <Link href={chapterHref(chapter)}>{chapter.title}</Link>
          </span>
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
          <p className="eyebrow">
            <Link href={chapterHref(chapter)}>{chapter.title}</Link>
          </p>
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
              <p className="twin-note">
                Where this course puts text on the wire, Python 3&apos;s Twisted puts bytes: <code>&quot;moshez&quot;</code> here is{" "}
                <code>b&quot;moshez&quot;</code> there, <code>lineReceived</code> gets bytes, and adding <code>str</code> to <code>bytes</code>{" "}
                raises <code>TypeError</code>. <Link href={hrefOfStep(BYTES_AND_TEXT_STEP)}>The whole mapping</Link>.
              </p>
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
          files={step.files}
          otherFiles={step.otherFiles}
          command={step.command ?? null}
          next={next ? { href: stepHref(next), title: next.title } : null}
          browserUrl={step.browser?.url ?? null}
          foreignLoop={step.foreignLoop ?? null}
        />
        <VisitRecorder href={stepHref(step)} title={step.title} />
      </main>
    </>
  );
}
