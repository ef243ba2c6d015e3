/** task.Clock, IDelayedCall, LoopingCall and deferLater (twin of clock_scenarios.py). */
import { Deferred } from "../../engine/twisted/internet/defer-core";
import type { DelayedCall } from "../../engine/twisted/internet/delayed-call";
import { AlreadyCalled, AlreadyCancelled } from "../../engine/twisted/internet/error";
import { Clock, LoopingCall, deferLater } from "../../engine/twisted/internet/task";
import { AssertionError, ValueError } from "../../engine/twisted/python/builtins";
import { scenario, show } from "./harness";

export const clockScenarios = [
  scenario("calls due at the same time run in the order they were scheduled", (log) => {
    const clock = new Clock();
    for (const name of ["a", "b", "c", "d"]) clock.callLater(1, log, `ran ${name}`);
    clock.callLater(0.5, log, "ran early");
    clock.advance(1);
  }),

  scenario("advance runs calls in time order, including ones scheduled on the way", (log) => {
    const clock = new Clock();
    clock.callLater(2, () => {
      log(`first at ${show(clock.seconds())}`);
      clock.callLater(0, log, "zero-delay from first");
      clock.callLater(1, log, "one later from first");
      clock.callLater(5, log, "too late for this advance");
    });
    clock.callLater(3, log, "second");
    clock.advance(3);
    log(`now=${show(clock.seconds())} pending=${show(clock.getDelayedCalls().length)}`);
  }),

  scenario("a cancelled call does not run; cancelling again raises AlreadyCancelled", (log) => {
    const clock = new Clock();
    const call = clock.callLater(1, log, "must not run");
    log(`active=${show(call.active())}`);
    call.cancel();
    log(`active=${show(call.active())} cancelled=${show(call.cancelled)}`);
    try {
      call.cancel();
    } catch (e) {
      if (e instanceof AlreadyCancelled) log(`raised ${e.name}`);
    }
    clock.advance(2);
  }),

  scenario("cancelling or resetting a call that ran raises AlreadyCalled", (log) => {
    const clock = new Clock();
    const call = clock.callLater(1, log, "ran");
    clock.advance(1);
    log(`active=${show(call.active())} called=${show(call.called)}`);
    for (const action of ["cancel", "reset", "delay"] as const) {
      try {
        if (action === "cancel") call.cancel();
        else call[action](1);
      } catch (e) {
        if (e instanceof AlreadyCalled) log(`${action} raised ${e.name}`);
      }
    }
  }),

  scenario("reset moves a call relative to now", (log) => {
    const clock = new Clock();
    const a = clock.callLater(5, log, "a");
    const b = clock.callLater(3, log, "b");
    clock.advance(1);
    a.reset(1);
    log(`a time=${show(a.getTime())}`);
    b.reset(10);
    log(`b time=${show(b.getTime())}`);
    clock.advance(2);
    log("at 3");
    clock.advance(10);
  }),

  scenario("delay postpones a call by an amount", (log) => {
    const clock = new Clock();
    const a = clock.callLater(2, log, "a");
    clock.callLater(3, log, "b");
    a.delay(2);
    log(`a time=${show(a.getTime())}`);
    clock.advance(5);
  }),

  scenario("a reset call keeps its place among calls due at the same time", (log) => {
    const clock = new Clock();
    const a = clock.callLater(1, log, "a");
    clock.callLater(2, log, "b");
    a.reset(2);
    clock.callLater(2, log, "c");
    clock.advance(2);
  }),

  scenario("getDelayedCalls lists waiting calls by time", (log) => {
    const clock = new Clock();
    clock.callLater(3, log, "x");
    clock.callLater(1, log, "y");
    const c = clock.callLater(2, log, "z");
    c.cancel();
    log(`times=${show(clock.getDelayedCalls().map((call) => call.getTime()))}`);
  }),

  scenario("callLater passes arguments to the function", (log) => {
    const clock = new Clock();
    clock.callLater(1, (a: number, b: string) => log(`got ${show(a)} ${show(b)}`), 1, "two");
    clock.advance(1);
  }),

  scenario("pump advances by each amount in turn", (log) => {
    const clock = new Clock();
    for (const t of [1, 2, 3]) clock.callLater(t, () => log(`ran ${show(t)} at ${show(clock.seconds())}`));
    clock.pump([0.5, 1, 1, 1]);
    log(`now=${show(clock.seconds())}`);
  }),

  scenario("LoopingCall runs at start and then every interval", (log) => {
    const clock = new Clock();
    const loop = new LoopingCall(() => log(`tick at ${show(clock.seconds())}`));
    loop.clock = clock;
    loop.start(2);
    clock.advance(2);
    clock.advance(2);
    clock.advance(1);
    log(`running=${show(loop.running)}`);
  }),

  scenario("LoopingCall with now=False waits one interval first", (log) => {
    const clock = new Clock();
    const loop = new LoopingCall(() => log(`tick at ${show(clock.seconds())}`));
    loop.clock = clock;
    loop.start(1, false);
    log("started");
    clock.advance(1);
    clock.advance(1);
  }),

  scenario("LoopingCall skips the intervals it missed", (log) => {
    const clock = new Clock();
    const loop = new LoopingCall(() => log(`tick at ${show(clock.seconds())}`));
    loop.clock = clock;
    loop.start(1);
    clock.advance(3.5);
    clock.advance(0.5);
    clock.advance(1);
  }),

  scenario("stopping a LoopingCall fires its Deferred with the LoopingCall", (log) => {
    const clock = new Clock();
    const loop = new LoopingCall(() => log("tick"));
    loop.clock = clock;
    const d = loop.start(1);
    d.addCallback((r) => (log(`done with ${show(r)} same=${show(r === loop)}`), r));
    clock.advance(1);
    loop.stop();
    log(`running=${show(loop.running)} pending=${show(clock.getDelayedCalls().length)}`);
    clock.advance(5);
  }),

  scenario("a LoopingCall whose function raises stops and errbacks", (log) => {
    const clock = new Clock();
    let count = 0;
    const loop = new LoopingCall(() => {
      count += 1;
      log(`tick ${show(count)}`);
      if (count === 2) throw new ValueError("loop failed");
    });
    loop.clock = clock;
    const d = loop.start(1);
    d.addErrback((f) => (log(`eb got ${show(f)} running=${show(loop.running)}`), null));
    clock.advance(1);
    clock.advance(1);
    log(`pending=${show(clock.getDelayedCalls().length)}`);
  }),

  scenario("a LoopingCall waits for the Deferred its function returns", (log) => {
    const clock = new Clock();
    const pending: Deferred[] = [];
    const loop = new LoopingCall(() => {
      log(`tick at ${show(clock.seconds())}`);
      const d = new Deferred();
      pending.push(d);
      return d;
    });
    loop.clock = clock;
    loop.start(1);
    clock.advance(3);
    log("no more ticks while waiting");
    clock.advance(0.5);
    pending[0]!.callback(null);
    log(`pending calls=${show(clock.getDelayedCalls().map((c: DelayedCall) => c.getTime()))}`);
    clock.advance(0.5);
  }),

  scenario("LoopingCall.withCount counts the intervals that passed", (log) => {
    const clock = new Clock();
    const loop = LoopingCall.withCount((n) => log(`count ${show(n)} at ${show(clock.seconds())}`));
    loop.clock = clock;
    loop.start(1);
    clock.advance(1);
    clock.advance(3);
    clock.advance(1);
  }),

  scenario("starting a running LoopingCall raises, and so does stopping a stopped one", (log) => {
    const clock = new Clock();
    const loop = new LoopingCall(() => null);
    loop.clock = clock;
    loop.start(1);
    try {
      loop.start(1);
    } catch (e) {
      if (e instanceof AssertionError) log(`start raised ${e.name}: ${e.message}`);
    }
    loop.stop();
    try {
      loop.stop();
    } catch (e) {
      if (e instanceof AssertionError) log(`stop raised ${e.name}: ${e.message}`);
    }
    try {
      new LoopingCall(() => null).start(-1);
    } catch (e) {
      if (e instanceof ValueError) log(`negative interval raised ${e.name}`);
    }
  }),

  scenario("LoopingCall.reset restarts the interval from now", (log) => {
    const clock = new Clock();
    const loop = new LoopingCall(() => log(`tick at ${show(clock.seconds())}`));
    loop.clock = clock;
    loop.start(2);
    clock.advance(1.5);
    loop.reset();
    clock.advance(1);
    clock.advance(1);
  }),

  scenario("a LoopingCall stopped from inside its function fires after the call", (log) => {
    const clock = new Clock();
    const loop: LoopingCall = new LoopingCall(() => {
      log("tick");
      loop.stop();
      log("stopped inside");
    });
    loop.clock = clock;
    const d = loop.start(1);
    d.addCallback(() => log("deferred fired"));
    log(`after start running=${show(loop.running)}`);
  }),

  scenario("a LoopingCall with interval 0 runs again within the same advance", (log) => {
    const clock = new Clock();
    let count = 0;
    const loop: LoopingCall = new LoopingCall(() => {
      count += 1;
      log(`tick ${show(count)} at ${show(clock.seconds())}`);
      if (count === 3) loop.stop();
    });
    loop.clock = clock;
    loop.start(0);
    log(`pending=${show(clock.getDelayedCalls().map((c) => c.getTime()))}`);
    clock.advance(0);
    log(`running=${show(loop.running)}`);
  }),

  scenario("deferLater fires with the callable's result after the delay", (log) => {
    const clock = new Clock();
    const d = deferLater(clock, 2, (a: number) => (log(`called with ${show(a)}`), a * 2), 21);
    d.addCallback((r) => (log(`result ${show(r)} at ${show(clock.seconds())}`), r));
    clock.advance(1);
    log(`at 1 called=${show(d.called)}`);
    clock.advance(1);
    const e = deferLater(clock, 1);
    clock.advance(1);
    log(`without callable=${show(e.result)}`);
  }),

  scenario("a Clock accepts a negative delay: the call is due at once", (log) => {
    const clock = new Clock();
    clock.callLater(1, log, "positive");
    const call = clock.callLater(-1, log, "negative");
    log(`time=${show(call.getTime())}`);
    clock.advance(0);
    log("after advance(0)");
    clock.advance(1);
  }),

  scenario("a call reset to an equal time keeps the place it had in the list, not its scheduling order", (log) => {
    const clock = new Clock();
    clock.callLater(2, log, "a");
    const b = clock.callLater(1, log, "b");
    b.reset(2);
    const c = clock.callLater(3, log, "c");
    clock.callLater(1, log, "d");
    c.reset(1);
    log(`calls=${show(clock.getDelayedCalls().map((call) => call.getTime()))}`);
    clock.advance(2);
  }),

  scenario("calls reset between two sorts are placed by their order in the list at the last sort", (log) => {
    const clock = new Clock();
    const a = clock.callLater(2, log, "a");
    const b = clock.callLater(3, log, "b");
    clock.callLater(1, log, "c");
    b.reset(1);
    a.reset(1);
    const d = clock.callLater(1, log, "d");
    d.delay(0);
    clock.advance(1);
  }),

  scenario("a delayed call keeps its place ahead of calls already due at its new time", (log) => {
    const clock = new Clock();
    const a = clock.callLater(1, log, "a");
    clock.callLater(2, log, "b");
    a.delay(1);
    clock.callLater(2, log, "c");
    clock.advance(2);
  }),
];
