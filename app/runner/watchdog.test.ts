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

  it("stops a worker that falls silent once its learner code runs, after the silence budget, not the whole one", () => {
    const clock = manualTimers();
    let fired = 0;
    const watchdog = new Watchdog(() => fired++, clock.timers);
    watchdog.arm(3500, 1200);
    watchdog.heard(true);
    for (let i = 0; i < 1200 / TICK_MS - 1; i++) clock.fire();
    expect(fired).toBe(0);
    clock.fire();
    expect(fired).toBe(1);
    expect(watchdog.expiredBy).toBe("silence");
  });

  it("lets a worker that keeps beating run on to the whole budget", () => {
    const clock = manualTimers();
    let fired = 0;
    const watchdog = new Watchdog(() => fired++, clock.timers);
    watchdog.arm(3500, 1200);
    for (let i = 0; i < 3500 / TICK_MS - 1; i++) {
      if (i % 2 === 0) watchdog.heard(true);
      clock.fire();
    }
    expect(fired).toBe(0);
    clock.fire();
    expect(fired).toBe(1);
    expect(watchdog.expiredBy).toBe("budget");
  });

  it("keeps no silence budget before learner code runs (compiling says nothing), and any later word restarts it", () => {
    const clock = manualTimers();
    let fired = 0;
    const watchdog = new Watchdog(() => fired++, clock.timers);
    watchdog.arm(5000, 1200);
    watchdog.heard(false);
    for (let i = 0; i < 2000 / TICK_MS; i++) clock.fire();
    expect(fired).toBe(0);
    watchdog.heard(true);
    for (let i = 0; i < 600 / TICK_MS; i++) clock.fire();
    watchdog.heard(false);
    for (let i = 0; i < 900 / TICK_MS; i++) clock.fire();
    expect(fired).toBe(0);
  });

  it("does not count a starved page's late ticks as silence", () => {
    const clock = manualTimers();
    let fired = 0;
    const watchdog = new Watchdog(() => fired++, clock.timers);
    watchdog.arm(3500, 1200);
    watchdog.heard(true);
    // Five ticks, each a second late: the page had five turns, 0.2 s each at most.
    for (let i = 0; i < 5; i++) clock.fire(1000);
    expect(fired).toBe(0);
  });
});
