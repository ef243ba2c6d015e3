/**
 * The words of the callback-chain view, shared by its drawing and its table:
 * a Deferred's name and status, a callback's shown name, and the sentences
 * the table (what a screen reader reads) says about each link and the end.
 */
import { shortFunctionName, type DeferredStatus, type DeferredView, type LinkView, type Side } from "../../engine";

export const STATUS_TEXT: Record<DeferredStatus, string> = {
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

/** A pair's function as the chain shows it: its name, or an anonymous one's head from the line that added it. */
export function shownName(fn: string, link: LinkView, side: Side, sourceLines: readonly string[] | undefined): string {
  return fn === "passthru" ? fn : shortFunctionName(fn, sourceLines, link.line, side);
}

/** One half of a pair in the table: its function and the line that added it. */
export function halfText(fn: string, line: number | null): string {
  if (fn === "passthru") return "pass-through";
  return `${fn}${line !== null ? ` (line ${line})` : ""}`;
}

/** What happened at one link, as a sentence. */
export function linkText(link: LinkView, sourceLines: readonly string[] | undefined): string {
  const run = link.run;
  if (link.kind === "continue") return run ? `✓ handed ${run.input} back to Deferred #${link.handsTo}` : `will hand the result back to Deferred #${link.handsTo}`;
  if (link.kind === "slot") return run ? `handed ${run.input} to DeferredList #${link.handsTo}, slot ${link.slot}` : `will hand the result to DeferredList #${link.handsTo}, slot ${link.slot}`;
  if (!run) return "not run yet";
  const mark = run.then === "errback" ? "✗" : "✓";
  const who = `${run.side} ${run.fn === "passthru" ? "pass-through" : shownName(run.fn, link, run.side, sourceLines)}`;
  if (link.waitsOn !== null) return `${who} got ${run.input} and returned Deferred #${link.waitsOn}: the chain waits on it`;
  return `${mark} ${who} got ${run.input}, ${run.outcome === "raised" ? "raised" : "returned"} ${run.output}; on to the ${run.then} side`;
}

/** Where the chain's result ended up, as a sentence. */
export function endText(chain: DeferredView): string {
  if (chain.unhandled) return `✗ Unhandled Failure ${chain.unhandled.failure}${chain.unhandled.reported ? " (reported as Unhandled error in Deferred)" : ": no errback after it"}`;
  if (chain.waitingOn !== null) return `paused until Deferred #${chain.waitingOn} has a result`;
  if (chain.status === "handed-on") return "its result went to the Deferred waiting on it";
  if (!chain.result) return "no result yet";
  if (chain.status === "running") return "running";
  return chain.result.failure ? `✗ holds the Failure ${chain.result.value}` : `✓ result ${chain.result.value}`;
}
