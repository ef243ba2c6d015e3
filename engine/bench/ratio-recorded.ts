/**
 * Quick look at the recording cost of a few workloads (as `npm run bench`
 * measures it, without the rest of the table), for profiling sessions:
 *   node --import tsx engine/bench/ratio-recorded.ts D2 D4a ...
 */
import { opsPerSecondPair } from "./measure";
import { activateTrace, WorldRecording, workloads } from "./workloads";

const world = { seconds: () => 0, isRunning: () => true, snapshot: () => ({ ports: [], connections: [], threads: [] }), nextEventTime: () => null };
const recording = new WorldRecording(world, "bench.ts", 100_000_000, Number.MAX_SAFE_INTEGER);
for (const id of process.argv.slice(2)) {
  const workload = workloads.find((w) => w.id === id);
  if (!workload) throw new Error(`no workload ${id}`);
  let piece = 256;
  const recorded = {
    async run(n: number) {
      for (let left = workload.fixedOps ? 1 : n; left > 0; ) {
        const ops = Math.min(left, piece);
        recording.recorder.clear();
        const previous = activateTrace(recording.context);
        try {
          await workload.engine.run(ops);
        } finally {
          activateTrace(previous);
        }
        left -= ops;
        const perOp = recording.recorder.length / ops;
        if (!workload.fixedOps && perOp > 0) piece = Math.max(1, Math.floor(100_000 / perOp));
      }
    },
  };
  const [on, off] = await opsPerSecondPair(recorded, workload.engine, workload.fixedOps);
  console.log(`${id}: recorded ${(on / 1e3).toFixed(0)}k/s, untraced ${(off / 1e3).toFixed(0)}k/s, cost ${(off / on).toFixed(2)}x`);
}
