"use client";
import { progressStore, useProgress } from "../progress/progress-store";

/** Progressive hints: one more each time the learner asks; how many were shown is remembered. */
export default function Hints({ stepId, hints }: { readonly stepId: string; readonly hints: readonly string[] }) {
  const { progress } = useProgress();
  const shown = Math.min(hints.length, progress.steps[stepId]?.hintsShown ?? 0);
  const setShown = (count: number) => progressStore.updateStep(stepId, { hintsShown: count });
  if (hints.length === 0) return null;
  return (
    <section className="hints" aria-label="Hints">
      <ol>
        {hints.slice(0, shown).map((hint, index) => (
          <li key={index}>
            <span className="hint-label">
              Hint {index + 1} of {hints.length}
            </span>
            <p>{renderInlineCode(hint)}</p>
          </li>
        ))}
      </ol>
      {shown < hints.length && (
        <button type="button" className="button-secondary" onClick={() => setShown(shown + 1)}>
          {shown === 0 ? "Show a hint" : `Show hint ${shown + 1} of ${hints.length}`}
        </button>
      )}
    </section>
  );
}

/** Hints are short Markdown: only `code` spans matter. */
function renderInlineCode(text: string) {
  return text.split(/(`[^`]+`)/).map((part, index) =>
    part.startsWith("`") && part.endsWith("`") ? <code key={index}>{part.slice(1, -1)}</code> : part,
  );
}
