"use client";
/**
 * The callback chain, drawn as Twisted's documentation draws it: a column of
 * callback/errback pairs, the result travelling down the callback side and
 * across to the errback side on a Failure, with the value at each link. A
 * table says the same for screen readers (and on request, on screen).
 * Renders DebugState only.
 */
import { memo, useEffect, useRef, useState } from "react";
import { formatTime, shortFunctionName, type DebugState, type DeferredStatus, type DeferredView, type LinkView, type Side } from "../../engine";

export interface CallbackChainViewProps {
  readonly state: DebugState;
  /** The run's source lines, to name anonymous callbacks by their text. */
  readonly sourceLines?: readonly string[];
  /** The Deferred the learner picked, or null while following the current step. */
  readonly picked: number | null;
  readonly onPick: (id: number | null) => void;
  readonly onMove: (index: number) => void;
}

const STATUS_TEXT: Record<DeferredStatus, string> = {
  unfired: "not fired yet",
  running: "running its chain",
  paused: "paused",
  waiting: "waiting on another Deferred",
  succeeded: "✓ has a result",
  failed: "✗ holds a Failure",
  unhandled: "✗ unhandled Failure",
  "handed-on": "handed its result on",
};

/** "Deferred #3, line 12": a Deferred named by where it was created. */
export function deferredName(d: { id: number; kind: string; line: number | null }): string {
  const kind = d.kind === "Deferred" ? "Deferred" : d.kind;
  return `${kind} #${d.id}${d.line !== null ? `, line ${d.line}` : ""}`;
}

export default function CallbackChainView({ state, sourceLines, picked, onPick, onMove }: CallbackChainViewProps) {
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
            {!asTable && <ChainDrawing chain={chain} related={related} onPick={onPick} sourceLines={sourceLines} />}
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

function ChainHeader({ chain, related, onPick, onMove }: { chain: DeferredView; related: Map<number, DeferredView>; onPick: (id: number) => void; onMove: (index: number) => void }) {
  return (
    <header className="chain-header">
      <div className="chain-facts">
        <h3 className="chain-title">{deferredName(chain)}</h3>
        <span className={`status-badge status-${chain.status}`}>{STATUS_TEXT[chain.status]}</span>
        <button type="button" className="link-button" onClick={() => onMove(chain.createdIndex)} title="Move to the step that created it">
          created at {formatTime(chain.createdTime)}
        </button>
        {chain.paused > 0 && <span className="chain-fact">‖ pause count {chain.paused}</span>}
        {chain.cancelled && (
          <span className="chain-fact chain-fact-bad">
            ⊘ cancelled{chain.cancelled.line !== null ? ` on line ${chain.cancelled.line}` : ""}
          </span>
        )}
        {chain.waitingOn !== null && (
          <span className="chain-fact">
            ‖ waits for{" "}
            <button type="button" className="link-button" onClick={() => onPick(chain.waitingOn!)}>
              Deferred #{chain.waitingOn}
            </button>
          </span>
        )}
        {chain.memberOf.map((m) => (
          <span className="chain-fact" key={m.list}>
            feeds{" "}
            <button type="button" className="link-button" onClick={() => onPick(m.list)}>
              DeferredList #{m.list}
            </button>{" "}
            slot {m.slot}
          </span>
        ))}
      </div>
      {chain.members.length > 0 && (
        <div className="fan-in" aria-label="Waits for">
          <span className="fan-in-label">Waits for</span>
          <ol>
            {chain.members.map((m) => (
              <li key={m.slot} className={m.result ? (m.result.failure ? "member-failed" : "member-ok") : "member-pending"}>
                <button type="button" className="member-button" onClick={() => onPick(m.id)}>
                  <span className="member-slot">[{m.slot}]</span> #{m.id}{" "}
                  {m.result ? (m.result.failure ? `✗ ${m.result.value}` : `✓ ${m.result.value}`) : `… ${related.get(m.id) ? STATUS_TEXT[related.get(m.id)!.status] : "waiting"}`}
                </button>
              </li>
            ))}
          </ol>
          <span className="fan-in-arrow" aria-hidden="true">
            ↓ fan-in
          </span>
        </div>
      )}
    </header>
  );
}

/** Where the result enters each link: after the firing, the side the previous link left it on. */
function entering(chain: DeferredView, position: number): Side | null {
  if (!chain.fired) return null;
  if (position === 0) return chain.fired.side;
  return chain.links[position - 1]?.run?.then ?? null;
}

function ChainDrawing({ chain, related, onPick, sourceLines }: { chain: DeferredView; related: Map<number, DeferredView>; onPick: (id: number) => void; sourceLines?: readonly string[] }) {
  const lastRun = chain.links.reduce((last, link, i) => (link.run ? i : last), -1);
  return (
    <div className="chain-drawing" aria-hidden="true">
      <div className="chain-columns">
        <span className="column-head column-callback">✓ callback side</span>
        <span className="column-head column-errback">✗ errback side</span>
      </div>
      <div className={`chain-entry ${chain.fired ? `entry-${chain.fired.side}` : "entry-none"}`}>
        {chain.fired ? (
          <>
            <strong>{chain.fired.side}(</strong>
            <code>{chain.fired.value}</code>
            <strong>)</strong>
            <span className="chain-where">
              {chain.fired.line !== null ? ` line ${chain.fired.line}` : ""} at {formatTime(chain.fired.time)}
            </span>
          </>
        ) : (
          <span className="chain-muted">Not fired yet: waiting for callback() or errback()</span>
        )}
      </div>
      {chain.fired && <Gap from={chain.fired.side} to={chain.fired.side} value={chain.fired.value} failure={chain.fired.side === "errback"} />}
      {chain.links.map((link, i) => {
        const into = entering(chain, link.position);
        const isNext = !link.run && into !== null && i === lastRun + 1 && chain.paused === 0;
        return (
          <div key={`${link.position}-${link.addedIndex}`}>
            <Link link={link} active={chain.activeLink === link.position} isNext={isNext} into={into} onPick={onPick} sourceLines={sourceLines} />
            {link.run && <AfterLink link={link} related={related} onPick={onPick} />}
          </div>
        );
      })}
      <ChainEnd chain={chain} onPick={onPick} />
    </div>
  );
}

function Link({ link, active, isNext, into, onPick, sourceLines }: { link: LinkView; active: boolean; isNext: boolean; into: Side | null; onPick: (id: number) => void; sourceLines?: readonly string[] }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (active || isNext) element.current?.scrollIntoView({ block: "nearest" });
  }, [active, isNext]);
  if (link.kind === "continue" || link.kind === "slot") {
    const target = link.handsTo!;
    const ran = link.run !== null;
    return (
      <div ref={element} className={`chain-link chain-link-special ${active ? "link-active" : ""} ${ran ? "link-ran" : ""}`}>
        <span className="link-index">#{link.position}</span>
        <div className="half-wide">
          {link.kind === "continue" ? "↩ hands the result back to " : "→ hands the result to "}
          <button type="button" className="link-button" onClick={() => onPick(target)}>
            {link.kind === "continue" ? "Deferred" : "DeferredList"} #{target}
          </button>
          {link.kind === "slot" ? `, slot ${link.slot}` : ""}
          {ran ? " ✓ done" : " (when this one has a result)"}
        </div>
        {active && <span className="link-now">◀ now</span>}
      </div>
    );
  }
  return (
    <div ref={element} className={`chain-link ${active ? "link-active" : ""}`}>
      <span className="link-index">#{link.position}</span>
      <Half side="callback" fn={shownName(link.callback, link, "callback", sourceLines)} link={link} isNext={isNext && into === "callback"} />
      <Half side="errback" fn={shownName(link.errback, link, "errback", sourceLines)} link={link} isNext={isNext && into === "errback"} />
      {active && <span className="link-now">◀ now</span>}
    </div>
  );
}

function Half({ side, fn, link, isNext }: { side: Side; fn: string; link: LinkView; isNext: boolean }) {
  const ran = link.run?.side === side;
  const skipped = link.run !== null && !ran;
  const state = ran ? "ran" : skipped ? "skipped" : isNext ? "next" : "pending";
  const passthru = fn === "passthru";
  return (
    <div className={`half half-${side} half-${state} ${passthru ? "half-passthru" : ""}`} title={`${side}: ${passthru ? "pass-through" : fn}${link.line !== null && !passthru ? `, line ${link.line}` : ""}`}>
      <span className="half-label">
        {ran ? "● " : isNext ? "▼ " : ""}
        {side}
      </span>
      <code className="half-fn">{passthru ? "pass-through" : fn}</code>
      {link.line !== null && !passthru && <span className="half-line">L{link.line}</span>}
    </div>
  );
}

/** A pair's function as the chain shows it: its name, or an anonymous one's head from the line that added it. */
function shownName(fn: string, link: LinkView, side: Side, sourceLines: readonly string[] | undefined): string {
  return fn === "passthru" ? fn : shortFunctionName(fn, sourceLines, link.line, side);
}

/** The gap below a link: the result's path to the next link, with its value. */
function AfterLink({ link, related, onPick }: { link: LinkView; related: Map<number, DeferredView>; onPick: (id: number) => void }) {
  const run = link.run!;
  if (link.waitsOn !== null) {
    const inner = related.get(link.waitsOn);
    return (
      <div className={`chain-gap gap-wait gap-${run.side}`}>
        <div className="inner-deferred">
          <span aria-hidden="true">‖ </span>returned{" "}
          <button type="button" className="link-button" onClick={() => onPick(link.waitsOn!)}>
            Deferred #{link.waitsOn}
          </button>
          {inner && (
            <>
              {inner.line !== null ? ` (line ${inner.line})` : ""}: {STATUS_TEXT[inner.status]}
              {inner.result && <code> {inner.result.value}</code>}
            </>
          )}
          <span className="chain-muted"> — the chain waits on it</span>
        </div>
      </div>
    );
  }
  const failure = run.then === "errback";
  const value = run.outcome === "deferred" ? `${run.output} (its result)` : run.output;
  return <Gap from={run.side} to={run.then} value={value} failure={failure} note={noteFor(link)} />;
}

function noteFor(link: LinkView): string | undefined {
  const run = link.run!;
  if (run.outcome === "raised") return run.side === "callback" ? "raised: over to the errback side" : "raised again";
  if (run.side === "errback" && run.then === "callback") return "recovered: back to the callback side";
  if (run.outcome === "failure" && run.fn !== "passthru") return "returned a Failure";
  return undefined;
}

function Gap({ from, to, value, failure, note }: { from: Side; to: Side; value: string; failure: boolean; note?: string }) {
  const x = (side: Side) => (side === "callback" ? 25 : 75);
  const cross = from !== to;
  return (
    <div className={`chain-gap gap-to-${to} ${cross ? "gap-cross" : ""}`}>
      <svg className="gap-path" viewBox="0 0 100 32" preserveAspectRatio="none">
        {cross ? (
          <polyline points={`${x(from)},0 ${x(to)},14 ${x(to)},32`} className={failure ? "path-failure" : "path-value"} vectorEffect="non-scaling-stroke" />
        ) : (
          <line x1={x(from)} y1="0" x2={x(to)} y2="32" className={failure ? "path-failure" : "path-value"} vectorEffect="non-scaling-stroke" />
        )}
      </svg>
      <span className={`gap-arrow arrow-${to} ${failure ? "path-failure-text" : "path-value-text"}`}>▼</span>
      <span className={`gap-value value-at-${to} ${failure ? "value-failure" : "value-ok"}`}>
        {failure ? "✗ " : "✓ "}
        {value}
        {note && <em> · {note}</em>}
      </span>
    </div>
  );
}

function ChainEnd({ chain, onPick }: { chain: DeferredView; onPick: (id: number) => void }) {
  if (chain.unhandled) {
    return (
      <div className="chain-end end-unhandled">
        <strong>✗ Unhandled Failure</strong> <code>{chain.unhandled.failure}</code>
        <span className="chain-end-note">
          {chain.unhandled.reported
            ? "Twisted logged “Unhandled error in Deferred”: no errback handled this Failure."
            : "It is at the end of the chain with no errback after it. Add an errback (addErrback) to handle it."}
        </span>
      </div>
    );
  }
  if (chain.status === "waiting" && chain.waitingOn !== null) {
    return (
      <div className="chain-end end-waiting">
        ‖ Paused until{" "}
        <button type="button" className="link-button" onClick={() => onPick(chain.waitingOn!)}>
          Deferred #{chain.waitingOn}
        </button>{" "}
        has a result.
      </div>
    );
  }
  if (chain.status === "handed-on") return <div className="chain-end">↩ Its result went to the Deferred waiting on it.</div>;
  if (!chain.result || chain.status === "running") return null;
  return (
    <div className={`chain-end ${chain.result.failure ? "end-failure" : "end-ok"}`}>
      {chain.result.failure ? "✗ Result: a Failure " : "✓ Result: "}
      <code>{chain.result.value}</code>
      <span className="chain-end-note"> — callbacks added now run at once with it.</span>
    </div>
  );
}

/** The same chain as a table: what a screen reader reads, and what "Table" shows. */
function ChainTable({ chain, visible, sourceLines }: { chain: DeferredView; visible: boolean; sourceLines?: readonly string[] }) {
  return (
    <table className={visible ? "chain-table" : "visually-hidden"} aria-label={`Callback chain of ${deferredName(chain)}`}>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Callback</th>
          <th scope="col">Errback</th>
          <th scope="col">What happened</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Fired</th>
          <td>—</td>
          <td>—</td>
          <td>
            {chain.fired
              ? `${chain.fired.side}(${chain.fired.value})${chain.fired.line !== null ? ` on line ${chain.fired.line}` : ""}: enters the ${chain.fired.side} side`
              : "not fired yet"}
          </td>
        </tr>
        {chain.links.map((link) => (
          <tr key={`${link.position}-${link.addedIndex}`} aria-current={chain.activeLink === link.position ? "step" : undefined}>
            <th scope="row">#{link.position}</th>
            <td>{link.kind === "pair" ? halfText(shownName(link.callback, link, "callback", sourceLines), link.line) : "—"}</td>
            <td>{link.kind === "pair" ? halfText(shownName(link.errback, link, "errback", sourceLines), link.line) : "—"}</td>
            <td>{linkText(link, sourceLines)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">End</th>
          <td>—</td>
          <td>—</td>
          <td>{endText(chain)}</td>
        </tr>
      </tbody>
    </table>
  );
}

function halfText(fn: string, line: number | null): string {
  if (fn === "passthru") return "pass-through";
  return `${fn}${line !== null ? ` (line ${line})` : ""}`;
}

function linkText(link: LinkView, sourceLines: readonly string[] | undefined): string {
  const run = link.run;
  if (link.kind === "continue") return run ? `✓ handed ${run.input} back to Deferred #${link.handsTo}` : `will hand the result back to Deferred #${link.handsTo}`;
  if (link.kind === "slot") return run ? `handed ${run.input} to DeferredList #${link.handsTo}, slot ${link.slot}` : `will hand the result to DeferredList #${link.handsTo}, slot ${link.slot}`;
  if (!run) return "not run yet";
  const mark = run.then === "errback" ? "✗" : "✓";
  const who = `${run.side} ${run.fn === "passthru" ? "pass-through" : shownName(run.fn, link, run.side, sourceLines)}`;
  if (link.waitsOn !== null) return `${who} got ${run.input} and returned Deferred #${link.waitsOn}: the chain waits on it`;
  return `${mark} ${who} got ${run.input}, ${run.outcome === "raised" ? "raised" : "returned"} ${run.output}; on to the ${run.then} side`;
}

function endText(chain: DeferredView): string {
  if (chain.unhandled) return `✗ Unhandled Failure ${chain.unhandled.failure}${chain.unhandled.reported ? " (reported as Unhandled error in Deferred)" : ": no errback after it"}`;
  if (chain.waitingOn !== null) return `paused until Deferred #${chain.waitingOn} has a result`;
  if (chain.status === "handed-on") return "its result went to the Deferred waiting on it";
  if (!chain.result) return "no result yet";
  if (chain.status === "running") return "running";
  return chain.result.failure ? `✗ holds the Failure ${chain.result.value}` : `✓ result ${chain.result.value}`;
}
