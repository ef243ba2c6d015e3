/**
 * The debugger's cost on a full trace: records a run until the recorder's
 * 100,000-event cap, then times the pure part of one step (finding the stop
 * and folding the state at it), forward and back, and the memory the trace
 * and its index take. Run with:
 *
 *   node --expose-gc --import tsx engine/bench/debugger.ts
 *
 * Prints numbers from this run on this machine; asserts nothing.
 */
import { performance } from "node:perf_hooks";
import { TraceIndex, debugStateAt, nextStop, type StepKind } from "../debugger";
import { World } from "../runtime/world";
import type { TraceEvent } from "../trace/events";

/** Timers that each create a Deferred with two callbacks, fire it, and sometimes fail. */
export const BUSY_PROGRAM = `import { defer, reactor } from "twisted/internet";
let total = 0;
function tick(i: number) {
  const d = new defer.Deferred<number>();
  d.addCallback((x: number) => x + 1);
  d.addCallback((x: number) => { if (x % 50 === 0) throw new Error("bad " + x); total += x; return x; });
  d.addErrback((f: any) => 0);
  d.callback(i);
}
for (let i = 0; i < 12000; i++) reactor.callLater(i * 0.001, tick, i);
reactor.callLater(30, () => reactor.stop());
reactor.run();`;

const LIMIT = 100_000;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function record(): TraceEvent[] {
  const world = new World({ record: { limit: LIMIT } });
  world.startPaused(BUSY_PROGRAM, "busy.ts");
  while (world.trace.length < LIMIT && world.stepNext());
  // A copy made of plain JSON, as the page receives it from the worker.
  return JSON.parse(JSON.stringify(world.trace)) as TraceEvent[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function time(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
  console.log(`${label.padEnd(34)} n=${String(samples.length).padStart(5)}  median ${fmt(percentile(sorted, 0.5))}  p95 ${fmt(percentile(sorted, 0.95))}  max ${fmt(sorted[sorted.length - 1]!)}`);
}

function main(): void {
  const events = record();
  gc();
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  const trace = new TraceIndex(events);
  const indexing = performance.now() - start;
  gc();
  const withIndex = process.memoryUsage().heapUsed;
  console.log(`trace: ${trace.length.toLocaleString("en-US")} events (last: ${events[events.length - 1]!.type}); indexed in ${indexing.toFixed(1)} ms`);
  console.log(`heap for the index over the trace: ${((withIndex - before) / 1e6).toFixed(1)} MB`);
  const lines = sourceLines();

  for (const kind of ["event", "line", "back-event", "back-line"] as StepKind[]) {
    const samples: number[] = [];
    let cursor = kind.startsWith("back") ? trace.length - 1 : 0;
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      const next = nextStop(trace, cursor, kind);
      if (next === null) break;
      debugStateAt(trace, next, { sourceLines: lines });
      samples.push(performance.now() - t);
      cursor = next;
    }
    time(`step ${kind}`, samples);
  }
  const random: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const cursor = Math.floor(Math.random() * trace.length);
    const t = performance.now();
    debugStateAt(trace, cursor, { sourceLines: lines });
    random.push(performance.now() - t);
  }
  time("jump to a random step (slider)", random);
  const worst: number[] = [];
  for (let k = 1; k < 100; k++) {
    // Just before a checkpoint: the most events to replay.
    const cursor = Math.min(trace.length - 2, k * 1024 - 2);
    const t = performance.now();
    debugStateAt(trace, cursor, { sourceLines: lines });
    worst.push(performance.now() - t);
  }
  time("just before each checkpoint", worst);
  gc();
  console.log(`heap in all: ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB`);
}

function sourceLines(): string[] {
  return BUSY_PROGRAM.split("\n");
}

if (process.argv[1]?.endsWith("debugger.ts")) main();
