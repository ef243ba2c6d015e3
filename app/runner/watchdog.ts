/**
 * The page's watchdog over a runner worker: fires when the worker has not
 * answered for its budget of time. Only time the page itself was given
 * counts: it ticks every TICK_MS and charges each tick at most two ticks'
 * worth, so when the machine is loaded and every thread (the worker's, the
 * page's) gets its turns late, the watchdog slows down with them instead of
 * killing a worker that is merely starved.
 *
 * It keeps two budgets. The whole budget bounds the work, however busy the
 * worker says it is. The silence budget applies once the worker has said
 * its learner code is running (a line reached, a heartbeat): from then on,
 * every message counts as a sign of life, and the silence it may keep is
 * short. Learner code the block guard can stop beats every HEARTBEAT_MS
 * (engine/runtime/guard.ts); code stuck in native work (a catastrophic
 * regex, Atomics.wait, a loop inside a built-in) falls silent, and is
 * stopped after the silence budget rather than the whole one.
 */

/** How often the watchdog looks at the clock. */
export const TICK_MS = 100;

export interface WatchdogTimers {
  readonly setTimeout: (f: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  readonly now: () => number;
}

const browserTimers: WatchdogTimers = {
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export class Watchdog {
  private tick: unknown = null;
  private charged = 0;
  private last = 0;
  /** Time charged since the worker was last heard from, once learner code is known to run; null until then. */
  private silent: number | null = null;
  private silenceMs = Infinity;
  /** The budget the watchdog was last armed with, in milliseconds. */
  budgetMs = 0;
  /** Why it last fired: the whole budget was used, or the worker fell silent while running learner code. */
  expiredBy: "budget" | "silence" = "budget";

  /** @param onExpired called once the armed budget is used up. */
  constructor(
    private readonly onExpired: () => void,
    private readonly timers: WatchdogTimers = browserTimers,
  ) {}

  get armed(): boolean {
    return this.tick !== null;
  }

  /**
   * Starts timing `ms`, unless the watchdog is already timing something (the first request's budget holds).
   * @param silenceMs how long the worker may say nothing once learner code is known to run (see heard).
   */
  arm(ms: number, silenceMs = Infinity): void {
    if (this.armed) return;
    this.budgetMs = ms;
    this.silenceMs = silenceMs;
    this.charged = 0;
    this.silent = null;
    this.last = this.timers.now();
    this.schedule();
  }

  /**
   * The worker said something. `running`: it said its learner code is running
   * (a line, a heartbeat), which starts the silence budget; any word restarts it.
   */
  heard(running: boolean): void {
    if (!this.armed) return;
    if (running || this.silent !== null) this.silent = 0;
  }

  disarm(): void {
    if (this.tick !== null) this.timers.clearTimeout(this.tick);
    this.tick = null;
  }

  private schedule(): void {
    const left = Math.min(this.budgetMs - this.charged, this.silent === null ? Infinity : this.silenceMs - this.silent);
    this.tick = this.timers.setTimeout(() => this.onTick(), Math.max(0, Math.min(TICK_MS, left)));
  }

  private onTick(): void {
    const now = this.timers.now();
    // A tick that came late means the page was starved too: charge it as if it had come nearly on time.
    const charge = Math.min(now - this.last, 2 * TICK_MS);
    this.charged += charge;
    if (this.silent !== null) this.silent += charge;
    this.last = now;
    const silenced = this.silent !== null && this.silent >= this.silenceMs;
    if (this.charged >= this.budgetMs || silenced) {
      this.tick = null;
      this.expiredBy = silenced && this.charged < this.budgetMs ? "silence" : "budget";
      this.onExpired();
    } else {
      this.schedule();
    }
  }
}
