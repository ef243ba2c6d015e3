/** Callback chains: order, errbacks, chaining, pausing (twin of chain_scenarios.py). */
import { fail, maybeDeferred, succeed } from "../../engine/twisted/internet/defer-basics";
import { Deferred } from "../../engine/twisted/internet/defer-core";
import { AlreadyCalledError } from "../../engine/twisted/internet/defer-errors";
import { AssertionError, ValueError } from "../../engine/twisted/python/builtins";
import { Failure } from "../../engine/twisted/python/failure";
import { KeyError, divide, flushUnhandled, scenario, show } from "./harness";

export const chainScenarios = [
  scenario("callbacks run in order, each getting the previous result", (log) => {
    const d = new Deferred<number>();
    d.addCallback((x: number) => (log(`cb1 got ${show(x)}`), x + 1));
    d.addCallback((x: number) => (log(`cb2 got ${show(x)}`), x * 10));
    log("before fire");
    d.callback(1);
    log(`result=${show(d.result)}`);
  }),

  scenario("addCallback passes extra arguments after the result", (log) => {
    const d = new Deferred<number>();
    d.addCallback((x: number, a: number, b: number) => (log(`cb got ${show(x)} ${show(a)} ${show(b)}`), x + a + b), 2, 3);
    d.callback(1);
    log(`result=${show(d.result)}`);
  }),

  scenario("a raising callback switches to the errback chain", (log) => {
    const d = new Deferred<number>();
    d.addCallback(() => divide(1, 0));
    d.addCallback(() => log("not reached"));
    d.addErrback((f) => (log(`eb got ${show(f)}`), "recovered"));
    d.addCallback((x) => (log(`cb after eb got ${show(x)}`), x));
    d.callback(1);
    log(`result=${show(d.result)}`);
  }),

  scenario("an errback returning a value switches back to the callback chain", (log) => {
    const d = new Deferred();
    d.addErrback((f) => (log(`eb1 got ${show(f)}`), 7));
    d.addErrback(() => log("eb2 not reached"));
    d.addCallback((x) => (log(`cb got ${show(x)}`), x));
    d.errback(new ValueError("boom"));
    log(`result=${show(d.result)}`);
  }),

  scenario("addBoth sees results and failures alike", (log) => {
    const d = new Deferred<string>();
    d.addBoth((r) => (log(`both1 got ${show(r)}`), new ValueError("as value")));
    d.addBoth((r) => (log(`both2 got ${show(r)}`), r));
    d.callback("x");
    const e = new Deferred();
    e.addBoth((r) => (log(`both3 got ${show(r)}`), "fine"));
    e.errback(new KeyError("k"));
    log(`results=${show([d.result, e.result])}`);
  }),

  scenario("callbacks added after firing run at once", (log) => {
    const d = succeed(5);
    log("fired");
    d.addCallback((x) => (log(`late cb got ${show(x)}`), x + 1));
    log(`after add result=${show(d.result)}`);
  }),

  scenario("a callback returning a Failure goes to the errback chain without raising", (log) => {
    const d = new Deferred<number>();
    d.addCallback(() => new Failure(new ValueError("returned")));
    d.addCallbacks(() => log("cb not reached"), (f: Failure) => (log(`eb got ${show(f)}`), null));
    d.callback(0);
    log(`result=${show(d.result)}`);
  }),

  scenario("addCallbacks passes callbackArgs and errbackArgs", (log) => {
    const d = new Deferred<number>();
    d.addCallbacks(
      (x: number, a: string) => (log(`cb ${show(x)} ${show(a)}`), x),
      () => log("eb not reached"),
      ["A"],
      ["B"],
    );
    d.addCallback(() => divide(1, 0));
    d.addCallbacks(
      () => log("cb not reached"),
      (f: Failure, b: string) => (log(`eb ${show(f)} ${show(b)}`), null),
      ["A"],
      ["B"],
    );
    d.callback(1);
  }),

  scenario("firing twice raises AlreadyCalledError and keeps the first result", (log) => {
    const d = new Deferred<number>();
    d.callback(1);
    try {
      d.callback(2);
    } catch (e) {
      if (e instanceof AlreadyCalledError) log(`second callback raised ${e.name}`);
    }
    try {
      d.errback(new ValueError("late"));
    } catch (e) {
      if (e instanceof AlreadyCalledError) log(`errback after callback raised ${e.name}`);
    }
    log(`result=${show(d.result)} called=${show(d.called)}`);
  }),

  scenario("errback wraps an exception in a Failure", (log) => {
    const d = new Deferred();
    const seen: Failure[] = [];
    d.addErrback((f) => {
      seen.push(f);
    });
    d.errback(new ValueError("wrapped"));
    const f = seen[0]!;
    log(`is Failure: ${show(f instanceof Failure)}`);
    log(`type=${f.type.name} message=${show(f.getErrorMessage())}`);
    log(`check=${show(f.check(KeyError, ValueError) === ValueError)} no match=${show(f.check(KeyError))}`);
  }),

  scenario("trap returns the matching type and passes other failures down", (log) => {
    const d = new Deferred();
    d.addErrback((f) => (log(`trapped ${(f.trap(ValueError) as Function).name}`), "ok"));
    d.errback(new ValueError("v"));
    log(`d result=${show(d.result)}`);
    const e = new Deferred();
    e.addErrback((f) => (f.trap(KeyError), log("not reached")));
    e.addErrback((f) => (log(`next eb got ${show(f)}`), "handled"));
    e.errback(new ValueError("not a key error"));
    log(`e result=${show(e.result)}`);
  }),

  scenario("a callback returning an unfired Deferred pauses the outer chain until it fires", (log) => {
    const inner = new Deferred<number>();
    const outer = new Deferred<number>();
    outer.addCallback((x) => (log(`outer cb1 got ${show(x)}`), inner));
    outer.addCallback((x: number) => (log(`outer cb2 got ${show(x)}`), x + 1));
    outer.callback(1);
    log(`outer paused=${show(outer.paused)} result is inner: ${show(outer.result === inner)}`);
    inner.callback(10);
    log(`outer result=${show(outer.result)} paused=${show(outer.paused)}`);
    log(`inner result=${show(inner.result)}`);
  }),

  scenario("a callback returning a fired Deferred continues at once and leaves None in it", (log) => {
    const inner = succeed("ready");
    const outer = new Deferred();
    outer.addCallback(() => inner);
    outer.addCallback((x) => (log(`outer cb got ${show(x)}`), x));
    outer.callback(null);
    log(`outer=${show(outer.result)} inner=${show(inner.result)}`);
  }),

  scenario("a failing inner Deferred sends the outer chain to its errbacks", (log) => {
    const inner = new Deferred();
    const outer = new Deferred();
    outer.addCallback(() => inner);
    outer.addCallbacks(() => log("not reached"), (f: Failure) => (log(`outer eb got ${show(f)}`), "saved"));
    outer.callback(0);
    inner.errback(new ValueError("inner failed"));
    log(`outer=${show(outer.result)} inner=${show(inner.result)}`);
  }),

  scenario("callbacks added to the inner Deferred after chaining see None", (log) => {
    const inner = new Deferred();
    const outer = new Deferred();
    outer.addCallback(() => inner);
    outer.callback(0);
    inner.addCallback((x) => (log(`inner late cb got ${show(x)}`), "late"));
    inner.callback("value");
    log(`outer=${show(outer.result)} inner=${show(inner.result)}`);
  }),

  scenario("a paused Deferred returned from a callback holds the outer chain", (log) => {
    const inner = succeed(3);
    inner.pause();
    const outer = new Deferred();
    outer.addCallback(() => inner);
    outer.addCallback((x) => (log(`outer got ${show(x)}`), x));
    outer.callback(0);
    log(`outer waiting: ${show(outer.result instanceof Deferred)}`);
    inner.unpause();
    log(`outer=${show(outer.result)}`);
  }),

  scenario("pause holds callbacks until a matching number of unpauses", (log) => {
    const d = new Deferred<string>();
    d.pause();
    d.pause();
    d.addCallback((x) => (log(`cb got ${show(x)}`), x));
    d.callback("p");
    log(`after callback paused=${show(d.paused)}`);
    d.unpause();
    log(`after one unpause paused=${show(d.paused)}`);
    d.addCallback((x: string) => (log(`cb2 got ${show(x)}`), x + "!"));
    d.unpause();
    log(`result=${show(d.result)}`);
  }),

  scenario("unpausing a Deferred that has not fired runs nothing", (log) => {
    const d = new Deferred<number>();
    d.addCallback((x) => (log(`cb got ${show(x)}`), x));
    d.pause();
    d.unpause();
    log(`called=${show(d.called)}`);
    d.callback(1);
  }),

  scenario("chainDeferred fires the second Deferred with the first's result and leaves None", (log) => {
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    b.addCallback((x) => (log(`b got ${show(x)}`), x));
    a.chainDeferred(b);
    a.addCallback((x) => (log(`a after chain got ${show(x)}`), x));
    a.callback("shared");
    log(`a=${show(a.result)} b=${show(b.result)}`);
  }),

  scenario("chainDeferred passes a failure to the second Deferred", (log) => {
    const a = new Deferred();
    const b = new Deferred();
    a.chainDeferred(b);
    b.addErrback((f) => (log(`b eb got ${show(f)}`), "b handled"));
    a.errback(new KeyError("k"));
    log(`a=${show(a.result)} b=${show(b.result)}`);
  }),

  scenario("maybeDeferred wraps values, exceptions, Failures and Deferreds", (log) => {
    log(`value: ${show(maybeDeferred(() => 4).result)}`);
    const d = maybeDeferred(() => divide(1, 0));
    log(`exception: ${show(d.result)}`);
    d.addErrback(() => null);
    const d2 = maybeDeferred(() => new Failure(new ValueError("f")));
    log(`failure: ${show(d2.result)}`);
    d2.addErrback(() => null);
    const inner = new Deferred();
    log(`deferred is same: ${show(maybeDeferred(() => inner) === inner)}`);
    log(`args: ${show(maybeDeferred((a: number, b: number) => a - b, 10, 4).result)}`);
  }),

  scenario("Deferreds returned three levels deep resume in the right order", (log) => {
    const [d1, d2, d3] = [new Deferred(), new Deferred(), new Deferred()];
    const top = new Deferred();
    top.addCallback(() => (log("top cb1"), d1));
    top.addCallback((x) => (log(`top cb2 got ${show(x)}`), x));
    d1.addCallback((x) => (log(`d1 cb got ${show(x)}`), d2));
    d2.addCallback((x) => (log(`d2 cb got ${show(x)}`), d3));
    top.callback(0);
    d1.callback(1);
    d2.callback(2);
    log(`before d3 top=${show(top.result instanceof Deferred)}`);
    d3.callback(3);
    log(`top=${show(top.result)} d1=${show(d1.result)} d2=${show(d2.result)} d3=${show(d3.result)}`);
  }),

  scenario("a callback that adds a callback to its own Deferred runs it next", (log) => {
    const d = new Deferred<number>();
    d.addCallback((x: number) => {
      log(`first got ${show(x)}`);
      d.addCallback((y: number) => (log(`added during run got ${show(y)}`), y + 1));
      return x + 1;
    });
    d.addCallback((x: number) => (log(`second got ${show(x)}`), x + 1));
    d.callback(0);
    log(`result=${show(d.result)}`);
  }),

  scenario("firing another Deferred from inside a callback runs its chain at once", (log) => {
    const a = new Deferred<number>();
    const b = new Deferred<number>();
    b.addCallback((x) => (log(`b cb got ${show(x)}`), x));
    a.addCallback((x) => (log("a cb1 fires b"), b.callback(x * 2), x));
    a.addCallback((x) => (log(`a cb2 got ${show(x)}`), x));
    a.callback(21);
  }),

  scenario("callback refuses a Deferred as its result", (log) => {
    const d = new Deferred<unknown>();
    try {
      d.callback(new Deferred());
    } catch (e) {
      if (e instanceof AssertionError) log(`raised ${e.name}`);
    }
    log(`called=${show(d.called)}`);
  }),

  scenario("the result attribute follows the chain", (log) => {
    const d = new Deferred<number>();
    log(`before: called=${show(d.called)}`);
    d.addCallback((x) => x * 2);
    d.callback(4);
    log(`after fire: ${show(d.result)}`);
    d.addCallback(() => null);
    log(`after None cb: ${show(d.result)}`);
    d.addCallback(() => [1, [2, 3]]);
    log(`after list cb: ${show(d.result)}`);
  }),

  scenario("an unhandled failure is reported once its Deferred is dropped", (log) => {
    fail(new ValueError("nobody handles me"));
    log("holding");
    flushUnhandled(log);
    log("after flush");
  }),

  scenario("a failure handled later is not reported", (log) => {
    const d = fail(new ValueError("handled later"));
    d.addErrback((f) => log(`handled ${show(f)}`));
    flushUnhandled(log);
  }),

  scenario("an errback that traps the wrong type leaves the failure unhandled", (log) => {
    const d = fail(new KeyError("k"));
    d.addErrback((f) => f.trap(ValueError));
    flushUnhandled(log);
  }),

  scenario("a failure passed to a waiting Deferred is reported there, not in the inner one", (log) => {
    const inner = new Deferred();
    const outer = new Deferred();
    outer.addCallback(() => inner);
    outer.callback(0);
    inner.errback(new ValueError("moves to outer"));
    log(`inner=${show(inner.result)}`);
    flushUnhandled(log);
  }),
];
