/**
 * The Deferred workloads (D1-D6), as the engine runs them and as plain
 * JavaScript Promises would do the same job. twisted_bench.py holds their
 * CPython Twisted twins.
 */
import { Deferred, gatherResults, inlineCallbacks, succeed } from "../twisted/internet/defer";
import { Failure } from "../twisted/python/failure";
import { sink, type Workload } from "./workload";

const inc = (x: number): number => x + 1;
const passFailure = (f: Failure): Failure => f;
const handled = (): null => null;
const rethrow = (e: unknown): never => {
  throw e;
};
const raiseAnew = (): never => {
  throw new Error("again");
};

/** Ends a batch of Promise work: resolves after `last` settles, so every earlier microtask has run. */
async function settle(last: Promise<unknown> | undefined): Promise<void> {
  if (last) await last.then(undefined, () => undefined);
}

export const D1: Workload = {
  id: "D1",
  description: "create, add one callback, fire",
  unit: "op",
  baseline: "new Promise + then + resolve",
  engine: {
    run(n) {
      for (let i = 0; i < n; i++) {
        const d = new Deferred<number>();
        d.addCallback(inc);
        d.callback(i);
      }
    },
  },
  native: {
    async run(n) {
      let last: Promise<unknown> | undefined;
      for (let i = 0; i < n; i++) {
        let resolve!: (v: number) => void;
        const p = new Promise<number>((r) => (resolve = r));
        last = p.then(inc);
        resolve(i);
      }
      await settle(last);
    },
  },
};

export const D2: Workload = {
  id: "D2",
  description: "nine x => x + 1 callbacks and a sink",
  unit: "op",
  baseline: "promise chain of 10 thens",
  engine: {
    run(n) {
      for (let i = 0; i < n; i++) {
        const d = new Deferred<number>();
        d.addCallback(inc).addCallback(inc).addCallback(inc).addCallback(inc).addCallback(inc);
        d.addCallback(inc).addCallback(inc).addCallback(inc).addCallback(inc).addCallback(sink);
        d.callback(i);
      }
    },
  },
  native: {
    async run(n) {
      let last: Promise<unknown> | undefined;
      for (let i = 0; i < n; i++) {
        let resolve!: (v: number) => void;
        const p = new Promise<number>((r) => (resolve = r));
        last = p.then(inc).then(inc).then(inc).then(inc).then(inc).then(inc).then(inc).then(inc).then(inc).then(sink);
        resolve(i);
      }
      await settle(last);
    },
  },
};

function errbackChain(d: Deferred<unknown>): void {
  for (let j = 0; j < 9; j++) d.addErrback(passFailure);
  d.addErrback(handled);
}

function rejectChain(p: Promise<unknown>): Promise<unknown> {
  return p.catch(rethrow).catch(rethrow).catch(rethrow).catch(rethrow).catch(rethrow)
    .catch(rethrow).catch(rethrow).catch(rethrow).catch(rethrow).catch(handled);
}

export const D3: Workload = {
  id: "D3",
  description: "errback through 9 pass-through errbacks to a handler (new Error each)",
  unit: "op",
  baseline: "rejected promise, 9 rethrowing catches, a handler",
  engine: {
    run(n) {
      for (let i = 0; i < n; i++) {
        const d = new Deferred();
        errbackChain(d);
        d.errback(new Error("boom"));
      }
    },
  },
  native: {
    async run(n) {
      let last: Promise<unknown> | undefined;
      for (let i = 0; i < n; i++) {
        let reject!: (e: unknown) => void;
        const p = new Promise((_, r) => (reject = r));
        last = rejectChain(p);
        reject(new Error("boom"));
      }
      await settle(last);
    },
  },
};

const sharedFailure = new Failure(new Error("shared"));
const sharedError = new Error("shared");

export const D3p: Workload = {
  id: "D3p",
  description: "D3 with one reused Failure",
  unit: "op",
  baseline: "D3's promise chain rethrowing one reused Error",
  engine: {
    run(n) {
      for (let i = 0; i < n; i++) {
        const d = new Deferred();
        errbackChain(d);
        d.errback(sharedFailure);
      }
    },
  },
  native: {
    async run(n) {
      let last: Promise<unknown> | undefined;
      for (let i = 0; i < n; i++) {
        let reject!: (e: unknown) => void;
        const p = new Promise((_, r) => (reject = r));
        last = rejectChain(p);
        reject(sharedError);
      }
      await settle(last);
    },
  },
};

export const D3r: Workload = {
  id: "D3r",
  description: "a raising callback, 9 errbacks each raising anew, a handler",
  unit: "op",
  baseline: "then that throws, 9 catches that throw new Errors, a handler",
  engine: {
    run(n) {
      for (let i = 0; i < n; i++) {
        const d = new Deferred();
        d.addCallback(raiseAnew);
        for (let j = 0; j < 9; j++) d.addErrback(raiseAnew);
        d.addErrback(handled);
        d.callback(i);
      }
    },
  },
  native: {
    async run(n) {
      let last: Promise<unknown> | undefined;
      for (let i = 0; i < n; i++) {
        let resolve!: (v: number) => void;
        const p = new Promise<number>((r) => (resolve = r));
        last = p.then(raiseAnew).catch(raiseAnew).catch(raiseAnew).catch(raiseAnew).catch(raiseAnew)
          .catch(raiseAnew).catch(raiseAnew).catch(raiseAnew).catch(raiseAnew).catch(raiseAnew).catch(handled);
        resolve(i);
      }
      await settle(last);
    },
  },
};

const firedInc = (x: number): Deferred<number> => succeed(x + 1);
const resolvedInc = (x: number): Promise<number> => Promise.resolve(x + 1);

export const D4a: Workload = {
  id: "D4a",
  description: "9 callbacks each returning an already-fired Deferred",
  unit: "op",
  baseline: "9 thens each returning Promise.resolve(x + 1)",
  engine: {
    run(n) {
      for (let i = 0; i < n; i++) {
        const d = new Deferred<number>();
        for (let j = 0; j < 9; j++) d.addCallback(firedInc);
        d.addCallback(sink);
        d.callback(i);
      }
    },
  },
  native: {
    async run(n) {
      let last: Promise<unknown> | undefined;
      for (let i = 0; i < n; i++) {
        let resolve!: (v: number) => void;
        let p: Promise<number> = new Promise<number>((r) => (resolve = r));
        for (let j = 0; j < 9; j++) p = p.then(resolvedInc);
        last = p.then(sink);
        resolve(i);
      }
      await settle(last);
    },
  },
};

export const D4b: Workload = {
  id: "D4b",
  description: "a callback returning an unfired Deferred, fired afterwards",
  unit: "op",
  baseline: "then returning a pending promise, resolved afterwards",
  engine: {
    run(n) {
      for (let i = 0; i < n; i++) {
        const inner = new Deferred<number>();
        const d = new Deferred<number>();
        d.addCallback(() => inner);
        d.addCallback(sink);
        d.callback(i);
        inner.callback(i);
      }
    },
  },
  native: {
    async run(n) {
      let last: Promise<unknown> | undefined;
      for (let i = 0; i < n; i++) {
        let resolveInner!: (v: number) => void;
        const inner = new Promise<number>((r) => (resolveInner = r));
        let resolve!: (v: number) => void;
        const p = new Promise<number>((r) => (resolve = r));
        last = p.then(() => inner).then(sink);
        resolve(i);
        resolveInner(i);
      }
      await settle(last);
    },
  },
};

export const D5: Workload = {
  id: "D5",
  description: "gatherResults over 100 fired Deferreds",
  unit: "op",
  baseline: "Promise.all over 100 Promise.resolve",
  engine: {
    run(n) {
      const list = new Array<Deferred<number>>(100);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < 100; j++) list[j] = succeed(j);
        gatherResults(list).addCallback(sink);
      }
    },
  },
  native: {
    async run(n) {
      let last: Promise<unknown> | undefined;
      const list = new Array<Promise<number>>(100);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < 100; j++) list[j] = Promise.resolve(j);
        last = Promise.all(list).then(sink);
      }
      await settle(last);
    },
  },
};

export const D5u: Workload = {
  id: "D5u",
  description: "gatherResults over 100 unfired Deferreds, fired afterwards",
  unit: "op",
  baseline: "Promise.all over 100 pending promises, resolved afterwards",
  engine: {
    run(n) {
      const list = new Array<Deferred<number>>(100);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < 100; j++) list[j] = new Deferred<number>();
        gatherResults(list).addCallback(sink);
        for (let j = 0; j < 100; j++) list[j]!.callback(j);
      }
    },
  },
  native: {
    async run(n) {
      let last: Promise<unknown> | undefined;
      const list = new Array<Promise<number>>(100);
      const resolvers = new Array<(v: number) => void>(100);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < 100; j++) list[j] = new Promise<number>((r) => (resolvers[j] = r));
        last = Promise.all(list).then(sink);
        for (let j = 0; j < 100; j++) resolvers[j]!(j);
      }
      await settle(last);
    },
  },
};

const sumTen = inlineCallbacks(function* () {
  let total = 0;
  for (let i = 0; i < 10; i++) total += (yield succeed(i)) as number;
  return total;
});

async function sumTenAsync(): Promise<number> {
  let total = 0;
  for (let i = 0; i < 10; i++) total += await Promise.resolve(i);
  return total;
}

export const D6: Workload = {
  id: "D6",
  description: "inlineCallbacks yielding 10 fired Deferreds, returning the sum",
  unit: "op",
  baseline: "async function awaiting 10 resolved promises",
  engine: {
    run(n) {
      for (let i = 0; i < n; i++) sumTen().addCallback(sink);
    },
  },
  native: {
    async run(n) {
      let last: Promise<unknown> | undefined;
      for (let i = 0; i < n; i++) last = sumTenAsync().then(sink);
      await settle(last);
    },
  },
};

export const deferredWorkloads: readonly Workload[] = [D1, D2, D3, D3p, D3r, D4a, D4b, D5, D5u, D6];
