import * as esbuild from "esbuild";
import { pathToFileURL } from "node:url";
const out = "/tmp/speed/workloads.mjs";
await esbuild.build({ entryPoints: ["/work/wt-speed/engine/bench/workloads.ts"], bundle: true, format: "esm", platform: "node", outfile: out, logLevel: "warning" });
const m = await import(pathToFileURL(out).href + "?" + Date.now());
const { opsPerSecondPair } = await import("/work/wt-speed/engine/bench/measure.ts");
process.setSourceMapsEnabled(false);
const world = { seconds: () => 0, isRunning: () => true, snapshot: () => ({ ports: [], connections: [], threads: [] }), nextEventTime: () => null };
const recording = new m.WorldRecording(world, "bench.ts", 100_000_000, Number.MAX_SAFE_INTEGER);
const ids = (process.argv[2] ?? "D1,D2,D3p,D4a,D4b,D5,D5u,D6,C1,C2").split(",");
for (const id of ids) {
  const workload = m.workloads.find((x) => x.id === id);
  let piece = 256;
  const traced = { run: async (n) => {
      for (let left = workload.fixedOps ? 1 : n; left > 0; ) {
        const ops = Math.min(left, piece);
        recording.recorder.clear();
        const previous = m.activateTrace(recording.context);
        try { await workload.engine.run(ops); } finally { m.activateTrace(previous); }
        left -= ops;
        const perOp = recording.recorder.length / ops;
        if (!workload.fixedOps && perOp > 0) piece = Math.max(1, Math.floor(100000 / perOp));
      }
  } };
  const [on, off] = await opsPerSecondPair(traced, workload.engine, workload.fixedOps);
  console.log(id, (off / on).toFixed(2) + "x", Math.round(on), Math.round(off));
}
