/**
 * The scheduling and line-splitting workloads (C1, C2, L1, L2), as the engine
 * runs them and as plain JavaScript would. twisted_bench.py holds their
 * CPython Twisted twins.
 */
import { Clock, LoopingCall } from "../twisted/internet/task";
import { LineReceiver } from "../twisted/protocols/basic";
import { noop, type Workload } from "./workload";

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

export const C1: Workload = {
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

export const C2: Workload = {
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

export const L1: Workload = {
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

export const L2: Workload = {
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

export const clockAndLineWorkloads: readonly Workload[] = [C1, C2, L1, L2];
