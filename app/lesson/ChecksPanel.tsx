"use client";
import type { CheckResult } from "../../engine";

export interface ChecksPanelProps {
  readonly titles: readonly { id: string; title: string }[];
  readonly results: readonly CheckResult[] | null;
  readonly checking: boolean;
}

/** The step's checks: not run yet, passed or failed, each with the reason. */
export default function ChecksPanel({ titles, results, checking }: ChecksPanelProps) {
  const byId = new Map(results?.map((result) => [result.id, result]));
  const passed = results?.filter((result) => result.passed).length ?? 0;
  return (
    <section className="checks" aria-label="Checks" aria-busy={checking}>
      <header className="panel-header">
        <h2>Checks</h2>
        <span className="checks-summary" aria-live="polite">
          {checking ? "Checking…" : results ? `${passed} of ${titles.length} passed` : "Not run yet: press Check"}
        </span>
      </header>
      <ul>
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
