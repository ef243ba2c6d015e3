import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { World } from "../../runtime/world";
import { AlreadyCalled } from "./error";
import { Clock } from "./task";
import { Timers } from "./timers";

describe("Timers", () => {
  it("takes only calls scheduled before a sequence limit, so the reactor leaves new ones for its next turn", () => {
    let now = 0;
    const timers = new Timers(() => now);
    timers.schedule(0, () => null, []);
    const limit = timers.sequence;
    timers.schedule(0, () => null, []);
    expect(timers.takeDue(now, limit)).not.toBeNull();
    expect(timers.takeDue(now, limit)).toBeNull();
    expect(timers.takeDue(now)).not.toBeNull();
  });

  it("forgets cancelled calls and rebuilds its heap when they pile up", () => {
    const timers = new Timers(() => 0);
    const calls = Array.from({ length: 1000 }, (_, i) => timers.schedule(i, () => null, []));
    for (const call of calls.slice(0, 990)) call.cancel();
    expect(timers.pendingCount).toBe(10);
    expect(timers.pending().map((c) => c.getTime())).toEqual([990, 991, 992, 993, 994, 995, 996, 997, 998, 999]);
    expect(timers.nextTime()).toBe(990);
  });

  it("announces scheduling, resets and cancellations to onChange", () => {
    const timers = new Timers(() => 0);
    const changes: string[] = [];
    timers.onChange = (_call, change) => changes.push(change);
    const call = timers.schedule(1, () => null, []);
    call.reset(2);
    call.cancel();
    expect(changes).toEqual(["scheduled", "reset", "cancelled"]);
  });

  it("refuses a negative or missing delay", () => {
    const timers = new Timers(() => 0);
    expect(() => timers.schedule(-1, () => null, [])).toThrow(RangeError);
    expect(() => timers.schedule(Number.NaN, () => null, [])).toThrow(RangeError);
  });
});

/** One step of a random Clock program. */
type Step =
  | { op: "schedule"; delay: number }
  | { op: "cancel"; which: number }
  | { op: "reset"; which: number; delay: number }
  | { op: "delay"; which: number; by: number }
  | { op: "advance"; by: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant("schedule" as const), delay: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ op: fc.constant("cancel" as const), which: fc.nat(40) }),
  fc.record({ op: fc.constant("reset" as const), which: fc.nat(40), delay: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ op: fc.constant("delay" as const), which: fc.nat(40), by: fc.integer({ min: -5, max: 10 }) }),
  fc.record({ op: fc.constant("advance" as const), by: fc.integer({ min: 0, max: 8 }) }),
);

/**
 * The reference: Twisted's own Clock algorithm. Its calls are a list, stably
 * sorted by time when a call is added and before each call runs, but not when
 * one is reset or delayed; advance runs the list from the front.
 */
class ModelClock {
  now = 0;
  /** The list, in its order. */
  calls: { id: number; time: number; done: boolean }[] = [];
  /** Every call ever scheduled, by id. */
  byId: { id: number; time: number; done: boolean }[] = [];
  schedule(id: number, delay: number) {
    const call = { id, time: this.now + delay, done: false };
    this.byId.push(call);
    this.calls.push(call);
    this.sort();
  }
  cancel(id: number) {
    const call = this.byId[id]!;
    call.done = true;
    this.calls.splice(this.calls.indexOf(call), 1);
  }
  advance(by: number, ran: number[]) {
    this.now += by;
    this.sort();
    while (this.calls.length > 0 && this.calls[0]!.time <= this.now) {
      const call = this.calls.shift()!;
      call.done = true;
      ran.push(call.id);
      this.sort();
    }
  }
  private sort() {
    // Array.prototype.sort is stable, as Python's list.sort is.
    this.calls.sort((a, b) => a.time - b.time);
  }
}

describe("the Clock, against Twisted's sorted-list algorithm", () => {
  it("runs random schedules, cancels, resets and delays in the same order", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const clock = new Clock();
        const model = new ModelClock();
        const ran: number[] = [];
        const expected: number[] = [];
        const handles: ReturnType<Clock["callLater"]>[] = [];
        for (const s of steps) {
          if (s.op === "schedule") {
            const id = handles.length;
            handles.push(clock.callLater(s.delay, () => ran.push(id)));
            model.schedule(id, s.delay);
          } else if (s.op === "advance") {
            clock.advance(s.by);
            model.advance(s.by, expected);
          } else {
            const handle = handles[s.which];
            const entry = model.byId[s.which];
            if (!handle || !entry || !handle.active()) continue;
            if (s.op === "cancel") {
              handle.cancel();
              model.cancel(s.which);
            } else if (s.op === "reset") {
              handle.reset(s.delay);
              entry.time = model.now + s.delay;
            } else {
              if (entry.time + s.by < model.now) continue;
              handle.delay(s.by);
              entry.time += s.by;
            }
          }
          expect(ran).toEqual(expected);
          // getDelayedCalls is the list as it stands: not re-sorted after a reset.
          expect(clock.getDelayedCalls().map((c) => c.getTime())).toEqual(model.calls.map((c) => c.time));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("delayed calls", () => {
  it("cannot be reset after they ran", () => {
    const clock = new Clock();
    const call = clock.callLater(1, () => null);
    clock.advance(1);
    expect(() => call.reset(1)).toThrow(AlreadyCalled);
  });

  it("run on the simulated reactor in time order too", () => {
    const world = new World();
    world.start(
      [
        'import { reactor } from "twisted/internet";',
        'reactor.callLater(2, () => console.log("two"));',
        'const one = reactor.callLater(1, () => console.log("one"));',
        'reactor.callLater(1, () => console.log("one again"));',
        "one.reset(3);",
        "reactor.run();",
      ].join("\n"),
      "learner.ts",
    );
    world.advanceTo(5);
    expect(world.output.map((line) => line.text)).toEqual(["one again", "two", "one"]);
  });
});
