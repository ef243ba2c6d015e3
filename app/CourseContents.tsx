import Link from "next/link";
import { chapterHref, getCourse } from "./lib/course";
import ChapterSteps from "./ChapterSteps";

/** Every chapter with its summary and steps: the course's table of contents. */
export default function CourseContents() {
  const { chapters } = getCourse();
  return (
    <nav aria-label="Lessons" className="toc">
      <h2>Lessons</h2>
      <ol className="toc-chapters">
        {chapters.map((chapter) => (
          <li key={chapter.slug} className="toc-chapter">
            <h3>
              <Link href={chapterHref(chapter)}>{chapter.title}</Link>
            </h3>
            <p className="toc-summary">{chapter.summary}</p>
            <ChapterSteps chapter={chapter} />
          </li>
        ))}
      </ol>
    </nav>
  );
}
