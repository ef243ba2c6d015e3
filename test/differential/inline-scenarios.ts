/** inlineCallbacks, ensureDeferred and await (twin of inline_scenarios.py). */
import { fail, succeed } from "../../engine/twisted/internet/defer-basics";
import { Deferred } from "../../engine/twisted/internet/defer-core";
import { NotACoroutineError } from "../../engine/twisted/internet/defer-errors";
import { ensureDeferred, inlineCallbacks, returnValue } from "../../engine/twisted/internet/defer-inline";
import { ValueError } from "../../engine/twisted/python/builtins";
import { KeyError, drainMicrotasks, scenario, show } from "./harness";

export const inlineScenarios = [
  scenario("inlineCallbacks continues at once past Deferreds that have fired", (log) => {
    const work = inlineCallbacks(function* () {
      const a: number = yield succeed(1);
      log(`got a=${show(a)}`);
      const b: number = yield succeed(2);
      log(`got b=${show(b)}`);
      return a + b;
    });
    const d = work();
    log(`after call result=${show(d.result)}`);
  }),

  scenario("inlineCallbacks waits for an unfired Deferred and resumes when it fires", (log) => {
    const waited = new Deferred<number>();
    const work = inlineCallbacks(function* () {
      log("start");
      const x: number = yield waited;
      log(`resumed with ${show(x)}`);
      return x * 2;
    });
    const d = work();
    log(`after call called=${show(d.called)}`);
    waited.callback(21);
    log(`after fire result=${show(d.result)}`);
  }),

  scenario("a failure is thrown into the generator, which can catch it", (log) => {
    const work = inlineCallbacks(function* () {
      try {
        yield fail(new ValueError("thrown in"));
      } catch (e) {
        if (e instanceof ValueError) log(`caught ${show(e)}`);
      }
      return "recovered";
    });
    log(`result=${show(work().result)}`);
  }),

  scenario("an exception escaping the generator fails its Deferred", (log) => {
    const waited = new Deferred();
    const work = inlineCallbacks(function* () {
      yield waited;
      throw new KeyError("escaped");
    });
    const d = work();
    d.addErrback((f) => (log(`eb got ${show(f)}`), null));
    waited.callback(null);
  }),

  scenario("an uncaught failure from a yielded Deferred fails the generator's Deferred", (log) => {
    const waited = new Deferred();
    const work = inlineCallbacks(function* () {
      yield waited;
      log("not reached");
    });
    const d = work();
    d.addErrback((f) => (log(`eb got ${show(f)}`), null));
    waited.errback(new ValueError("from waited"));
  }),

  scenario("returnValue ends the generator with a value", (log) => {
    const work = inlineCallbacks(function* () {
      yield succeed(null);
      returnValue("via returnValue");
      log("not reached");
    });
    log(`result=${show(work().result)}`);
  }),

  scenario("yielding a plain value gives it straight back", (log) => {
    const work = inlineCallbacks(function* () {
      const x: number = yield 5;
      const y: number[] = yield [1, 2];
      return [x, y];
    });
    log(`result=${show(work().result)}`);
  }),

  scenario("a yielded Deferred is left holding None", (log) => {
    const fired = succeed("value");
    const pending = new Deferred<string>();
    const work = inlineCallbacks(function* () {
      yield fired;
      yield pending;
    });
    work();
    pending.callback("later");
    log(`fired=${show(fired.result)} pending=${show(pending.result)}`);
  }),

  scenario("inlineCallbacks functions can wait on each other", (log) => {
    const gate = new Deferred();
    const inner = inlineCallbacks(function* (n: number) {
      log(`inner start ${show(n)}`);
      yield gate;
      return n * 10;
    });
    const outer = inlineCallbacks(function* () {
      const a: number = yield inner(1);
      log(`outer got ${show(a)}`);
      const b: number = yield inner(2);
      log(`outer got ${show(b)}`);
      return a + b;
    });
    const d = outer();
    log("before gate");
    gate.callback(null);
    log(`result=${show(d.result)}`);
  }),

  scenario("inlineCallbacks passes arguments through", (log) => {
    const add = inlineCallbacks(function* (a: number, b: number) {
      const x: number = yield succeed(a);
      return x + b;
    });
    log(`result=${show(add(3, 4).result)}`);
  }),

  scenario("a generator that returns at once fires with its value", (log) => {
    const work = inlineCallbacks(function* () {
      if (Math.random() > 2) yield null;
      return "immediate";
    });
    log(`result=${show(work().result)}`);
  }),

  scenario("a long run of fired Deferreds does not grow the stack", (log) => {
    const work = inlineCallbacks(function* () {
      let total = 0;
      for (let i = 0; i < 5000; i++) total += (yield succeed(i)) as number;
      return total;
    });
    log(`result=${show(work().result)}`);
  }),

  scenario("an exception inside the generator before any yield fails the Deferred", (log) => {
    const work = inlineCallbacks(function* () {
      if (Math.random() < 2) throw new ValueError("early");
      yield null;
    });
    const d = work();
    log(`result=${show(d.result)}`);
    d.addErrback(() => null);
  }),

  scenario("ensureDeferred runs a coroutine and fires with its result", async (log) => {
    const waited = new Deferred<number>();
    const work = async () => {
      const x = await waited;
      return x + 1;
    };
    const d = ensureDeferred(work());
    d.addCallback((r) => (log(`result ${show(r)}`), r));
    log(`called=${show(d.called)}`);
    // JavaScript reaches the coroutine's await (waited.then) one microtask later than Python does.
    await drainMicrotasks();
    waited.callback(41);
    await drainMicrotasks();
    log(`waited=${show(waited.result)}`);
  }),

  scenario("awaiting a fired Deferred gives its result and leaves it in place", async (log) => {
    const fired = succeed("kept");
    const d = ensureDeferred((async () => await fired)());
    await drainMicrotasks();
    log(`d=${show(d.result)} fired=${show(fired.result)}`);
  }),

  scenario("awaiting a failed Deferred raises its exception and counts as handling it", async (log) => {
    const failed = fail(new ValueError("awaited"));
    const d = ensureDeferred(
      (async () => {
        try {
          await failed;
        } catch (e) {
          if (e instanceof ValueError) return `caught ${show(e)}`;
        }
        return null;
      })(),
    );
    await drainMicrotasks();
    log(`d=${show(d.result)}`);
    log(`failed still holds ${show(failed.result)}`);
  }),

  scenario("an exception in a coroutine fails the ensureDeferred Deferred", async (log) => {
    const waited = new Deferred();
    const d = ensureDeferred(
      (async () => {
        await waited;
        throw new KeyError("in coroutine");
      })(),
    );
    d.addErrback((f) => (log(`eb got ${show(f)}`), null));
    await drainMicrotasks();
    waited.callback(null);
    await drainMicrotasks();
  }),

  scenario("ensureDeferred returns a Deferred unchanged and refuses other things", (log) => {
    const d = new Deferred();
    log(`same=${show(ensureDeferred(d) === d)}`);
    try {
      ensureDeferred(42 as never);
    } catch (e) {
      if (e instanceof NotACoroutineError) log(`raised ${e.name} is TypeError=${show(e instanceof TypeError)}`);
    }
  }),

  scenario("two coroutines awaiting one Deferred: the second sees what the first left, None", async (log) => {
    const shared = new Deferred<string>();
    const waiter = async (name: string) => {
      const value = await shared;
      log(`${name} got ${show(value)}`);
      return value;
    };
    const first = ensureDeferred(waiter("first"));
    const second = ensureDeferred(waiter("second"));
    await drainMicrotasks();
    shared.callback("once");
    await drainMicrotasks();
    log(`results=${show([first.result, second.result, shared.result])}`);
  }),

  scenario("Deferred.fromCoroutine runs a generator like inlineCallbacks", (log) => {
    const d = Deferred.fromCoroutine(
      (function* () {
        const x: number = yield succeed(20);
        return x + 1;
      })(),
    );
    log(`result=${show(d.result)}`);
  }),

  scenario("a generator keeps going after catching a failure from a Deferred fired later", (log) => {
    const later = new Deferred();
    const work = inlineCallbacks(function* () {
      try {
        yield later;
      } catch (e) {
        if (e instanceof KeyError) log(`caught ${show(e)}`);
      }
      let total = 0;
      for (let i = 0; i < 3; i++) total += (yield succeed(i)) as number;
      return total;
    });
    const d = work();
    later.errback(new KeyError("late"));
    log(`result=${show(d.result)}`);
  }),
];
