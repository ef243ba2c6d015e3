/** Cancellation and timeouts (twin of cancel_scenarios.py). */
import { Deferred } from "../../engine/twisted/internet/defer-core";
import { AlreadyCalledError, CancelledError } from "../../engine/twisted/internet/defer-errors";
import { inlineCallbacks } from "../../engine/twisted/internet/defer-inline";
import { DeferredList } from "../../engine/twisted/internet/defer-list";
import { Clock, deferLater } from "../../engine/twisted/internet/task";
import { ValueError } from "../../engine/twisted/python/builtins";
import { scenario, show } from "./harness";

export const cancelScenarios = [
  scenario("cancel before firing errbacks with CancelledError", (log) => {
    const d = new Deferred();
    d.addErrback((f) => (log(`eb got ${show(f)}`), "cancelled"));
    d.cancel();
    log(`called=${show(d.called)} result=${show(d.result)}`);
  }),

  scenario("cancel calls the canceller, which may fire the Deferred itself", (log) => {
    const d = new Deferred((it) => (log("canceller called"), it.callback("from canceller")));
    d.addBoth((r) => (log(`got ${show(r)}`), r));
    d.cancel();
    log(`result=${show(d.result)}`);
  }),

  scenario("a canceller may errback with its own error", (log) => {
    const d = new Deferred((it) => it.errback(new ValueError("custom cancel")));
    d.addErrback((f) => (log(`eb got ${show(f)}`), null));
    d.cancel();
  }),

  scenario("a canceller that does not fire leads to CancelledError", (log) => {
    const d = new Deferred(() => log("canceller ran"));
    d.addErrback((f) => (log(`eb got ${show(f)}`), null));
    d.cancel();
  }),

  scenario("without a canceller the producer's later callback is swallowed once", (log) => {
    const d = new Deferred();
    d.addErrback((f) => (log(`eb got ${show(f)}`), "x"));
    d.cancel();
    d.callback("late result");
    log(`first late callback ignored, result=${show(d.result)}`);
    try {
      d.callback("second late");
    } catch (e) {
      if (e instanceof AlreadyCalledError) log("second late callback raised AlreadyCalledError");
    }
  }),

  scenario("with a canceller that does not fire, a later callback raises AlreadyCalledError", (log) => {
    const d = new Deferred(() => null);
    d.addErrback(() => null);
    d.cancel();
    try {
      d.callback("late");
    } catch (e) {
      if (e instanceof AlreadyCalledError) log("late callback raised AlreadyCalledError");
    }
  }),

  scenario("cancel after firing does nothing", (log) => {
    const d = new Deferred(() => log("canceller must not run"));
    d.callback(1);
    d.cancel();
    log(`result=${show(d.result)}`);
  }),

  scenario("cancel is forwarded to the Deferred being waited on", (log) => {
    const inner = new Deferred(() => log("inner canceller"));
    const outer = new Deferred(() => log("outer canceller must not run"));
    outer.addCallback(() => inner);
    outer.addErrback((f) => (log(`outer eb got ${show(f)}`), "stopped"));
    outer.callback(0);
    outer.cancel();
    log(`outer=${show(outer.result)} inner=${show(inner.result)}`);
  }),

  scenario("cancelling twice is harmless", (log) => {
    const d = new Deferred();
    d.addErrback((f) => (log(`eb ${show(f)}`), null));
    d.cancel();
    d.cancel();
    log(`result=${show(d.result)}`);
  }),

  scenario("cancelling a DeferredList cancels each member still waiting", (log) => {
    const a = new Deferred(() => log("a canceller"));
    const b = new Deferred();
    const c = new Deferred(() => log("c canceller"));
    b.callback("b done");
    const dl = new DeferredList([a, b, c]);
    dl.cancel();
    log(`result=${show(dl.result)}`);
  }),

  scenario("cancelling a DeferredList that fired does nothing", (log) => {
    const a = new Deferred(() => log("a canceller must not run"));
    const dl = new DeferredList([a], { fireOnOneCallback: true });
    a.callback("first");
    new Deferred(() => log("unrelated"));
    dl.cancel();
    log(`result=${show(dl.result)}`);
  }),

  scenario("cancelling an inlineCallbacks Deferred cancels what it waits on; the generator may recover", (log) => {
    const waited = new Deferred(() => log("waited canceller"));
    const work = inlineCallbacks(function* () {
      try {
        yield waited;
      } catch (e) {
        if (e instanceof CancelledError) log("generator caught CancelledError");
      }
      const result: string = yield "after";
      return result + "!";
    });
    const d = work();
    d.addBoth((r) => (log(`work result ${show(r)}`), r));
    d.cancel();
    log(`final=${show(d.result)}`);
  }),

  scenario("cancelling an inlineCallbacks Deferred that does not catch fails with CancelledError", (log) => {
    const waited = new Deferred();
    const work = inlineCallbacks(function* () {
      yield waited;
      log("not reached");
    });
    const d = work();
    d.addErrback((f) => (log(`eb got ${show(f)}`), null));
    d.cancel();
  }),

  scenario("addTimeout turns a timeout into TimeoutError", (log) => {
    const clock = new Clock();
    const d = new Deferred();
    d.addTimeout(5, clock);
    d.addErrback((f) => (log(`eb got ${show(f)} at ${show(clock.seconds())}`), null));
    clock.advance(4);
    log(`at 4 called=${show(d.called)}`);
    clock.advance(1);
    log(`pending calls=${show(clock.getDelayedCalls().length)}`);
  }),

  scenario("addTimeout is cancelled when the Deferred fires first", (log) => {
    const clock = new Clock();
    const d = new Deferred();
    d.addTimeout(5, clock);
    log(`pending before=${show(clock.getDelayedCalls().length)}`);
    d.callback("in time");
    log(`pending after=${show(clock.getDelayedCalls().length)} result=${show(d.result)}`);
    clock.advance(10);
    log(`result=${show(d.result)}`);
  }),

  scenario("addTimeout uses onTimeoutCancel to decide the result", (log) => {
    const clock = new Clock();
    const d = new Deferred();
    d.addTimeout(2, clock, (result, timeout) => (log(`onTimeoutCancel got ${show(result)} ${show(timeout)}`), "replaced"));
    clock.advance(2);
    log(`result=${show(d.result)}`);
  }),

  scenario("addTimeout keeps the result when the canceller fires it", (log) => {
    const clock = new Clock();
    const d = new Deferred((it) => it.callback("canceller value"));
    d.addTimeout(1, clock);
    clock.advance(1);
    log(`result=${show(d.result)}`);
  }),

  scenario("addTimeout only covers callbacks added before it", (log) => {
    const clock = new Clock();
    const d = new Deferred<number>();
    const inner = new Deferred<number>();
    d.addCallback((x) => (log("before-timeout cb"), x));
    d.addTimeout(3, clock);
    d.addCallback(() => (log("after-timeout cb returns inner"), inner));
    d.callback(1);
    clock.advance(10);
    log(`timer pending=${show(clock.getDelayedCalls().length)} waiting=${show(d.result instanceof Deferred)}`);
    inner.callback(2);
    log(`result=${show(d.result)}`);
  }),

  scenario("cancelling deferLater cancels the delayed call", (log) => {
    const clock = new Clock();
    const d = deferLater(clock, 3, () => log("must not run"));
    d.addErrback((f) => (log(`eb got ${show(f)}`), null));
    log(`pending=${show(clock.getDelayedCalls().length)}`);
    d.cancel();
    log(`pending after cancel=${show(clock.getDelayedCalls().length)}`);
    clock.advance(5);
  }),
];
