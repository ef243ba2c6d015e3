/**
 * The page's watchdog over a runner worker: fires when the worker has not
 * answered for its budget of time. Only time the page itself was given
 * counts: it ticks every TICK_MS and charges each tick at most two ticks'
 * worth, so when the machine is loaded and every thread (the worker's, the
 * page's) gets its turns late, the watchdog slows down with them instead of
 * killing a worker that is merely starved.
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
  /** The budget the watchdog was last armed with, in milliseconds. */
  budgetMs = 0;

  /** @param onExpired called once the armed budget is used up. */
  constructor(
    private readonly onExpired: () => void,
    private readonly timers: WatchdogTimers = browserTimers,
  ) {}

  get armed(): boolean {
    return this.tick !== null;
  }

  /** Starts timing `ms`, unless the watchdog is already timing something (the first request's budget holds). */
  arm(ms: number): void {
    if (this.armed) return;
    this.budgetMs = ms;
    this.charged = 0;
    this.last = this.timers.now();
    this.schedule();
  }

  disarm(): void {
    if (this.tick !== null) this.timers.clearTimeout(this.tick);
    this.tick = null;
  }

  private schedule(): void {
    this.tick = this.timers.setTimeout(() => this.onTick(), Math.min(TICK_MS, this.budgetMs - this.charged));
  }

  private onTick(): void {
    const now = this.timers.now();
    // A tick that came late means the page was starved too: charge it as if it had come nearly on time.
    this.charged += Math.min(now - this.last, 2 * TICK_MS);
    this.last = now;
    if (this.charged >= this.budgetMs) {
      this.tick = null;
      this.onExpired();
    } else {
      this.schedule();
    }
  }
}
