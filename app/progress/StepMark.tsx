"use client";
import { useProgress } from "./progress-store";

/** A step's state in the table of contents: done, started, or nothing yet. */
export default function StepMark({ stepId }: { readonly stepId: string }) {
  const entry = useProgress().progress.steps[stepId];
  if (entry?.passed) {
    return (
      <span className="step-mark step-mark-done" title="All checks passed">
        ✓<span className="visually-hidden"> completed</span>
      </span>
    );
  }
  if (entry) {
    const detail = entry.checksTotal ? `${entry.checksPassed ?? 0} of ${entry.checksTotal} checks passed` : "started";
    return (
      <span className="step-mark step-mark-started" title={detail}>
        ●<span className="visually-hidden"> in progress: {detail}</span>
      </span>
    );
  }
  return <span className="step-mark" aria-hidden="true" />;
}
