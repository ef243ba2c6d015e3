import Link from "next/link";
import type { Chapter } from "../lessons/schema";
import { stepHref } from "./lib/course";
import StepMark from "./progress/StepMark";

/** A chapter's steps as a numbered list of links, each with its time and the learner's mark. */
export default function ChapterSteps({ chapter }: { readonly chapter: Chapter }) {
  return (
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
  );
}
