/** DeferredList and gatherResults (twin of list_scenarios.py). */
import { fail, succeed } from "../../engine/twisted/internet/defer-basics";
import { Deferred } from "../../engine/twisted/internet/defer-core";
import { FirstError } from "../../engine/twisted/internet/defer-errors";
import { DeferredList, gatherResults } from "../../engine/twisted/internet/defer-list";
import { ValueError } from "../../engine/twisted/python/builtins";
import type { Failure } from "../../engine/twisted/python/failure";
import { KeyError, flushUnhandled, scenario, show } from "./harness";

export const listScenarios = [
  scenario("DeferredList gives (success, result) pairs in the order given", (log) => {
    const [a, b, c] = [new Deferred(), new Deferred(), new Deferred()];
    const dl = new DeferredList([a, b, c]);
    dl.addCallback((r) => (log(`dl got ${show(r)}`), r));
    c.callback("c");
    a.errback(new ValueError("a failed"));
    log(`not yet: ${show(dl.called)}`);
    b.callback("b");
    log(`a after=${show(a.result)}`);
    a.addErrback(() => null);
  }),

  scenario("DeferredList without consumeErrors leaves failures unhandled in the members", (log) => {
    const a = new Deferred();
    const dl = new DeferredList([a]);
    a.errback(new KeyError("k"));
    log(`dl=${show(dl.result)}`);
    flushUnhandled(log);
  }),

  scenario("DeferredList with consumeErrors leaves None in failed members", (log) => {
    const [a, b] = [new Deferred(), new Deferred()];
    const dl = new DeferredList([a, b], { consumeErrors: true });
    a.errback(new ValueError("consumed"));
    b.callback(2);
    log(`dl=${show(dl.result)}`);
    log(`a=${show(a.result)} b=${show(b.result)}`);
  }),

  scenario("fireOnOneCallback fires with the first result and its index", (log) => {
    const [a, b] = [new Deferred(), new Deferred()];
    const dl = new DeferredList([a, b], { fireOnOneCallback: true });
    a.errback(new ValueError("ignored"));
    log(`after failure called=${show(dl.called)}`);
    b.callback("winner");
    log(`dl=${show(dl.result)}`);
    a.addErrback(() => null);
  }),

  scenario("fireOnOneErrback fails with FirstError as soon as one fails", (log) => {
    const [a, b] = [new Deferred(), new Deferred()];
    const dl = new DeferredList([a, b], { fireOnOneErrback: true });
    dl.addErrback((f: Failure) => {
      const error = f.value as FirstError;
      log(`dl eb ${show(f)} index=${show(error.index)} sub=${show(error.subFailure)}`);
      return null;
    });
    b.errback(new ValueError("b failed"));
    a.callback("late");
    log(`resultList=${show(dl.resultList)}`);
    b.addErrback(() => null);
  }),

  scenario("fireOnOneCallback with all failures fires with the full list", (log) => {
    const [a, b] = [new Deferred(), new Deferred()];
    const dl = new DeferredList([a, b], { fireOnOneCallback: true, consumeErrors: true });
    a.errback(new ValueError("one"));
    b.errback(new KeyError("two"));
    log(`dl=${show(dl.result)}`);
  }),

  scenario("an empty DeferredList fires at once with an empty list", (log) => {
    const dl = new DeferredList([]);
    log(`called=${show(dl.called)} result=${show(dl.result)}`);
  }),

  scenario("an empty DeferredList waiting for one callback never fires", (log) => {
    const dl = new DeferredList([], { fireOnOneCallback: true });
    log(`called=${show(dl.called)}`);
  }),

  scenario("a DeferredList of fired Deferreds fires while it is built", (log) => {
    const dl = new DeferredList([succeed(1), fail(new ValueError("x")), succeed(3)], { consumeErrors: true });
    log(`called=${show(dl.called)} result=${show(dl.result)}`);
  }),

  scenario("callbacks added to members after the DeferredList see what it passed on", (log) => {
    const a = new Deferred<number>();
    a.addCallback((x) => (log(`before-list cb got ${show(x)}`), x + 1));
    const dl = new DeferredList([a]);
    a.addCallback((x) => (log(`after-list cb got ${show(x)}`), x));
    a.callback(1);
    log(`dl=${show(dl.result)}`);
  }),

  scenario("gatherResults collects results in order whatever the firing order", (log) => {
    const [a, b, c] = [new Deferred<string>(), new Deferred<string>(), new Deferred<string>()];
    const g = gatherResults([a, b, c]);
    g.addCallback((r) => (log(`gathered ${show(r)}`), r));
    b.callback("b");
    c.callback("c");
    a.callback("a");
  }),

  scenario("gatherResults fails with FirstError on the first failure", (log) => {
    const [a, b] = [new Deferred(), new Deferred()];
    const g = gatherResults([a, b]);
    g.addErrback((f) => (log(`eb ${show(f)} is FirstError=${show(f.check(FirstError) !== null)}`), null));
    b.errback(new ValueError("second one"));
    a.callback("fine");
    log(`b=${show(b.result)}`);
    b.addErrback(() => null);
  }),

  scenario("gatherResults with consumeErrors leaves None in the failed Deferred", (log) => {
    const [a, b] = [new Deferred(), new Deferred()];
    const g = gatherResults([a, b], true);
    g.addErrback((f) => (log(`eb ${show(f)}`), null));
    a.errback(new ValueError("first"));
    b.errback(new KeyError("second"));
    log(`a=${show(a.result)} b=${show(b.result)}`);
  }),

  scenario("gatherResults without consumeErrors reports the member's failure as unhandled", (log) => {
    const a = new Deferred();
    const g = gatherResults([a]);
    g.addErrback((f) => (log(`gather eb ${show(f)}`), null));
    a.errback(new ValueError("leaks"));
    flushUnhandled(log);
  }),

  scenario("gatherResults of an empty list fires with an empty list", (log) => {
    log(`result=${show(gatherResults([]).result)}`);
  }),

  scenario("a DeferredList can wait on a Deferred that is waiting on another", (log) => {
    const inner = new Deferred();
    const outer = new Deferred();
    outer.addCallback(() => inner);
    outer.callback(0);
    const dl = new DeferredList([outer]);
    log(`called=${show(dl.called)}`);
    inner.callback("deep");
    log(`dl=${show(dl.result)} outer=${show(outer.result)}`);
  }),

  scenario("fireOnOneErrback with consumeErrors fails with FirstError and leaves None behind", (log) => {
    const [a, b] = [new Deferred(), new Deferred()];
    const dl = new DeferredList([a, b], { fireOnOneErrback: true, consumeErrors: true });
    dl.addErrback((f) => (log(`dl eb ${show(f)}`), "handled"));
    a.errback(new ValueError("first to fail"));
    b.errback(new KeyError("second"));
    log(`a=${show(a.result)} b=${show(b.result)} dl=${show(dl.result)}`);
    log(`resultList=${show(dl.resultList)}`);
  }),
];
