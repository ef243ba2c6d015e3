/**
 * The benchmark workloads, each as the engine runs it and as plain
 * JavaScript would do the same job (the native baseline). twisted_bench.py
 * holds the same workloads for CPython Twisted.
 *
 * A workload's `run(n)` does n operations and resolves once they are all
 * complete (for Promises, that includes their microtasks).
 */
import { Deferred, gatherResults, inlineCallbacks, succeed } from "../twisted/internet/defer";
import { Failure } from "../twisted/python/failure";
import { Clock, LoopingCall } from "../twisted/internet/task";
import { LineReceiver } from "../twisted/protocols/basic";

export interface Side {
  /** Does `n` operations (n is ignored by fixed-size workloads, which report their own count). */
  run(n: number): void | Promise<void>;
}

export interface Workload {
  readonly id: string;
  readonly description: string;
  /** What one operation is: "op", "timer", "tick", "line", "byte". */
  readonly unit: string;
  /** For fixed-size workloads: operations per run. */
  readonly fixedOps?: number;
  readonly engine: Side;
  readonly native: Side;
  /** What native baseline means for this row. */
  readonly baseline: string;
}

const inc = (x: number): number => x + 1;
let sunk = 0;
const sink = (x: unknown): void => {
  sunk = typeof x === "number" ? x : sunk + 1;
};
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

const D1: Workload = {
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

const D2: Workload = {
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

const D3: Workload = {
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

const D3p: Workload = {
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

const D3r: Workload = {
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

const D4a: Workload = {
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

const D4b: Workload = {
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

const D5: Workload = {
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

const D5u: Workload = {
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

const D6: Workload = {
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

/** Deterministic delays in [0, 1000): a linear congruential generator, the same sequence as twisted_bench.py. */
function delays(count: number): Float64Array {
  const out = new Float64Array(count);
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (state / 2147483648) * 1000;
  }
  return out;
}

const C1_TIMERS = 100_000;
const c1Delays = delays(C1_TIMERS);
const noop = (): void => {
  sunk++;
};

const C1: Workload = {
  id: "C1",
  description: "100,000 callLater at random delays in [0, 1000) s, then advance(1000)",
  unit: "timer",
  fixedOps: C1_TIMERS,
  baseline: "array of {time, fn}, sorted, each called",
  engine: {
    run() {
      const clock = new Clock();
      for (let i = 0; i < C1_TIMERS; i++) clock.callLater(c1Delays[i]!, noop);
      clock.advance(1000);
    },
  },
  native: {
    run() {
      const calls: { time: number; seq: number; fn: () => void }[] = [];
      for (let i = 0; i < C1_TIMERS; i++) calls.push({ time: c1Delays[i]!, seq: i, fn: noop });
      calls.sort((a, b) => a.time - b.time || a.seq - b.seq);
      for (const call of calls) call.fn();
    },
  },
};

const C2_TICKS = 100_000;

const C2: Workload = {
  id: "C2",
  description: "a LoopingCall(1.0) advanced 100,000 times",
  unit: "tick",
  fixedOps: C2_TICKS,
  baseline: "a loop calling the function and computing the next due time",
  engine: {
    run() {
      const clock = new Clock();
      const loop = new LoopingCall(noop);
      loop.clock = clock;
      loop.start(1.0, false);
      for (let i = 0; i < C2_TICKS; i++) clock.advance(1);
      loop.stop();
    },
  },
  native: {
    run() {
      let now = 0;
      let due = 1;
      for (let i = 0; i < C2_TICKS; i++) {
        now += 1;
        if (due <= now) {
          noop();
          due = now + (1 - (now % 1));
        }
      }
    },
  },
};

class CountingReceiver extends LineReceiver {
  count = 0;
  override lineReceived(): void {
    this.count++;
  }
}

/** 20-byte lines: 18 characters and CRLF. */
function lineStream(bytes: number): string {
  const line = "abcdefghijklmnopqr\r\n";
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

const L1_BYTES = 10 * 1024 * 1024;
const L1_LINES = L1_BYTES / 20;
const l1Chunks: string[] = [];
{
  const stream = lineStream(L1_BYTES);
  for (let i = 0; i < stream.length; i += 4096) l1Chunks.push(stream.slice(i, i + 4096));
}

/** The baseline line splitter: append, split on CRLF, keep the unfinished tail. */
function naiveLines(chunks: readonly string[]): number {
  let buffer = "";
  let count = 0;
  for (const chunk of chunks) {
    buffer += chunk;
    let at: number;
    let from = 0;
    while ((at = buffer.indexOf("\r\n", from)) >= 0) {
      count++;
      from = at + 2;
    }
    buffer = buffer.slice(from);
  }
  return count;
}

const L1: Workload = {
  id: "L1",
  description: "LineReceiver over 10 MiB of 20-byte CRLF lines in 4 KiB chunks",
  unit: "line",
  fixedOps: L1_LINES,
  baseline: "append + indexOf splitter",
  engine: {
    run() {
      const receiver = new CountingReceiver();
      for (const chunk of l1Chunks) receiver.dataReceived(chunk);
      if (receiver.count !== L1_LINES) throw new Error(`L1 counted ${receiver.count} lines`);
    },
  },
  native: {
    run() {
      if (naiveLines(l1Chunks) !== L1_LINES) throw new Error("baseline miscounted");
    },
  },
};

const L2_BYTES = 100 * 1024;
const l2Bytes = [...lineStream(L2_BYTES)];

const L2: Workload = {
  id: "L2",
  description: "100 KiB of 20-byte lines, one byte per dataReceived",
  unit: "byte",
  fixedOps: L2_BYTES,
  baseline: "append + indexOf splitter, one byte at a time",
  engine: {
    run() {
      const receiver = new CountingReceiver();
      for (const byte of l2Bytes) receiver.dataReceived(byte);
      if (receiver.count !== L2_BYTES / 20) throw new Error(`L2 counted ${receiver.count} lines`);
    },
  },
  native: {
    run() {
      naiveLines(l2Bytes);
    },
  },
};

export const workloads: readonly Workload[] = [D1, D2, D3, D3p, D3r, D4a, D4b, D5, D5u, D6, C1, C2, L1, L2];

/** Keeps results observable so the JIT cannot drop the work. */
export function sinkValue(): number {
  return sunk;
}

// The bench runner loads this module as a bundle; tracing must come from the same bundle to share its state.
export { setTraceSink } from "../trace/tracer";
export { TraceRecorder } from "../trace/recorder";
export { runProgram } from "../runtime/program";
