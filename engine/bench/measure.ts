/**
 * Timing: warm two sides up, then take the median of interleaved samples of
 * each. Time is this process's CPU time (user + system, all its threads, so
 * the garbage collector's helpers count): on a shared machine, wall time
 * mostly measures the neighbours.
 */
import type { Side } from "./workloads";

/** Milliseconds of CPU this process has used. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const SAMPLE_MS = 200;
const SAMPLES = 5;

/** One sample: ops/s while running `side` for about `ms`. */
async function sample(side: Side, ms: number, fixedOps?: number): Promise<number> {
  let n = fixedOps ? 1 : 256;
  let ops = 0;
  const start = cpuMs();
  for (;;) {
    await side.run(n);
    ops += fixedOps ?? n;
    const elapsed = cpuMs() - start;
    if (elapsed >= ms) return (ops / elapsed) * 1000;
    if (!fixedOps && elapsed < ms / 8) n *= 2;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/**
 * Operations per second of `a` and of `b`, sampled alternately (a, b, a, b,
 * ...) so both see the same machine load, as medians of SAMPLES samples.
 * @param fixedOps operations in one run, for workloads of a fixed size; otherwise run(n) does n.
 */
export async function opsPerSecondPair(a: Side, b: Side, fixedOps?: number): Promise<[number, number]> {
  await sample(a, SAMPLE_MS, fixedOps);
  await sample(b, SAMPLE_MS, fixedOps);
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    as.push(await sample(a, SAMPLE_MS, fixedOps));
    bs.push(await sample(b, SAMPLE_MS, fixedOps));
  }
  return [median(as), median(bs)];
}
