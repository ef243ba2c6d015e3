import Link from "next/link";
import { getCourse, stepHref } from "./lib/course";
import SiteHeader from "./SiteHeader";
import ContinueButton from "./progress/ContinueButton";
import ProgressPanel from "./progress/ProgressPanel";
import StepMark from "./progress/StepMark";

export default function Home() {
  const { chapters } = getCourse();
  const stepCount = chapters.reduce((sum, chapter) => sum + chapter.steps.length, 0);
  return (
    <>
      <SiteHeader />
      <main className="home">
        <section className="hero">
          <p className="eyebrow">Asynchronous network programming, the Twisted way</p>
          <h1>Build a finger server. Understand the event loop.</h1>
          <p className="lede">
            Write real Twisted-style code in TypeScript, run it against a simulated network in your browser, talk to it from a
            terminal, and let the checks tell you exactly what your server sent back. Every class and method carries Twisted&apos;s
            own name, with the Python original beside it.
          </p>
          <ContinueButton steps={chapters.flatMap((chapter) => chapter.steps.map((step) => ({ id: step.id, href: stepHref(step), title: step.title })))} />
          <p className="course-size">
            {chapters.length} {chapters.length === 1 ? "chapter" : "chapters"} · {stepCount} steps
          </p>
        </section>
        <ProgressPanel stepIds={chapters.flatMap((chapter) => chapter.steps.map((step) => step.id))} />
        <nav aria-label="Lessons" className="toc">
          <h2>Lessons</h2>
          <ol className="toc-chapters">
            {chapters.map((chapter) => (
              <li key={chapter.slug} className="toc-chapter">
                <h3>{chapter.title}</h3>
                <p className="toc-summary">{chapter.summary}</p>
                <ol className="toc-steps">
                  {chapter.steps.map((step, index) => (
                    <li key={step.id}>
                      <Link href={stepHref(step)}>
                        <span className="toc-number">{index + 1}</span>
                        <span className="toc-title">{step.title}</span>
                        <span className="toc-minutes">{step.minutes} min</span>
                        <StepMark stepId={step.id} />
                      </Link>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </nav>
      </main>
    </>
  );
}
