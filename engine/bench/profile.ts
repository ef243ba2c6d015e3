/**
 * Profiling helper: runs one workload's engine side for three seconds.
 * Usage: node --cpu-prof --import tsx engine/bench/profile.ts D6 [traced|located|recorded]
 * "traced" and "located" hand events to a TraceRecorder (with stack-walk
 * locations for "located"); "recorded" records as the app does (a world's
 * recording, locations from the instrumented program), as `npm run bench`
 * measures recording.
 */
import { activateTrace, setTraceSink, TraceRecorder, WorldRecording, workloads } from "./workloads";

const [id, mode] = process.argv.slice(2);
const workload = workloads.find((w) => w.id === id);
if (!workload) throw new Error(`no workload ${id}`);
const world = { seconds: () => 0, isRunning: () => true, snapshot: () => ({ ports: [], connections: [], threads: [] }), nextEventTime: () => null };
const recording = new WorldRecording(world, "bench.ts", 10_000_000, Number.MAX_SAFE_INTEGER);
const recorder = mode === "recorded" ? recording.recorder : new TraceRecorder(10_000_000);
if (mode === "recorded") activateTrace(recording.context);
else if (mode) setTraceSink(recorder.sink, { locations: mode === "located" });
const start = performance.now();
while (performance.now() - start < 3000) {
  recorder.clear();
  await workload.engine.run(workload.fixedOps ? 1 : 10_000);
}
