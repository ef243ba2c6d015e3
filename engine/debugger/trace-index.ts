/**
 * An append-only index over a recorded trace: where each kind of event is,
 * which events concern each Deferred and each delayed call, and a checkpoint
 * of the pending delayed calls every CHECKPOINT_EVERY events. With it, the
 * state at any cursor is found by binary search plus at most
 * CHECKPOINT_EVERY events of replay, however long the trace is.
 *
 * The index only reads the events; they stay plain JSON (STYLE.md rule 4).
 */
import type { SourceLocation, TraceEvent } from "../trace/events";

/** How many events lie between two checkpoints of the pending delayed calls. */
export const CHECKPOINT_EVERY = 1024;

/** Everything known about one delayed call (reactor.callLater) across the whole trace. */
export interface CallRecord {
  readonly call: number;
  readonly fn: string;
  /** Index of its delayedCall.scheduled event. */
  readonly scheduledIndex: number;
  readonly location: SourceLocation | null;
  /** [index, due time] for the scheduling and for each reset, in order. */
  readonly dueTimes: [number, number][];
  /** Index of the event that ended it (fired or cancelled), or null while pending at the end of the trace. */
  endIndex: number | null;
}

/** A Deferred's place in a DeferredList (gatherResults builds one too). */
export interface ListMembership {
  readonly list: number;
  readonly member: number;
  /** The member's position in the list, from 0. */
  readonly slot: number;
  /** Index of the callbackAdded event that joined them. */
  readonly index: number;
}

/**
 * The pending calls before event `CHECKPOINT_EVERY * k`: parallel arrays of
 * call id and due time, soonest first once `sorted` (a checkpoint is sorted
 * when a step first needs it: a trace of thousands of waiting calls would
 * otherwise sort them all at every checkpoint while it loads).
 */
interface Checkpoint {
  readonly calls: Int32Array;
  readonly dues: Float64Array;
  sorted: boolean;
}

type EventOf<T extends TraceEvent["type"]> = Extract<TraceEvent, { type: T }>;

export class TraceIndex {
  /** The trace, in order. Only ever appended to. */
  readonly events: TraceEvent[] = [];
  /** Indices of `line` events (Step line stops here). */
  readonly lines: number[] = [];
  /** Indices of `reactor.event` events (Step stops here). */
  readonly reactorEvents: number[] = [];
  /** Indices of the events that change what the loop is doing: program start/end, reactor events, idle. */
  readonly loopEvents: number[] = [];
  /** Indices of `reactor.snapshot` events. */
  readonly snapshots: number[] = [];
  /** Indices of `output` events. */
  readonly outputs: number[] = [];
  /** Indices of every `deferred.*` event, to find the Deferred the cursor is busy with. */
  readonly deferredTouches: number[] = [];
  /** Indices of `deferred.created` events: the Deferreds in order of creation. */
  readonly created: number[] = [];
  /** Indices of `deferred.unhandled` events. */
  readonly unhandled: number[] = [];
  /** Indices of `delayedCall.*` events. */
  readonly callEvents: number[] = [];
  /** Per Deferred id: indices of the events that mention it (as `deferred` or as `to`). */
  readonly byDeferred = new Map<number, number[]>();
  /** Per delayed call id: what happened to it. */
  readonly calls = new Map<number, CallRecord>();
  /** Per DeferredList id: its members in slot order. */
  readonly listMembers = new Map<number, ListMembership[]>();
  /** Per member Deferred id: the lists it belongs to. */
  readonly memberOf = new Map<number, ListMembership[]>();
  /** Per learner line: the Deferreds created there, in order. */
  readonly createdOnLine = new Map<number, number[]>();
  private readonly checkpoints: Checkpoint[] = [];
  /** The pending calls after the last event: the fold kept current as events arrive. */
  private readonly pendingNow = new Map<number, number>();
  /** The DeferredList most recently created: DeferredList adds its slot pairs right after it is created. */
  private lastList: number | null = null;

  constructor(events: readonly TraceEvent[] = []) {
    this.append(events);
  }

  get length(): number {
    return this.events.length;
  }

  /**
   * Adds events at the end of the trace, in order.
   * @throws RangeError if an event's seq does not follow the previous one's (events were lost or reordered).
   */
  append(events: readonly TraceEvent[]): void {
    for (const event of events) {
      const index = this.events.length;
      const previous = this.events[index - 1];
      if (previous && event.seq <= previous.seq) throw new RangeError(`trace event seq ${event.seq} after ${previous.seq}`);
      if (index % CHECKPOINT_EVERY === 0) this.checkpoints.push(checkpointOf(this.pendingNow));
      this.events.push(event);
      this.indexEvent(event, index);
    }
  }

  /** The index of the event with sequence number `seq`, or -1 when the trace does not hold it. */
  indexOfSeq(seq: number): number {
    const events = this.events;
    // The recorder numbers its events 0, 1, 2, ...: the index is the seq unless events were dropped.
    if (events[seq]?.seq === seq) return seq;
    let low = 0;
    let high = events.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const found = events[middle]!.seq;
      if (found === seq) return middle;
      if (found < seq) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /**
   * The delayed calls waiting after event `cursor`, as call id to due time.
   * Starts from the checkpoint at or before the cursor and replays only the
   * delayed-call events since.
   */
  pendingAt(cursor: number): Map<number, number> {
    const { checkpoint, changed } = this.sinceCheckpoint(cursor);
    const pending = new Map<number, number>();
    for (let i = 0; i < checkpoint.calls.length; i++) pending.set(checkpoint.calls[i]!, checkpoint.dues[i]!);
    for (const [call, due] of changed) {
      if (due === null) pending.delete(call);
      else pending.set(call, due);
    }
    return pending;
  }

  /**
   * The `limit` delayed calls due soonest after event `cursor` (by due time,
   * then id), and how many are waiting in all. Costs the events since the
   * last checkpoint plus `limit`, however many calls wait.
   */
  soonestPendingAt(cursor: number, limit: number): { soonest: [call: number, due: number][]; total: number } {
    const { checkpoint, changed, from } = this.sinceCheckpoint(cursor);
    let total = checkpoint.calls.length;
    const added: [number, number][] = [];
    for (const [call, due] of changed) {
      const record = this.calls.get(call)!;
      const inCheckpoint = record.scheduledIndex < from && (record.endIndex === null || record.endIndex >= from);
      if (due !== null) {
        added.push([call, due]);
        if (!inCheckpoint) total++;
      } else if (inCheckpoint) total--;
    }
    added.sort(byDue);
    const soonest: [number, number][] = [];
    let a = 0;
    for (let i = 0; i < checkpoint.calls.length && soonest.length < limit; i++) {
      const call = checkpoint.calls[i]!;
      if (changed.has(call)) continue;
      const entry: [number, number] = [call, checkpoint.dues[i]!];
      while (a < added.length && soonest.length < limit && byDue(added[a]!, entry) < 0) soonest.push(added[a++]!);
      if (soonest.length < limit) soonest.push(entry);
    }
    while (a < added.length && soonest.length < limit) soonest.push(added[a++]!);
    return { soonest, total };
  }

  /** The checkpoint at or before `cursor`, and what the delayed-call events since changed: a due time, or null once ended. */
  private sinceCheckpoint(cursor: number): { checkpoint: Checkpoint; changed: Map<number, number | null>; from: number } {
    if (cursor < 0 || this.events.length === 0) return { checkpoint: EMPTY_CHECKPOINT, changed: new Map(), from: 0 };
    const at = Math.min(cursor, this.events.length - 1);
    const k = Math.floor(at / CHECKPOINT_EVERY);
    const from = k * CHECKPOINT_EVERY;
    const changed = new Map<number, number | null>();
    const callEvents = this.callEvents;
    for (let i = firstAtOrAfter(callEvents, from); i < callEvents.length && callEvents[i]! <= at; i++) {
      const event = this.events[callEvents[i]!]!;
      if (event.type === "delayedCall.scheduled" || event.type === "delayedCall.reset") changed.set(event.call, event.at);
      else if (event.type === "delayedCall.fired" || event.type === "delayedCall.cancelled") changed.set(event.call, null);
    }
    return { checkpoint: sortedCheckpoint(this.checkpoints[k]!), changed, from };
  }

  private indexEvent(event: TraceEvent, index: number): void {
    switch (event.type) {
      case "line":
        this.lines.push(index);
        return;
      case "reactor.event":
        this.reactorEvents.push(index);
        this.loopEvents.push(index);
        return;
      case "reactor.idle":
      case "program.started":
      case "program.ended":
        this.loopEvents.push(index);
        return;
      case "reactor.snapshot":
        this.snapshots.push(index);
        return;
      case "output":
        this.outputs.push(index);
        return;
      case "delayedCall.scheduled":
        this.calls.set(event.call, {
          call: event.call,
          fn: event.fn,
          scheduledIndex: index,
          location: event.location,
          dueTimes: [[index, event.at]],
          endIndex: null,
        });
        this.callEvents.push(index);
        applyCall(this.pendingNow, event);
        return;
      // A call whose scheduling this trace lacks (its start was lost on the way) is left out of the delayed calls:
      // every call the index lists has its record.
      case "delayedCall.reset": {
        const record = this.calls.get(event.call);
        if (!record) return;
        record.dueTimes.push([index, event.at]);
        this.callEvents.push(index);
        applyCall(this.pendingNow, event);
        return;
      }
      case "delayedCall.fired":
      case "delayedCall.cancelled": {
        const record = this.calls.get(event.call);
        if (!record) return;
        if (record.endIndex === null) record.endIndex = index;
        this.callEvents.push(index);
        applyCall(this.pendingNow, event);
        return;
      }
      case "deferred.created":
        this.created.push(index);
        if (event.kind === "DeferredList") this.lastList = event.deferred;
        if (event.location) push(this.createdOnLine, event.location.line, event.deferred);
        this.touch(event.deferred, index);
        return;
      case "deferred.callbackAdded":
        if (event.callback === "cbDeferred" && this.lastList !== null) this.joinList(this.lastList, event.deferred, index);
        this.touch(event.deferred, index);
        return;
      case "deferred.chained":
      case "deferred.chainResult":
        this.touch(event.deferred, index);
        if (event.to !== event.deferred) this.touch(event.to, index);
        return;
      case "deferred.unhandled":
        this.unhandled.push(index);
        this.touch(event.deferred, index);
        return;
      case "deferred.fired":
      case "deferred.invoked":
      case "deferred.paused":
      case "deferred.unpaused":
      case "deferred.cancelled":
        this.touch(event.deferred, index);
        return;
      case "input":
      case "trace.limitReached":
        return;
    }
  }

  private touch(deferred: number, index: number): void {
    if (this.deferredTouches[this.deferredTouches.length - 1] !== index) this.deferredTouches.push(index);
    push(this.byDeferred, deferred, index);
  }

  private joinList(list: number, member: number, index: number): void {
    const members = this.listMembers.get(list) ?? [];
    const membership = { list, member, slot: members.length, index };
    members.push(membership);
    this.listMembers.set(list, members);
    push(this.memberOf, member, membership);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function applyCall(pending: Map<number, number>, event: TraceEvent): void {
  switch (event.type) {
    case "delayedCall.scheduled":
    case "delayedCall.reset":
      pending.set(event.call, event.at);
      return;
    case "delayedCall.fired":
    case "delayedCall.cancelled":
      pending.delete(event.call);
      return;
  }
}

/** Soonest first; the older call first when two are due together (the reactor's order). */
function byDue(a: readonly [number, number], b: readonly [number, number]): number {
  return a[1] - b[1] || a[0] - b[0];
}

const EMPTY_CHECKPOINT: Checkpoint = { calls: new Int32Array(0), dues: new Float64Array(0), sorted: true };

/** The pending calls as a checkpoint, in the map's order (sorted on first use). */
function checkpointOf(pending: Map<number, number>): Checkpoint {
  if (pending.size === 0) return EMPTY_CHECKPOINT;
  const calls = new Int32Array(pending.size);
  const dues = new Float64Array(pending.size);
  let i = 0;
  for (const [call, due] of pending) {
    calls[i] = call;
    dues[i++] = due;
  }
  return { calls, dues, sorted: false };
}

/** `checkpoint`, its calls sorted soonest first (in place, once). */
function sortedCheckpoint(checkpoint: Checkpoint): Checkpoint {
  if (checkpoint.sorted) return checkpoint;
  const { calls, dues } = checkpoint;
  const order = Array.from(calls.keys()).sort((a, b) => dues[a]! - dues[b]! || calls[a]! - calls[b]!);
  const sortedCalls = order.map((k) => calls[k]!);
  const sortedDues = order.map((k) => dues[k]!);
  calls.set(sortedCalls);
  dues.set(sortedDues);
  checkpoint.sorted = true;
  return checkpoint;
}

/** In a sorted array of indices: the position of the last one at or before `index`, or -1. */
export function lastAtOrBefore(sorted: readonly number[], index: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! <= index) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** In a sorted array of indices: the position of the first one at or after `index` (the length if none). */
export function firstAtOrAfter(sorted: readonly number[], index: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < index) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The event at `index` if it has type `type`. */
export function eventOf<T extends TraceEvent["type"]>(trace: TraceIndex, index: number, type: T): EventOf<T> | null {
  const event = trace.events[index];
  return event?.type === type ? (event as EventOf<T>) : null;
}
