/**
 * One Deferred's callback chain as it stands at a cursor: its pairs, which
 * half of each ran and with what, where the result is now, what it waits on
 * and who waits on it. Folded from that Deferred's own events only, so it
 * costs a few dozen events however long the trace is.
 */
import type { TraceEvent } from "../trace/events";
import { lastAtOrBefore, type TraceIndex } from "./trace-index";

export type Side = "callback" | "errback";

/** What one half of a pair did when it ran. */
export interface LinkRun {
  readonly side: Side;
  readonly fn: string;
  readonly input: string;
  readonly output: string;
  readonly outcome: "value" | "failure" | "raised" | "deferred";
  /** Index of the deferred.invoked event (or deferred.chainResult for a hand-back). */
  readonly index: number;
  /** The side the result is on after this link. */
  readonly then: Side;
}

/** One callback/errback pair in the chain. */
export interface LinkView {
  /** Position in the chain, from 0, as in deferred.callbackAdded. */
  readonly position: number;
  /**
   * "pair": added with addCallback(s)/addErrback/addBoth. "continue": the pair
   * Twisted puts on a Deferred returned from a callback, handing its result
   * back to the Deferred waiting on it. "slot": a DeferredList's pair.
   */
  readonly kind: "pair" | "continue" | "slot";
  readonly callback: string;
  readonly errback: string;
  /** The learner's line that added the pair, when known. */
  readonly line: number | null;
  /** Index of the event that added it. */
  readonly addedIndex: number;
  /** Set once the pair has run. */
  readonly run: LinkRun | null;
  /** A Deferred this link returned and the chain then waited on. */
  readonly waitsOn: number | null;
  /** For "continue": the Deferred this hands its result to. For "slot": the DeferredList. */
  readonly handsTo: number | null;
  /** For "slot": the member's position in the DeferredList. */
  readonly slot: number | null;
}

export type DeferredStatus =
  | "unfired"
  | "running"
  | "paused"
  | "waiting"
  | "succeeded"
  | "failed"
  | "unhandled"
  | "handed-on";

/** One Deferred at the cursor. */
export interface DeferredView {
  readonly id: number;
  /** Deferred, DeferredList, ... */
  readonly kind: string;
  readonly hasCanceller: boolean;
  /** The line that created it, when known. */
  readonly line: number | null;
  readonly createdIndex: number;
  readonly createdTime: number;
  /** How callback() or errback() was called, if it was. */
  readonly fired: { readonly side: Side; readonly value: string; readonly line: number | null; readonly index: number; readonly time: number } | null;
  readonly links: readonly LinkView[];
  /** The result it holds now, or null before it fires and after handing it on. */
  readonly result: { readonly value: string; readonly failure: boolean } | null;
  /** The side the result travels on now: where the next link will be entered. */
  readonly track: Side | null;
  /** pause() count, including waiting on a chained Deferred. */
  readonly paused: number;
  /** The Deferred it waits on, when a callback returned an unfired one (or chainDeferred linked them). */
  readonly waitingOn: number | null;
  /** Deferreds that wait on this one. */
  readonly waiters: readonly { readonly id: number; readonly via: "callback" | "chainDeferred" }[];
  readonly cancelled: { readonly index: number; readonly line: number | null } | null;
  /**
   * A Failure left at the end of the chain with no errback after it: flagged
   * the moment it happens; `reported` once Twisted logs "Unhandled error in Deferred".
   */
  readonly unhandled: { readonly failure: string; readonly reported: boolean } | null;
  /** For a DeferredList: the Deferreds it waits for, with their results once they arrive. */
  readonly members: readonly { readonly id: number; readonly slot: number; readonly result: { readonly value: string; readonly failure: boolean } | null }[];
  /** The DeferredLists this Deferred is part of. */
  readonly memberOf: readonly { readonly list: number; readonly slot: number }[];
  readonly status: DeferredStatus;
  /** The link the event at the cursor concerns, if any. */
  readonly activeLink: number | null;
  /** Whether the event at the cursor concerns this Deferred. */
  readonly active: boolean;
}

/** A failure's rendering starts like this (describeValue of a Failure); a string value would be quoted. */
export function isFailureText(value: string): boolean {
  return value.startsWith("[Failure");
}

interface MutableLink {
  position: number;
  kind: LinkView["kind"];
  callback: string;
  errback: string;
  line: number | null;
  addedIndex: number;
  run: LinkRun | null;
  waitsOn: number | null;
  handsTo: number | null;
  slot: number | null;
}

/**
 * The Deferred `id` after the event at `cursor`, or null if it was not yet created.
 * @param depth how far to follow "took the result of an already-fired Deferred"; stops runaway recursion.
 */
export function deferredAt(trace: TraceIndex, id: number, cursor: number, depth = 2): DeferredView | null {
  const indices = trace.byDeferred.get(id);
  if (!indices || indices[0]! > cursor) return null;
  const created = trace.events[indices[0]!];
  if (created?.type !== "deferred.created") return null;
  const links: MutableLink[] = [];
  let fired: DeferredView["fired"] = null;
  let result: { value: string; failure: boolean } | null = null;
  let paused = 0;
  let waitingOn: number | null = null;
  const waiters: { id: number; via: "callback" | "chainDeferred" }[] = [];
  let cancelled: DeferredView["cancelled"] = null;
  let reported: string | null = null;
  let handedOn = false;
  let activeLink: number | null = null;
  let next = 0;
  const at = (position: number): MutableLink | undefined => links.find((link) => link.position === position);
  const last = lastAtOrBefore(indices, cursor);
  for (let k = 0; k <= last; k++) {
    const index = indices[k]!;
    const event = trace.events[index]!;
    const here = index === cursor;
    switch (event.type) {
      case "deferred.callbackAdded": {
        const membership = event.callback === "cbDeferred" ? trace.memberOf.get(id)?.find((m) => m.index === index) : undefined;
        links.push({
          position: event.index,
          kind: membership ? "slot" : "pair",
          callback: event.callback,
          errback: event.errback,
          line: event.location?.line ?? null,
          addedIndex: index,
          run: null,
          waitsOn: null,
          handsTo: membership?.list ?? null,
          slot: membership?.slot ?? null,
        });
        if (here) activeLink = event.index;
        break;
      }
      case "deferred.fired":
        fired = { side: event.side, value: event.value, line: event.location?.line ?? null, index, time: event.time };
        result = { value: event.value, failure: event.side === "errback" };
        handedOn = false;
        break;
      case "deferred.invoked": {
        let link = at(event.index);
        if (!link) {
          // A pair the trace did not announce (the engine's own): show it anyway.
          link = { position: event.index, kind: "pair", callback: event.side === "callback" ? event.fn : "?", errback: event.side === "errback" ? event.fn : "?", line: null, addedIndex: index, run: null, waitsOn: null, handsTo: null, slot: null };
          links.push(link);
        }
        const failed = event.outcome === "failure" || event.outcome === "raised";
        let then: Side = failed ? "errback" : "callback";
        result = { value: event.output, failure: failed };
        if (event.outcome === "deferred") {
          const inner = innerOf(trace, indices, k, id);
          if (inner !== null && !inner.chained) {
            // An already-fired Deferred: the chain takes its result at once.
            const taken = depth > 0 ? deferredAt(trace, inner.id, index, depth - 1) : null;
            const value = taken?.result ?? takenFrom(trace, indices, k);
            if (value) {
              result = value;
              then = value.failure ? "errback" : "callback";
            }
          }
        }
        link.run = { side: event.side, fn: event.fn, input: event.input, output: event.output, outcome: event.outcome, index, then };
        next = Math.max(next, event.index + 1);
        if (here) activeLink = event.index;
        break;
      }
      case "deferred.paused":
      case "deferred.unpaused":
        paused = event.paused;
        break;
      case "deferred.chained":
        if (event.deferred === id) {
          waitingOn = event.to;
          paused = event.paused;
          if (event.via === "callback") {
            const returning = links.reduce<MutableLink | null>((found, link) => (link.run && (!found || link.run.index > found.run!.index) ? link : found), null);
            if (returning) returning.waitsOn = event.to;
          }
        } else {
          waiters.push({ id: event.deferred, via: event.via });
          if (event.via === "callback") {
            // Twisted's hand-back pair goes after the pairs added so far; it is not announced by callbackAdded.
            const position = links.reduce((max, link) => Math.max(max, link.position + 1), 0);
            links.push({ position, kind: "continue", callback: "hand back", errback: "hand back", line: null, addedIndex: index, run: null, waitsOn: null, handsTo: event.deferred, slot: null });
            if (here) activeLink = position;
          }
        }
        break;
      case "deferred.chainResult":
        if (event.deferred === id) {
          const link = links.find((l) => l.kind === "continue" && l.handsTo === event.to && l.run === null);
          const failure = isFailureText(event.value);
          if (link) {
            link.run = { side: failure ? "errback" : "callback", fn: "hand back", input: event.value, output: event.value, outcome: failure ? "failure" : "value", index, then: failure ? "errback" : "callback" };
            next = Math.max(next, link.position + 1);
            if (here) activeLink = link.position;
          }
          result = null;
          handedOn = true;
        } else {
          result = { value: event.value, failure: isFailureText(event.value) };
          paused = event.paused;
          waitingOn = null;
        }
        break;
      case "deferred.cancelled":
        cancelled = { index, line: event.location?.line ?? null };
        break;
      case "deferred.unhandled":
        reported = event.failure;
        break;
      case "deferred.created":
        break;
    }
  }
  links.sort((a, b) => a.position - b.position);
  const ranAll = links.every((link) => link.run !== null);
  const track: Side | null = result ? (result.failure ? "errback" : "callback") : null;
  // Flagged the moment it happens: a Failure, nothing left to run, nothing waiting to take it.
  const leftFailing = result !== null && result.failure && ranAll && paused === 0 && waitingOn === null;
  const unhandled = leftFailing || reported !== null ? { failure: result?.value ?? reported ?? "", reported: reported !== null } : null;
  const status: DeferredStatus =
    fired === null && result === null
      ? "unfired"
      : waitingOn !== null
        ? "waiting"
        : paused > 0
          ? "paused"
          : handedOn
            ? "handed-on"
            : !ranAll
              ? "running"
              : unhandled
                ? "unhandled"
                : result?.failure
                  ? "failed"
                  : "succeeded";
  const members = (trace.listMembers.get(id) ?? [])
    .filter((membership) => membership.index <= cursor)
    .map((membership) => ({ id: membership.member, slot: membership.slot, result: slotResult(trace, membership.member, membership.index, cursor) }));
  const memberOf = (trace.memberOf.get(id) ?? []).filter((m) => m.index <= cursor).map((m) => ({ list: m.list, slot: m.slot }));
  return {
    id,
    kind: created.kind,
    hasCanceller: created.hasCanceller,
    line: created.location?.line ?? null,
    createdIndex: indices[0]!,
    createdTime: created.time,
    fired,
    links: links.map((link) => ({ ...link })),
    result,
    track,
    paused,
    waitingOn,
    waiters,
    cancelled,
    unhandled,
    members,
    memberOf,
    status,
    activeLink,
    active: trace.byDeferred.get(id)?.[last] === cursor,
  };
}

/** After an invoked event with outcome "deferred": the inner Deferred, and whether the chain then waited on it. */
function innerOf(trace: TraceIndex, indices: readonly number[], k: number, id: number): { id: number; chained: boolean } | null {
  const invoked = trace.events[indices[k]!] as Extract<TraceEvent, { type: "deferred.invoked" }>;
  const match = /#(\d+)/.exec(invoked.output);
  if (!match) return null;
  const inner = Number(match[1]);
  const following = trace.events[indices[k + 1] ?? -1];
  const chained = following?.type === "deferred.chained" && following.deferred === id && following.to === inner;
  return { id: inner, chained };
}

/** The result taken from an already-fired Deferred, read from the next link's input when the inner one cannot be folded. */
function takenFrom(trace: TraceIndex, indices: readonly number[], k: number): { value: string; failure: boolean } | null {
  for (let j = k + 1; j < indices.length; j++) {
    const event = trace.events[indices[j]!];
    if (event?.type === "deferred.invoked") return { value: event.input, failure: isFailureText(event.input) };
  }
  return null;
}

/** What a DeferredList member handed to its slot by `cursor`, or null if it has not yet. */
function slotResult(trace: TraceIndex, member: number, addedIndex: number, cursor: number): { value: string; failure: boolean } | null {
  const indices = trace.byDeferred.get(member) ?? [];
  const added = trace.events[addedIndex];
  if (added?.type !== "deferred.callbackAdded") return null;
  for (const index of indices) {
    if (index > cursor) break;
    const event = trace.events[index]!;
    if (event.type === "deferred.invoked" && event.index === added.index) return { value: event.input, failure: isFailureText(event.input) };
  }
  return null;
}
