"use client";
/**
 * The callback-chain view drawn once, offscreen and invisible, while the page
 * is idle, then taken away. The first step opens the chain panel; the first
 * time Chromium lays out its text it looks up each font size, weight and
 * symbol (✓ ✗ ▼ ◀ ‖ …) through the system's font fallback (an IPC to the
 * browser per lookup: about half of a 20 ms first step on a quiet machine,
 * most of 100-130 ms on a loaded one), and the view's code runs for the first
 * time. Drawn here first, the step pays neither (a step should take < 16 ms).
 *
 * The samples are two made-up chains that between them take every branch
 * of the drawing, the header and the table, so every style and glyph the
 * real view can show has been laid out once.
 */
import { useEffect, useRef } from "react";
import { TraceIndex, debugStateAt, type DebugState, type DeferredView, type LinkView } from "../../engine";
import CallbackChainView from "./CallbackChainView";

/** The sample program's lines, for the anonymous callbacks' names. */
export const SAMPLE_SOURCE = ["const d = getUser(name);", "d.addCallback((user) => user.name);"];

function link(position: number, fields: Partial<LinkView>): LinkView {
  return { position, kind: "pair", callback: "passthru", errback: "passthru", line: 2, addedIndex: position + 1, run: null, waitsOn: null, handsTo: null, slot: null, ...fields };
}

function deferred(id: number, fields: Partial<DeferredView>): DeferredView {
  return {
    id,
    kind: "Deferred",
    hasCanceller: false,
    line: 1,
    createdIndex: 0,
    createdTime: 0,
    fired: null,
    links: [],
    result: null,
    track: null,
    paused: 0,
    waitingOn: null,
    waiters: [],
    cancelled: null,
    unhandled: null,
    members: [],
    memberOf: [],
    status: "unfired",
    activeLink: null,
    active: false,
    ...fields,
  };
}

const run = (side: "callback" | "errback", fn: string, outcome: "value" | "failure" | "raised" | "deferred", then: "callback" | "errback", output: string) => ({ side, fn, input: "'alice'", output, outcome, index: 3, then });

/** A chain whose result crossed to the errback side and back, then waits on another Deferred; it feeds a DeferredList and was cancelled. */
const WAITING = deferred(1, {
  fired: { side: "callback", value: "'alice'", line: 1, index: 2, time: 0.5 },
  links: [
    link(0, { callback: "getUser", run: run("callback", "getUser", "value", "callback", "{'name': 'alice'}") }),
    link(1, { callback: "anonymous", run: run("callback", "anonymous", "raised", "errback", "[Failure KeyError: 'alice']") }),
    link(2, { errback: "recover", run: run("errback", "recover", "value", "callback", "'nobody'") }),
    link(3, { callback: "lookup", run: run("callback", "lookup", "deferred", "callback", "<Deferred #2>"), waitsOn: 2 }),
    link(4, { callback: "format" }),
  ],
  track: "callback",
  paused: 1,
  waitingOn: 2,
  cancelled: { index: 5, line: 2 },
  memberOf: [{ list: 3, slot: 0 }],
  status: "waiting",
});

/** A DeferredList running its chain: fan-in members, a hand-back and a slot link, the current link and the next, and an unhandled Failure at the end. */
const RUNNING = deferred(3, {
  kind: "DeferredList",
  fired: { side: "errback", value: "[Failure ValueError: no]", line: null, index: 4, time: 1.25 },
  links: [
    link(0, { kind: "continue", handsTo: 1, run: run("errback", "passthru", "failure", "errback", "[Failure ValueError: no]") }),
    link(1, { kind: "slot", handsTo: 4, slot: 1 }),
    link(2, { callback: "show", errback: "log.err", run: run("errback", "log.err", "failure", "errback", "[Failure ValueError: no]") }),
    link(3, { callback: "show", errback: "passthru" }),
  ],
  result: { value: "[Failure ValueError: no]", failure: true },
  track: "errback",
  unhandled: { failure: "[Failure ValueError: no]", reported: true },
  members: [
    { id: 1, slot: 0, result: { value: "'nobody'", failure: false } },
    { id: 2, slot: 1, result: { value: "[Failure ValueError: no]", failure: true } },
    { id: 5, slot: 2, result: null },
  ],
  status: "running",
  activeLink: 2,
  active: true,
});

const INNER = deferred(2, { fired: { side: "callback", value: "42", line: 1, index: 6, time: 2 }, result: { value: "42", failure: false }, status: "succeeded" });

function sample(chain: DeferredView, unhandled: DebugState["unhandled"]): DebugState {
  return {
    ...debugStateAt(new TraceIndex(), -1),
    length: 8,
    chain,
    related: [WAITING, INNER, RUNNING],
    deferreds: [WAITING, INNER, RUNNING].map(({ id, kind, line }) => ({ id, kind, line })),
    deferredTotal: 3,
    unhandled,
  };
}

/** The states the rehearsal draws (exported for its test). */
export const SAMPLES: readonly DebugState[] = [sample(WAITING, []), sample(RUNNING, [{ id: 3, line: null, failure: "[Failure ValueError: no]", reported: true }])];

const ignore = () => undefined;

/**
 * Draws the samples, lays them out and calls `onDone` (its parent then takes it away).
 * Inert and hidden: nothing in it can be seen, read, focused or clicked.
 */
export default function ChainRehearsal({ onDone }: { onDone: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Reading a size makes the browser lay the samples out now, while the page is idle.
    void box.current?.getBoundingClientRect();
    onDone();
  }, [onDone]);
  return (
    <div ref={box} className="chain-rehearsal" aria-hidden="true" inert>
      {SAMPLES.map((state) => (
        <CallbackChainView key={state.chain!.id} state={state} sourceLines={SAMPLE_SOURCE} picked={null} onPick={ignore} onMove={ignore} followStep={false} />
      ))}
    </div>
  );
}
