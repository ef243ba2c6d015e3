import type { Metadata } from "next";
import CourseContents from "../CourseContents";
import SiteHeader from "../SiteHeader";

export const metadata: Metadata = { title: "Lessons" };

/** /lessons/ itself: the course's contents, for a learner who trims a lesson's address. */
export default function LessonsPage() {
  return (
    <>
      <SiteHeader />
      <main className="home">
        <CourseContents />
      </main>
    </>
  );
}
