/**
 * A deliberately simple model of N clients each needing the same request
 * served: a wait (for a disk or database: no CPU used) then some computing.
 * Four ways of serving them, each a set of timelines the widget draws.
 */

export type SegmentKind = "queued" | "startup" | "wait" | "compute";

export interface Segment {
  readonly kind: SegmentKind;
  readonly start: number;
  readonly end: number;
}

export interface Lane {
  readonly client: number;
  readonly segments: readonly Segment[];
  /** When this client got its answer. */
  readonly done: number;
}

export type ModelName = "one-at-a-time" | "process-per-connection" | "thread-per-connection" | "event-loop";

export interface ModelResult {
  readonly name: ModelName;
  readonly title: string;
  readonly lanes: readonly Lane[];
  /** When the last client got its answer. */
  readonly finished: number;
  /** Memory the server needs to hold N connections at once, in megabytes. */
  readonly memoryMb: number;
  readonly explanation: string;
}

export interface Scenario {
  readonly clients: number;
  /** Seconds each request waits for I/O. */
  readonly wait: number;
  /** Seconds of computing each request needs. */
  readonly compute: number;
  /** The event loop's callback waits with a blocking call instead of a non-blocking one. */
  readonly blockingCallback: boolean;
}

/** Rough per-connection costs, to compare orders of magnitude, not to benchmark. */
const PROCESS_STARTUP = 0.3;
const MEMORY_PER_PROCESS_MB = 20;
const MEMORY_PER_THREAD_MB = 2;
const MEMORY_PER_EVENT_LOOP_CONNECTION_MB = 0.01;

/** Every model for the scenario, in the order the widget shows them. */
export function modelTimelines(scenario: Scenario): ModelResult[] {
  return [oneAtATime(scenario), processPerConnection(scenario), threadPerConnection(scenario), eventLoop(scenario)];
}

function lane(client: number, segments: Segment[]): Lane {
  const real = segments.filter((s) => s.end > s.start);
  return { client, segments: real, done: real.length ? real[real.length - 1]!.end : 0 };
}

function result(name: ModelName, title: string, lanes: Lane[], memoryMb: number, explanation: string): ModelResult {
  return { name, title, lanes, finished: Math.max(0, ...lanes.map((l) => l.done)), memoryMb, explanation };
}

function serial({ clients, wait, compute }: Scenario): Lane[] {
  const each = wait + compute;
  return Array.from({ length: clients }, (_, i) =>
    lane(i, [
      { kind: "queued", start: 0, end: i * each },
      { kind: "wait", start: i * each, end: i * each + wait },
      { kind: "compute", start: i * each + wait, end: (i + 1) * each },
    ]),
  );
}

function oneAtATime(scenario: Scenario): ModelResult {
  return result(
    "one-at-a-time",
    "One at a time (a blocking server)",
    serial(scenario),
    1,
    "The server waits for each request's I/O before it even looks at the next client. Client N waits for everyone before it.",
  );
}

function processPerConnection({ clients, wait, compute }: Scenario): ModelResult {
  const lanes = Array.from({ length: clients }, (_, i) =>
    lane(i, [
      { kind: "startup", start: 0, end: PROCESS_STARTUP },
      { kind: "wait", start: PROCESS_STARTUP, end: PROCESS_STARTUP + wait },
      { kind: "compute", start: PROCESS_STARTUP + wait, end: PROCESS_STARTUP + wait + compute },
    ]),
  );
  return result(
    "process-per-connection",
    "A process per connection",
    lanes,
    clients * MEMORY_PER_PROCESS_MB,
    "Each client gets its own copy of the server. Waits overlap, but starting a process is slow and every copy costs memory.",
  );
}

/** Waits overlap; the computing parts take turns on one CPU (as under Python's GIL). */
function overlappedWaits({ clients, wait, compute }: Scenario): Lane[] {
  return Array.from({ length: clients }, (_, i) =>
    lane(i, [
      { kind: "wait", start: 0, end: wait },
      { kind: "queued", start: wait, end: wait + i * compute },
      { kind: "compute", start: wait + i * compute, end: wait + (i + 1) * compute },
    ]),
  );
}

function threadPerConnection(scenario: Scenario): ModelResult {
  return result(
    "thread-per-connection",
    "A thread per connection",
    overlappedWaits(scenario),
    scenario.clients * MEMORY_PER_THREAD_MB,
    "Threads share one program, so they are cheaper than processes. Waits overlap; computing takes turns. Shared data needs locks.",
  );
}

function eventLoop(scenario: Scenario): ModelResult {
  if (scenario.blockingCallback) {
    return result(
      "event-loop",
      "One event loop, with a blocking call in a callback",
      serial(scenario),
      1 + scenario.clients * MEMORY_PER_EVENT_LOOP_CONNECTION_MB,
      "One callback waits with a blocking call, so the whole loop waits with it: the event loop is back to one at a time.",
    );
  }
  return result(
    "event-loop",
    "One event loop (the reactor)",
    overlappedWaits(scenario),
    1 + scenario.clients * MEMORY_PER_EVENT_LOOP_CONNECTION_MB,
    "One thread starts every wait without blocking and handles each answer as it arrives. Waits overlap, nothing needs a lock, and a connection costs a few kilobytes.",
  );
}
