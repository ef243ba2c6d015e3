"use client";
import { useState } from "react";

/** Progressive hints: one more each time the learner asks. */
export default function Hints({ hints }: { readonly hints: readonly string[] }) {
  const [shown, setShown] = useState(0);
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
