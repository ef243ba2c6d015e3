/**
 * Notices learner code that keeps the reactor from running: an endless loop,
 * or a callback that computes for too long. Instrumented loops and functions
 * call check(); past the budget the guard trips and throws, naming the line.
 * The iteration budget is deterministic; a wall-clock budget applies too when
 * the host supplies a clock (the engine never reads the time itself).
 */
import { EngineAbort } from "../twisted/internet/unhandled";

/** Thrown when a callback blocked the reactor; never swallowed by the engine. */
export class ReactorBlockedError extends EngineAbort {
  constructor(
    readonly line: number,
    readonly reason: "iterations" | "time",
  ) {
    super(`The reactor was blocked at line ${line}`);
    this.name = "ReactorBlockedError";
  }
}

export interface GuardBudget {
  /** Loop iterations and calls allowed within one reactor event. */
  readonly iterations: number;
  /** Milliseconds of real time allowed within one event, when a clock is given. */
  readonly milliseconds: number;
}

export const DEFAULT_BUDGET: GuardBudget = { iterations: 20_000_000, milliseconds: 2000 };

/** How often (in guard calls) the wall clock is read. */
const CLOCK_EVERY = 8192;

export class BlockGuard {
  /** Set once the guard has tripped: every later check throws again, so the code unwinds. */
  tripped: ReactorBlockedError | null = null;
  private count = 0;
  private startedAt = 0;

  constructor(
    private readonly wallClock: (() => number) | null = null,
    private readonly budget: GuardBudget = DEFAULT_BUDGET,
  ) {}

  /** Forgets a trip, so cleanup code (connectionLost on shutdown) may run. */
  reset(): void {
    this.tripped = null;
    this.startEvent();
  }

  /** A new reactor event (or the program's top level) begins. */
  startEvent(): void {
    this.count = 0;
    if (this.wallClock) this.startedAt = this.wallClock();
  }

  /** Called by instrumented code at each loop iteration and function entry. @throws ReactorBlockedError */
  check(line: number): void {
    if (this.tripped) throw this.tripped;
    this.count++;
    if (this.count > this.budget.iterations) this.trip(line, "iterations");
    if (this.wallClock && this.count % CLOCK_EVERY === 0 && this.wallClock() - this.startedAt > this.budget.milliseconds) {
      this.trip(line, "time");
    }
  }

  private trip(line: number, reason: "iterations" | "time"): never {
    this.tripped = new ReactorBlockedError(line, reason);
    throw this.tripped;
  }
}

/** The learner-facing explanation of a blocked reactor. */
export function explainBlocked(error: ReactorBlockedError, file: string): string {
  const how = error.reason === "time" ? "ran for more than two seconds" : "looped millions of times";
  return (
    `${file}, line ${error.line}: your code ${how} without returning to the reactor, so the program was stopped. ` +
    "While a callback runs, nothing else can: no other client is served and no timer fires. " +
    "This is the event loop's cardinal sin: keep callbacks short, and hand long work to a thread (deferToThread) or split it up (callLater, coiterate)."
  );
}
