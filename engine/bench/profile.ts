/**
 * Profiling helper: runs one workload's engine side for three seconds.
 * Usage: node --cpu-prof --import tsx engine/bench/profile.ts D6 [traced|located]
 */
import { setTraceSink, TraceRecorder, workloads } from "./workloads";

const [id, mode] = process.argv.slice(2);
const workload = workloads.find((w) => w.id === id);
if (!workload) throw new Error(`no workload ${id}`);
const recorder = new TraceRecorder(10_000_000);
if (mode) setTraceSink(recorder.sink, { locations: mode === "located" });
const start = performance.now();
while (performance.now() - start < 3000) {
  recorder.clear();
  await workload.engine.run(workload.fixedOps ? 1 : 10_000);
}
