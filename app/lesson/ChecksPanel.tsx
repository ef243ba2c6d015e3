"use client";
import Link from "next/link";
import type { CheckResult } from "../../engine";

/** Where the learner goes when every check passes. */
export interface NextStep {
  readonly href: string;
  readonly title: string;
}

export interface ChecksPanelProps {
  readonly titles: readonly { id: string; title: string }[];
  readonly results: readonly CheckResult[] | null;
  readonly checking: boolean;
  /** The next step, or null on the course's last step. */
  readonly next?: NextStep | null;
}

/** The step's checks: not run yet, passed or failed, each with the reason. */
export default function ChecksPanel({ titles, results, checking, next = null }: ChecksPanelProps) {
  const byId = new Map(results?.map((result) => [result.id, result]));
  const passed = results?.filter((result) => result.passed).length ?? 0;
  const allPassed = !checking && results !== null && titles.length > 0 && passed === titles.length;
  return (
    <section className="checks" aria-label="Checks" aria-busy={checking}>
      <header className="panel-header">
        <h2>Checks</h2>
        <span className="checks-summary" aria-live="polite">
          {checking ? "Checking…" : results ? `${passed} of ${titles.length} passed` : "Not run yet: press Check"}
        </span>
      </header>
      {allPassed && (
        <p className="checks-next" role="status">
          Every check passes.{" "}
          {next ? (
            <Link href={next.href} className="button-primary">
              Next: {next.title} →
            </Link>
          ) : (
            <Link href="/" className="button-primary">
              You finished the course: back to the lessons
            </Link>
          )}
        </p>
      )}
      {/* The list scrolls when checks outnumber its room; tabIndex lets a keyboard scroll it. */}
      <ul tabIndex={0} aria-label="Check results">
        {titles.map(({ id, title }) => {
          const result = byId.get(id);
          const state = result ? (result.passed ? "passed" : "failed") : "pending";
          return (
            <li key={id} className={`check check-${state}`} data-check={id}>
              <span className="check-icon" aria-hidden="true">
                {state === "passed" ? "✓" : state === "failed" ? "✗" : "○"}
              </span>
              <div>
                <p className="check-title">
                  <span className="check-state">{state === "pending" ? "not run" : state}</span>
                  {" — "}
                  {title}
                </p>
                {result && <p className="check-detail">{result.detail}</p>}
                {result && !result.passed && result.hint && <p className="check-hint">Likely fix: {result.hint}</p>}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
