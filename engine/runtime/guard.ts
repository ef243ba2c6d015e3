/**
 * Notices learner code that keeps the reactor from running: an endless loop,
 * a callback that computes for too long, or work that never lets the clock
 * move (a callLater(0) that reschedules itself, an endless coiterate).
 * Instrumented loops and functions call check(); past the budget the guard
 * trips and throws, naming the line. The iteration budgets are
 * deterministic; a wall-clock budget applies too when the host supplies a
 * clock (the engine never reads the time itself).
 */
import { EngineAbort } from "../twisted/internet/unhandled";

/**
 * Why the reactor was stopped: a loop went round too often, one callback ran
 * too long, the loop kept turning at one virtual instant, or one request of
 * the driver (advance the clock, deliver some input) never finished, or the
 * program kept more memory than its host allows (see stopSoon).
 */
export type BlockReason = "iterations" | "time" | "instant" | "busy" | "memory";

/** Thrown when a callback blocked the reactor; never swallowed by the engine. */
export class ReactorBlockedError extends EngineAbort {
  /**
   * @param pausedMs how much of the request's time went by in long gaps between
   *   the guard's clock reads, outside the learner's lines (see BlockGuard.pausedMs).
   */
  constructor(
    readonly line: number,
    readonly reason: BlockReason,
    readonly pausedMs = 0,
  ) {
    super(`The reactor was blocked at line ${line}`);
    this.name = "ReactorBlockedError";
  }
}

/** Thrown by code of a program whose run has ended (a Run or Reset replaced it) when something calls it later. */
export class RunEndedError extends EngineAbort {
  constructor() {
    super("This run of the program has ended: its code does not run any more");
    this.name = "RunEndedError";
  }
}

export interface GuardBudget {
  /** Loop iterations and calls allowed within one reactor event. */
  readonly iterations: number;
  /** Milliseconds of real time allowed within one event, and within one request of the driver, when a clock is given. */
  readonly milliseconds: number;
  /** Reactor events allowed within one request of the driver (one advance of the clock, one input). */
  readonly events: number;
}

export const DEFAULT_BUDGET: GuardBudget = { iterations: 20_000_000, milliseconds: 2000, events: 1_000_000 };

/**
 * How often (in guard calls) the wall clock is read. Often enough that a
 * loop doing a few milliseconds of native work per round still beats its
 * heartbeat in time and is stopped within a fraction of a second of its two
 * seconds, rarely enough not to be felt (a clock read costs tens of
 * nanoseconds).
 */
const CLOCK_EVERY = 64;

/**
 * The least time between two heartbeats (see onHeartbeat). The page stops a
 * runner it has not heard from for several of these (see runner-client.ts),
 * so instrumented code that is merely slow beats well inside that.
 */
export const HEARTBEAT_MS = 200;

/**
 * A gap at least this long between two of the guard's clock reads is time
 * spent outside the learner's lines: in a built-in, or in the garbage
 * collector (seconds of it, once a program holds gigabytes).
 */
const PAUSE_MS = 100;

/**
 * Long pauses (see PAUSE_MS) do not count against the time budget, up to
 * this many budgets of wall time: on a machine loaded far past its cores the
 * worker's thread is often not scheduled for a second or more, and a program
 * doing a few milliseconds of honest work must not be stopped for the
 * machine's business. A program that really blocks is still stopped within
 * this bound, whatever the pauses (a hoard of memory whose garbage collection
 * takes seconds).
 */
const PAUSED_BUDGETS = 3;

/** Line changes reported per request of the driver (see onLineChange): enough for a callback and the helpers it calls. */
const LINE_REPORTS_PER_CALL = 8;

export class BlockGuard {
  /** Set once the guard has tripped: every later check throws again, so the code unwinds. */
  tripped: ReactorBlockedError | RunEndedError | null = null;
  /** The learner's line that last checked in (a function entered, a loop gone round), 0 before any. */
  lastLine = 0;
  private count = 0;
  private startedAt = 0;
  private events = 0;
  private driverStartedAt = 0;
  private lastClockRead = 0;
  /** Time the driver's current request spent in gaps of PAUSE_MS or more between clock reads. */
  private pausedMs = 0;
  /** pausedMs when the current event started. */
  private pausedAtEventStart = 0;
  /**
   * Told the learner's line whenever it changes, a few times per request of
   * the driver: if native code (a catastrophic regex) then holds the thread,
   * whoever watches from outside knows where the program was.
   */
  onLineChange: ((line: number) => void) | null = null;
  /**
   * Called at most every HEARTBEAT_MS while learner code keeps checking in:
   * proof, to whoever watches from outside, that the thread is in learner
   * code the guard can stop, not stuck in native code it cannot.
   */
  onHeartbeat: (() => void) | null = null;
  private lastHeartbeat = 0;
  private reportedLine = 0;
  private retired: RunEndedError | null = null;
  private reportsLeft = 0;

  constructor(
    private readonly wallClock: (() => number) | null = null,
    readonly budget: GuardBudget = DEFAULT_BUDGET,
  ) {}

  /** The program's run has ended: from now on every check throws, whoever calls its code. */
  retire(): void {
    this.retired = new RunEndedError();
    this.tripped = this.retired;
  }

  /** Forgets a trip, so cleanup code (connectionLost on shutdown) may run. */
  reset(): void {
    this.tripped = this.retired;
    this.startDriverCall();
    this.startEvent();
  }

  /** The driver asks for something (run the program, advance the clock, deliver input): its budget starts now. */
  startDriverCall(): void {
    this.events = 0;
    this.reportedLine = 0;
    this.reportsLeft = LINE_REPORTS_PER_CALL;
    this.pausedMs = 0;
    if (this.wallClock) this.driverStartedAt = this.lastClockRead = this.wallClock();
  }

  /**
   * A new reactor event (or the program's top level) begins.
   * @throws ReactorBlockedError when the driver's request has run too many events, or too long.
   */
  startEvent(): void {
    if (this.tripped) throw this.tripped;
    this.count = 0;
    this.events++;
    if (this.events > this.budget.events) this.trip(this.lastLine, "busy");
    if (this.wallClock) {
      this.startedAt = this.readClock();
      this.pausedAtEventStart = this.pausedMs;
      this.beat(this.startedAt);
      if (this.overTime(this.startedAt - this.driverStartedAt, this.pausedMs)) this.trip(this.lastLine, "busy");
    }
  }

  /** Called by instrumented code at each loop iteration and function entry. @throws ReactorBlockedError */
  check(line: number): void {
    if (this.tripped) throw this.tripped;
    this.lastLine = line;
    if (line !== this.reportedLine && this.reportsLeft > 0 && this.onLineChange) {
      this.reportedLine = line;
      this.reportsLeft--;
      this.onLineChange(line);
    }
    this.count++;
    if (this.count > this.budget.iterations) this.trip(line, "iterations");
    if (this.wallClock && this.count % CLOCK_EVERY === 0) {
      const now = this.readClock();
      this.beat(now);
      if (this.overTime(now - this.startedAt, this.pausedMs - this.pausedAtEventStart)) this.trip(line, "time");
    }
  }

  /** Whether `elapsedMs` of wall time, `pausedMs` of it in long pauses, is past the time budget (see PAUSED_BUDGETS). */
  private overTime(elapsedMs: number, pausedMs: number): boolean {
    const budget = this.budget.milliseconds;
    return elapsedMs - pausedMs > budget || elapsedMs > budget * PAUSED_BUDGETS;
  }

  /** The wall clock, adding any long gap since the last read to pausedMs. */
  private readClock(): number {
    const now = this.wallClock!();
    if (now - this.lastClockRead >= PAUSE_MS) this.pausedMs += now - this.lastClockRead;
    this.lastClockRead = now;
    return now;
  }

  private beat(now: number): void {
    if (!this.onHeartbeat || now - this.lastHeartbeat < HEARTBEAT_MS) return;
    this.lastHeartbeat = now;
    this.onHeartbeat();
  }

  /**
   * Stops the program at its next check, without throwing here: for a host
   * that notices trouble in code of its own (an allocation over its memory
   * ceiling), where throwing could leave the engine half-way.
   */
  stopSoon(reason: BlockReason): void {
    this.tripped ??= new ReactorBlockedError(this.lastLine, reason, this.pausedMs);
  }

  /** Stops the program for `reason`, naming the learner's last line. @throws ReactorBlockedError */
  trip(line: number, reason: BlockReason): never {
    this.tripped = new ReactorBlockedError(line, reason, this.pausedMs);
    throw this.tripped;
  }
}

/**
 * The learner-facing explanation of a blocked reactor.
 * @param milliseconds the guard's wall-clock budget, as the learner is told it.
 */
export function explainBlocked(error: ReactorBlockedError, file: string, milliseconds = DEFAULT_BUDGET.milliseconds): string {
  const budget = milliseconds === 2000 ? "two seconds" : `${milliseconds / 1000} seconds`;
  const where = error.line > 0 ? `${file}, line ${error.line}` : file;
  if (error.reason === "instant") {
    return (
      `${where}: the reactor never became idle: its loop kept turning at the same moment of virtual time, ` +
      "because something keeps scheduling new work for right now (a callLater(0, f) where f calls callLater(0, f) again, " +
      "a LoopingCall started with interval 0). The clock cannot move, so no other timer ever fires. The program was stopped. " +
      `The last line of yours that ran is ${error.line || "unknown"}: give the rescheduling a delay, or stop it.`
    );
  }
  if (error.reason === "memory") {
    return (
      `${where}: your program kept more memory than the runner allows, in large arrays and buffers it made and still holds, ` +
      "so it was stopped before it could exhaust the browser's memory. " +
      `The last line of yours that ran is ${error.line || "unknown"}. ` +
      "Keep only what you need: trim a list that only grows, or keep a bounded window of the latest items."
    );
  }
  // Time that went by outside the learner's lines, when it is most of the budget: most likely garbage collection.
  const paused =
    error.pausedMs >= milliseconds / 2
      ? ` Most of that time (${(error.pausedMs / 1000).toFixed(1)} s) went by outside your lines: inside a built-in, or in the browser's ` +
        "garbage collector, which takes seconds when a program holds a great deal of memory (does something of yours only grow?)."
      : "";
  if (error.reason === "busy") {
    return (
      `${where}: the reactor was kept busy without a pause, so the program was stopped: new work kept arriving faster than ` +
      "the simulated clock could move on (an endless task.coiterate or a LoopingCall with a tiny interval?), and the page " +
      `got no turn for more than ${budget}. The last line of yours that ran is ${error.line || "unknown"}. ` +
      "Make the endless work wait between steps (a LoopingCall with a real interval), or give it an end." +
      paused
    );
  }
  const how = error.reason === "time" ? `ran for more than ${budget}` : "looped millions of times";
  return (
    `${where}: your code ${how} without returning to the reactor, so the program was stopped. ` +
    "While a callback runs, nothing else can: no other client is served and no timer fires. " +
    "This is the event loop's cardinal sin: keep callbacks short, and hand long work to a thread (deferToThread) or split it up (callLater, coiterate)." +
    paused
  );
}
