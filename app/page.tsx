import { getCourse, stepLink } from "./lib/course";
import SiteHeader from "./SiteHeader";
import CourseContents from "./CourseContents";
import ContinueButton from "./progress/ContinueButton";
import ProgressPanel from "./progress/ProgressPanel";

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
          <ContinueButton steps={chapters.flatMap((chapter) => chapter.steps.map(stepLink))} />
          <p className="course-size">
            {chapters.length} {chapters.length === 1 ? "chapter" : "chapters"} · {stepCount} steps
          </p>
        </section>
        <ProgressPanel stepIds={chapters.flatMap((chapter) => chapter.steps.map((step) => step.id))} />
        <CourseContents />
      </main>
    </>
  );
}
