"use client";
/**
 * The callback-chain panel: a picker of the run's Deferreds, the chosen one's
 * header, its chain drawn (ChainDrawing) or as a table (ChainTable, always
 * there for screen readers), and the Failures nobody handles.
 * Renders DebugState only.
 */
import { memo, useState } from "react";
import type { DebugState } from "../../engine";
import ChainDrawing from "./ChainDrawing";
import ChainHeader from "./ChainHeader";
import ChainTable from "./ChainTable";
import { deferredName } from "./chain-text";

export interface CallbackChainViewProps {
  readonly state: DebugState;
  /** The run's source lines, to name anonymous callbacks by their text. */
  readonly sourceLines?: readonly string[];
  /** The Deferred the learner picked, or null while following the current step. */
  readonly picked: number | null;
  readonly onPick: (id: number | null) => void;
  readonly onMove: (index: number) => void;
  /** Scroll the link the step concerns into view (default); false where the view is drawn offscreen. */
  readonly followStep?: boolean;
}

export default function CallbackChainView({ state, sourceLines, picked, onPick, onMove, followStep = true }: CallbackChainViewProps) {
  const [asTable, setAsTable] = useState(false);
  const chain = state.chain;
  const related = new Map(state.related.map((view) => [view.id, view]));
  const options = state.deferreds;
  const selectedMissing = chain !== null && !options.some((d) => d.id === chain.id);
  return (
    <section className="side-panel chain-panel" aria-label="Callback chain">
      <div className="panel-bar">
        <label className="chain-picker">
          <span>Deferred</span>
          <select
            aria-label="Deferred to show"
            value={picked === null ? "follow" : String(picked)}
            onChange={(event) => onPick(event.currentTarget.value === "follow" ? null : Number(event.currentTarget.value))}
            disabled={state.deferredTotal === 0}
          >
            <option value="follow">{chain && picked === null ? `Follow the step (${deferredName(chain)})` : "Follow the step"}</option>
            {selectedMissing && chain && <option value={chain.id}>{deferredName(chain)}</option>}
            <DeferredOptions options={options} />
          </select>
        </label>
        <button type="button" className="panel-toggle" aria-pressed={asTable} onClick={() => setAsTable(!asTable)} title="Show the chain as a table">
          Table
        </button>
      </div>
      <div className="panel-scroll">
        {chain === null ? (
          <p className="panel-empty">
            {state.length === 0
              ? "No Deferreds yet. Press Restart, then Step line: each Deferred your program creates appears here, with its callback chain."
              : "No Deferred has been created by this step. Step on, or click a line that creates one in the editor."}
          </p>
        ) : (
          <>
            <ChainHeader chain={chain} onPick={onPick} onMove={onMove} related={related} />
            {!asTable && <ChainDrawing chain={chain} related={related} onPick={onPick} sourceLines={sourceLines} followStep={followStep} />}
            <ChainTable chain={chain} visible={asTable} sourceLines={sourceLines} />
          </>
        )}
        {state.unhandled.length > 0 && (
          <ul className="unhandled-list" aria-label="Unhandled Failures">
            {state.unhandled.map((u) => (
              <li key={u.id}>
                <span aria-hidden="true">✗ </span>
                <button type="button" className="link-button" onClick={() => onPick(u.id)}>
                  Deferred #{u.id}
                  {u.line !== null ? `, line ${u.line}` : ""}
                </button>{" "}
                {u.reported ? "was reported: Unhandled error in Deferred" : "ends in a Failure nothing handles"} — {u.failure}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/**
 * The picker's Deferreds: up to a few hundred options, drawn again only when
 * the Deferreds created by the cursor change (the store keeps the list's
 * identity while they stay the same), not on every step.
 */
const DeferredOptions = memo(function DeferredOptions({ options }: { options: DebugState["deferreds"] }) {
  return options.map((d) => (
    <option key={d.id} value={d.id}>
      {deferredName(d)}
    </option>
  ));
});
