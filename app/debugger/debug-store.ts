/**
 * The debugger's page-side store: the run's recorded trace (append-only, as
 * the runner streams it), the cursor over it, and the step the runner is
 * asked for when the cursor reaches the end. Stepping inside the trace only
 * moves the cursor: nothing re-runs. React reads immutable snapshots through
 * useSyncExternalStore.
 */
import {
  TraceIndex,
  debugStateAt,
  nextStop,
  stopInNewEvents,
  timelineMarkers,
  parseTraceEvent,
  TraceRowDecoder,
  type UntrustedRows,
  type DebugState,
  type RunnerRequest,
  type StepKind,
  type TimelineMarkers,
  type TraceEvent,
} from "../../engine";

/** Ticks the timeline draws at most. */
const TIMELINE_BUCKETS = 240;
/** How often new trace events are shown while they stream in. */
const LIVE_PUBLISH_MS = 50;

export interface DebugSnapshot {
  /** True once a run was started in this session: there is a trace to show. */
  readonly recorded: boolean;
  /** The cursor follows the end of the trace while the run goes on live. */
  readonly following: boolean;
  /** The runner holds the run: virtual time stands still until Step or Run. */
  readonly paused: boolean;
  /** The run is alive in the runner and could run one more event. */
  readonly canStep: boolean;
  /** The run can still be continued or stepped (it was not stopped or replaced). */
  readonly live: boolean;
  /** Waiting for the runner to pause or step. */
  readonly busy: boolean;
  /** The Deferred the learner picked, or null to follow the current step's. */
  readonly picked: number | null;
  readonly state: DebugState;
  readonly markers: TimelineMarkers;
  /** The source the recorded run was started with. */
  readonly source: string | null;
  /** Its lines (line n is sourceLines[n - 1]), to name anonymous functions by their text. */
  readonly sourceLines: readonly string[];
  /**
   * The recording reached its limit (its last event is trace.limitReached):
   * the run may go on, but nothing more of it is recorded or can be stepped to.
   */
  readonly full: boolean;
  /** When the recording became full, in virtual seconds. */
  readonly fullAt: number;
}

type Pending =
  | { readonly kind: "step"; readonly step: "event" | "line"; readonly from: number; acked: boolean }
  | { readonly kind: "pause"; acked: boolean };

const EMPTY_INDEX = new TraceIndex();
const EMPTY: DebugSnapshot = {
  recorded: false,
  following: false,
  paused: false,
  canStep: false,
  live: false,
  busy: false,
  picked: null,
  state: debugStateAt(EMPTY_INDEX, -1),
  markers: timelineMarkers(EMPTY_INDEX, TIMELINE_BUCKETS),
  source: null,
  sourceLines: [],
  full: false,
  fullAt: 0,
};

export class DebugStore {
  private trace = new TraceIndex();
  /** Rebuilds the run's events from the recorder rows the runner sends. */
  private decoder = new TraceRowDecoder();
  private cursor = -1;
  private following = false;
  private paused = false;
  private canStep = false;
  private live = false;
  private recorded = false;
  private picked: number | null = null;
  private pending: Pending | null = null;
  /** Run requests sent whose "started" has not come back: trace events until then belong to an older run. */
  private runsStarting = 0;
  /** Whether trace events are taken: not after Stop, whose fresh world is not this run's. */
  private accepting = false;
  private source: string | null = null;
  private sourceLines: string[] = [];
  private snapshot: DebugSnapshot = EMPTY;
  private markers: TimelineMarkers = EMPTY.markers;
  private markersLength = 0;
  private readonly listeners = new Set<() => void>();
  /** A publish waiting to coalesce the trace batches of a live run. */
  private publishTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the last snapshot was published (performance.now()). */
  private publishedAt = 0;

  /** @param send passes a request to the runner (the lesson session's runner). */
  constructor(private readonly send: (request: RunnerRequest) => void) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): DebugSnapshot => this.snapshot;

  static readonly initialSnapshot = (): DebugSnapshot => EMPTY;

  /** Stops a pending publish (the page is going away). */
  dispose(): void {
    if (this.publishTimer !== null) clearTimeout(this.publishTimer);
    this.publishTimer = null;
  }

  /** True once the run's recording reached its limit: its last event is trace.limitReached. */
  get full(): boolean {
    return this.trace.events[this.trace.length - 1]?.type === "trace.limitReached";
  }

  /** The trace events so far (for measurements and tests). */
  get events(): readonly TraceEvent[] {
    return this.trace.events;
  }

  /** A new run starts in the runner: forget the old trace. "live" follows the end; "paused" stays at the start. */
  runStarted(source: string, mode: "live" | "paused"): void {
    this.trace = new TraceIndex();
    this.decoder = new TraceRowDecoder();
    this.cursor = -1;
    this.following = mode === "live";
    this.paused = mode === "paused";
    this.canStep = false;
    this.live = true;
    this.recorded = true;
    this.picked = null;
    this.pending = null;
    this.runsStarting++;
    this.accepting = false;
    this.source = source;
    this.sourceLines = source.split("\n");
    this.publish();
  }

  /** The run was stopped, blocked or its runner restarted: keep the trace, take no more of it. */
  runEnded(): void {
    this.live = false;
    this.accepting = false;
    this.paused = false;
    this.canStep = false;
    this.pending = null;
    this.following = false;
    this.publish();
  }

  /** Whether Run should continue this paused run rather than start a new one. */
  canResume(source: string): boolean {
    return this.live && this.paused && this.source === source;
  }

  /** Run continues the paused run live; the cursor follows the end again. */
  resume(): void {
    this.send({ type: "debug", action: "resume" });
    this.paused = false;
    this.following = true;
    this.pending = null;
    this.cursor = this.trace.length - 1;
    this.publish();
  }

  /** Pause freezes the live run; the cursor parks at the end once the runner has stopped. */
  pause(): void {
    if (!this.live || this.paused) return;
    this.send({ type: "debug", action: "pause" });
    this.pending = { kind: "pause", acked: false };
    this.publish();
  }

  /**
   * Moves the cursor by one step of `kind`. At the end of the trace, a
   * forward step asks the live run for one more reactor event.
   * @returns false when there was nowhere to go.
   */
  step(kind: StepKind): boolean {
    if (this.pending) return false;
    const target = nextStop(this.trace, Math.max(0, this.cursor), kind);
    if (target !== null) {
      this.moveTo(target);
      return true;
    }
    if (kind === "back-event" || kind === "back-line") return false;
    // The runner would run on, but nothing it does is recorded any more: the debugger could not show that step.
    if (this.live && this.canStep && !this.full) {
      this.send({ type: "debug", action: "step" });
      this.pending = { kind: "step", step: kind, from: this.trace.length, acked: false };
      this.paused = true;
      this.following = false;
      this.publish();
      return true;
    }
    if (this.cursor < this.trace.length - 1) {
      this.moveTo(this.trace.length - 1);
      return true;
    }
    return false;
  }

  /** Puts the cursor on event `index` (the slider, "who scheduled this?"). At the end of a live run, follows it again. */
  moveTo(index: number): void {
    const last = this.trace.length - 1;
    this.cursor = Math.max(0, Math.min(index, last));
    this.following = this.live && !this.paused && this.cursor === last;
    this.publish();
  }

  /** Shows Deferred `id` in the chain view; null follows the current step's Deferred. */
  pick(id: number | null): void {
    this.picked = id;
    this.publish();
  }

  /**
   * Picks the Deferred created on `line` (the latest one created by the cursor).
   * @returns whether one was found.
   */
  pickLine(line: number): boolean {
    const ids = this.trace.createdOnLine.get(line);
    if (!ids) return false;
    let found: number | null = null;
    for (const id of ids) {
      const created = this.trace.byDeferred.get(id)?.[0];
      if (created !== undefined && created <= this.cursor) found = id;
    }
    if (found === null) return false;
    this.pick(found);
    return true;
  }

  /** The lines that created a Deferred by the cursor, for the editor's markers. */
  deferredLines(): number[] {
    const lines: number[] = [];
    for (const [line, ids] of this.trace.createdOnLine) {
      const created = this.trace.byDeferred.get(ids[0]!)?.[0];
      if (created !== undefined && created <= this.cursor) lines.push(line);
    }
    return lines;
  }

  // Runner events, in the order the runner sends them.

  /** "started": the run asked for last has begun; its trace follows. */
  receiveStarted(): void {
    this.runsStarting = Math.max(0, this.runsStarting - 1);
    if (this.runsStarting === 0 && this.live) this.accepting = true;
  }

  /** "trace": new events (a JSON array), validated one by one; a malformed one is dropped. */
  receiveTrace(json: string): void {
    if (!this.accepting) return;
    let events: unknown;
    try {
      events = JSON.parse(json);
    } catch {
      return;
    }
    if (!Array.isArray(events)) return;
    const parsed: TraceEvent[] = [];
    for (const raw of events) {
      const event = parseTraceEvent(raw);
      if (event !== null) parsed.push(event);
    }
    this.take(parsed);
  }

  /** "trace-rows": new events as recorder rows, rebuilt (and checked) by this run's decoder. */
  receiveTraceRows(rows: UntrustedRows): void {
    if (!this.accepting) return;
    this.take(this.decoder.decode(rows));
  }

  /** Appends well-formed events, in seq order (any that go backwards are dropped). */
  private take(events: readonly TraceEvent[]): void {
    const valid: TraceEvent[] = [];
    const last = this.trace.events[this.trace.length - 1];
    for (const event of events) {
      const previous = valid[valid.length - 1] ?? last;
      if (previous && event.seq <= previous.seq) continue;
      valid.push(event);
    }
    if (valid.length === 0) return;
    this.trace.append(valid);
    if (this.following || this.cursor < 0) this.cursor = this.following ? this.trace.length - 1 : 0;
    // A live run can send hundreds of batches a second: show them a few times a second, not each.
    this.publishTimer ??= setTimeout(() => this.publish(), LIVE_PUBLISH_MS);
  }

  /** "debug-state": whether the runner holds the run and has more to step into. */
  receiveDebugState(paused: boolean, canStep: boolean): void {
    this.paused = paused;
    this.canStep = canStep;
    if (this.pending) this.pending.acked = true;
    this.publish();
  }

  /** "idle": the runner finished a batch (after any trace it sent): a requested step or pause has landed. */
  receiveIdle(): void {
    const pending = this.pending;
    if (!pending?.acked) {
      // The runner finished a batch: show its trace now, not at the next live tick, unless one was shown just now.
      if (this.publishTimer !== null && performance.now() - this.publishedAt >= LIVE_PUBLISH_MS) this.publish();
      return;
    }
    this.pending = null;
    this.following = false;
    if (pending.kind === "pause") this.cursor = this.trace.length - 1;
    else this.cursor = stopInNewEvents(this.trace, pending.from, pending.step) ?? this.trace.length - 1;
    this.publish();
  }

  private publish(): void {
    if (this.publishTimer !== null) clearTimeout(this.publishTimer);
    this.publishTimer = null;
    this.publishedAt = performance.now();
    if (this.markersLength !== this.trace.length || this.trace.length === 0) {
      this.markers = timelineMarkers(this.trace, TIMELINE_BUCKETS);
      this.markersLength = this.trace.length;
    }
    this.snapshot = {
      recorded: this.recorded,
      following: this.following,
      paused: this.paused,
      canStep: this.canStep,
      live: this.live,
      busy: this.pending !== null,
      picked: this.picked,
      state: keepUnchangedLists(debugStateAt(this.trace, this.cursor, { deferred: this.picked, sourceLines: this.sourceLines }), this.snapshot.state),
      markers: this.markers,
      source: this.source,
      sourceLines: this.sourceLines,
      full: this.full,
      fullAt: this.full ? (this.trace.events[this.trace.length - 1]?.time ?? 0) : 0,
    };
    for (const listener of this.listeners) listener();
  }
}

/**
 * `state` with each list that holds the same entries as in `previous` (the
 * Deferreds in the picker, the delayed calls, the output, the unhandled
 * Failures) replaced by the previous one, so a step redraws only the lists
 * it changed: views compare them by identity.
 */
export function keepUnchangedLists(state: DebugState, previous: DebugState): DebugState {
  const deferreds = sameEntries(state.deferreds, previous.deferreds, (a, b) => a.id === b.id && a.kind === b.kind && a.line === b.line);
  const pending = sameEntries(state.pending, previous.pending, (a, b) => a.call === b.call && a.at === b.at && a.scheduledIndex === b.scheduledIndex);
  const output = sameEntries(state.output, previous.output, (a, b) => a.index === b.index && a.text === b.text && a.stream === b.stream);
  const unhandled = sameEntries(state.unhandled, previous.unhandled, (a, b) => a.id === b.id && a.failure === b.failure && a.reported === b.reported && a.line === b.line);
  if (deferreds === state.deferreds && pending === state.pending && output === state.output && unhandled === state.unhandled) return state;
  return { ...state, deferreds, pending, output, unhandled };
}

/** `previous` when it holds the same entries as `next` in the same order; otherwise `next`. */
function sameEntries<T>(next: readonly T[], previous: readonly T[], same: (a: T, b: T) => boolean): readonly T[] {
  if (next.length !== previous.length) return next;
  for (let i = 0; i < next.length; i++) if (!same(next[i]!, previous[i]!)) return next;
  return previous;
}
