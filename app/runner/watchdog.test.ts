import { describe, expect, it } from "vitest";
import { TICK_MS, Watchdog, type WatchdogTimers } from "./watchdog";

/** Timers the test drives by hand: `fire(lateBy)` runs the pending tick after its delay plus `lateBy` ms. */
function manualTimers() {
  let now = 0;
  let pending: { f: () => void; ms: number } | null = null;
  const timers: WatchdogTimers = {
    setTimeout: (f, ms) => (pending = { f, ms }),
    clearTimeout: () => (pending = null),
    now: () => now,
  };
  return {
    timers,
    get pending() {
      return pending;
    },
    fire(lateBy = 0) {
      const tick = pending!;
      pending = null;
      now += tick.ms + lateBy;
      tick.f();
    },
  };
}

describe("the runner's watchdog", () => {
  it("fires once its budget of on-time ticks has passed", () => {
    const clock = manualTimers();
    let fired = 0;
    const watchdog = new Watchdog(() => fired++, clock.timers);
    watchdog.arm(2500);
    for (let i = 0; i < 2500 / TICK_MS - 1; i++) clock.fire();
    expect(fired).toBe(0);
    clock.fire();
    expect(fired).toBe(1);
    expect(clock.pending).toBeNull();
  });

  it("does not kill a starved worker: ticks that come late (the whole machine is loaded) count as nearly on time", () => {
    const clock = manualTimers();
    let fired = 0;
    const watchdog = new Watchdog(() => fired++, clock.timers);
    watchdog.arm(2500);
    // Five ticks, each two seconds late: ten seconds of wall time, but the page itself had five turns.
    for (let i = 0; i < 5; i++) clock.fire(2000);
    expect(fired).toBe(0);
    expect(watchdog.armed).toBe(true);
  });

  it("stops timing when disarmed, and keeps the first budget when armed twice", () => {
    const clock = manualTimers();
    let fired = 0;
    const watchdog = new Watchdog(() => fired++, clock.timers);
    watchdog.arm(3000);
    watchdog.arm(500);
    expect(watchdog.budgetMs).toBe(3000);
    watchdog.disarm();
    expect(clock.pending).toBeNull();
    expect(fired).toBe(0);
  });
});
