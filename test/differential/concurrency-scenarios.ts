/** DeferredLock, DeferredSemaphore and DeferredQueue (twin of concurrency_scenarios.py). */
import { Deferred } from "../../engine/twisted/internet/defer-core";
import { DeferredLock, DeferredQueue, DeferredSemaphore } from "../../engine/twisted/internet/defer-concurrency";
import { QueueOverflow, QueueUnderflow } from "../../engine/twisted/internet/defer-errors";
import { AssertionError, ValueError } from "../../engine/twisted/python/builtins";
import { divide, scenario, show } from "./harness";

export const concurrencyScenarios = [
  scenario("a DeferredLock serves one holder at a time, first come first served", (log) => {
    const lock = new DeferredLock();
    for (const name of ["a", "b", "c"]) lock.acquire().addCallback((l) => log(`${name} acquired, locked=${show(l.locked)}`));
    log(`waiting=${show(lock.waiting.length)}`);
    lock.release();
    lock.release();
    lock.release();
    log(`locked=${show(lock.locked)}`);
    try {
      lock.release();
    } catch (e) {
      if (e instanceof AssertionError) log(`release raised ${e.name}`);
    }
  }),

  scenario("DeferredLock.run releases once the function's Deferred fires", (log) => {
    const lock = new DeferredLock();
    const gate = new Deferred<string>();
    const first = lock.run((x: number) => (log(`first runs with ${show(x)}`), gate), 1);
    const second = lock.run(() => (log("second runs"), "two"));
    first.addCallback((r) => (log(`first result ${show(r)}`), r));
    second.addCallback((r) => (log(`second result ${show(r)}`), r));
    log(`locked=${show(lock.locked)}`);
    gate.callback("one");
    log(`locked=${show(lock.locked)}`);
  }),

  scenario("DeferredLock.run releases when the function raises", (log) => {
    const lock = new DeferredLock();
    const d = lock.run(() => divide(1, 0));
    d.addErrback((f) => (log(`eb ${show(f)} locked=${show(lock.locked)}`), null));
  }),

  scenario("cancelling a waiting acquire takes it out of the line", (log) => {
    const lock = new DeferredLock();
    lock.acquire();
    const waiter = lock.acquire();
    waiter.addErrback((f) => (log(`waiter ${show(f)}`), null));
    waiter.cancel();
    log(`waiting=${show(lock.waiting.length)}`);
    lock.release();
    log(`locked=${show(lock.locked)}`);
  }),

  scenario("a DeferredSemaphore lets at most its limit in at once", (log) => {
    const sem = new DeferredSemaphore(2);
    for (const name of ["a", "b", "c", "d"]) sem.acquire().addCallback((s) => log(`${name} in, tokens=${show(s.tokens)}`));
    log(`waiting=${show(sem.waiting.length)}`);
    sem.release();
    sem.release();
    sem.release();
    log(`tokens=${show(sem.tokens)} limit=${show(sem.limit)}`);
    sem.release();
    try {
      sem.release();
    } catch (e) {
      if (e instanceof AssertionError) log(`release raised ${e.name}`);
    }
    try {
      new DeferredSemaphore(0);
    } catch (e) {
      if (e instanceof ValueError) log(`zero tokens raised ${e.name}`);
    }
  }),

  scenario("DeferredSemaphore.run limits concurrent work", (log) => {
    const sem = new DeferredSemaphore(1);
    const gates = [new Deferred<string>(), new Deferred<string>()];
    for (let i = 0; i < 2; i++) {
      sem.run(() => (log(`job ${show(i)} starts`), gates[i]!)).addCallback((r) => log(`job result ${show(r)}`));
    }
    gates[0]!.callback("zero");
    gates[1]!.callback("one");
  }),

  scenario("DeferredQueue hands objects to waiting gets in order", (log) => {
    const q = new DeferredQueue<string>();
    q.get().addCallback((x) => log(`get 1 got ${show(x)}`));
    q.get().addCallback((x) => log(`get 2 got ${show(x)}`));
    q.put("first");
    q.put("second");
    q.put("third");
    log(`pending=${show(q.pending)}`);
    q.get().addCallback((x) => log(`get 3 got ${show(x)}`));
    log(`pending=${show(q.pending)}`);
  }),

  scenario("DeferredQueue enforces size and backlog", (log) => {
    const q = new DeferredQueue<number>(1, 1);
    q.put(1);
    try {
      q.put(2);
    } catch (e) {
      if (e instanceof QueueOverflow) log(`put raised ${e.name}`);
    }
    q.get();
    q.get();
    try {
      q.get();
    } catch (e) {
      if (e instanceof QueueUnderflow) log(`get raised ${e.name}`);
    }
  }),

  scenario("cancelling a DeferredQueue get removes it from the waiters", (log) => {
    const q = new DeferredQueue<string>();
    const d = q.get();
    d.addErrback((f) => (log(`get ${show(f)}`), null));
    d.cancel();
    log(`waiting=${show(q.waiting.length)}`);
    q.put("kept");
    log(`pending=${show(q.pending)}`);
  }),
];
