/**
 * A callback chain drawn as Twisted's documentation draws it: a column of
 * callback/errback pairs, the result travelling down the callback side and
 * across to the errback side on a Failure, with the value at each link.
 * Hidden from screen readers: the chain's table says the same.
 */
import { useEffect, useRef } from "react";
import { formatTime, type DeferredView, type LinkView, type Side } from "../../engine";
import { shownName, STATUS_TEXT } from "./chain-text";

/** Where the result enters each link: after the firing, the side the previous link left it on. */
function entering(chain: DeferredView, position: number): Side | null {
  if (!chain.fired) return null;
  if (position === 0) return chain.fired.side;
  return chain.links[position - 1]?.run?.then ?? null;
}

/** @param followStep scroll the link the step concerns (or the next to run) into view. */
export default function ChainDrawing({ chain, related, onPick, sourceLines, followStep }: { chain: DeferredView; related: Map<number, DeferredView>; onPick: (id: number) => void; sourceLines?: readonly string[]; followStep: boolean }) {
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
            <Link link={link} active={chain.activeLink === link.position} isNext={isNext} into={into} onPick={onPick} sourceLines={sourceLines} follow={followStep} />
            {link.run && <AfterLink link={link} related={related} onPick={onPick} />}
          </div>
        );
      })}
      <ChainEnd chain={chain} onPick={onPick} />
    </div>
  );
}

function Link(props: { link: LinkView; active: boolean; isNext: boolean; into: Side | null; onPick: (id: number) => void; sourceLines?: readonly string[]; follow: boolean }) {
  const { link, active, isNext, into, onPick, sourceLines, follow } = props;
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (follow && (active || isNext)) element.current?.scrollIntoView({ block: "nearest" });
  }, [follow, active, isNext]);
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
