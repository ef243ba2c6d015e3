/** The shape of a benchmark workload: the engine's way and plain JavaScript's way of doing one job. */

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

let sunk = 0;

/** Keeps a result observable so the JIT cannot drop the work that made it. */
export function sink(x: unknown): void {
  sunk = typeof x === "number" ? x : sunk + 1;
}

/** Counts a call, for timer and line workloads. */
export function noop(): void {
  sunk++;
}

/** The value the sinks keep. */
export function sinkValue(): number {
  return sunk;
}
