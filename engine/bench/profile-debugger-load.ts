/**
 * Profiling helper for the recorded program's way to the debugger: runs the
 * browser measurement's busy program in a recording world, then copies its
 * rows, decodes them and indexes the events, ten times over.
 * Usage: node --cpu-prof --import tsx engine/bench/profile-debugger-load.ts
 */
import { TraceIndex, TraceRowDecoder, World } from "./workloads";

/** The program of scripts/measure-browser.mjs: about 12 events per tick, 100,000+ in all. */
const BUSY_PROGRAM = `import { defer, reactor } from "twisted/internet";
let total = 0;
function tick(i: number) {
  const d = new defer.Deferred<number>();
  d.addCallback((x: number) => x + 1);
  d.addCallback((x: number) => { total += x; return x; });
  d.callback(i);
}
for (let i = 0; i < 9000; i++) reactor.callLater(0, tick, i);
reactor.callLater(0, () => { console.log("done " + total); reactor.stop(); });
reactor.run();`;

const cpu = () => performance.now();
const phases = [0, 0, 0, 0];
const rounds = 10;
for (let round = 0; round < rounds; round++) {
  let t = cpu();
  const world = new World({ record: { limit: 100_000 } });
  world.start(BUSY_PROGRAM, "busy.ts");
  world.advance(1);
  phases[0]! += cpu() - t;
  t = cpu();
  const rows = structuredClone(world.traceRows(0)!);
  phases[1]! += cpu() - t;
  t = cpu();
  const decoded = new TraceRowDecoder().decode(rows);
  phases[2]! += cpu() - t;
  t = cpu();
  new TraceIndex(decoded);
  phases[3]! += cpu() - t;
}
console.log(`per round: run ${(phases[0]! / rounds).toFixed(0)} ms, copy ${(phases[1]! / rounds).toFixed(0)}, decode ${(phases[2]! / rounds).toFixed(0)}, index ${(phases[3]! / rounds).toFixed(0)}`);
