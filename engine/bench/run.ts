/**
 * `npm run bench`: every workload on the engine, on plain JavaScript (the
 * native baseline) and, when /usr/bin/python3 has Twisted, on CPython
 * Twisted 22.4; then the cost of tracing, the size of a recorded event and
 * the size of the core bundle. Prints one table. Numbers are measurements
 * of this run on this machine; nothing here asserts on them.
 *
 * The engine is measured as the app ships it: bundled by esbuild into one
 * module (falling back to the source through tsx when esbuild is missing).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { opsPerSecondPair } from "./measure";
import { targets, type Measured } from "./targets";

type WorkloadsModule = typeof import("./workloads");

const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = "/usr/bin/python3";

async function loadEsbuild(): Promise<typeof import("esbuild") | null> {
  try {
    return await import("esbuild");
  } catch {
    return null;
  }
}

async function loadWorkloads(esbuild: typeof import("esbuild") | null): Promise<{ module: WorkloadsModule; how: string }> {
  if (!esbuild) return { module: await import("./workloads"), how: "source through tsx (esbuild not found)" };
  const out = join(mkdtempSync(join(tmpdir(), "bench-")), "workloads.mjs");
  await esbuild.build({ entryPoints: [join(here, "workloads.ts")], bundle: true, format: "esm", platform: "node", outfile: out, logLevel: "warning" });
  return { module: (await import(pathToFileURL(out).href)) as WorkloadsModule, how: "esbuild bundle (as shipped)" };
}

function runTwisted(): { results: Record<string, { ops: number; note: string }>; version: string } | { skip: string } {
  try {
    const out = execFileSync(PYTHON, [join(here, "twisted_bench.py")], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 16 << 20 });
    const parsed = JSON.parse(out) as { results: Record<string, { ops: number; note: string }>; twisted: string; python: string };
    return { results: parsed.results, version: `Twisted ${parsed.twisted} on CPython ${parsed.python}` };
  } catch (e) {
    return { skip: `no CPython Twisted column: ${(e as Error).message.split("\n")[0]}` };
  }
}

async function bundleSize(esbuild: typeof import("esbuild") | null): Promise<string> {
  if (!esbuild) return "not measured (esbuild not found)";
  const result = await esbuild.build({
    stdin: {
      contents: 'export * as defer from "./twisted/internet/defer"; export * as failure from "./twisted/python/failure"; export * as task from "./twisted/internet/task";',
      resolveDir: join(here, ".."),
      loader: "ts",
    },
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
    metafile: true,
  });
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.keys(result.metafile!.inputs).length;
  return `${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1)} KB gzipped (${(code.length / 1024).toFixed(1)} KB minified; esbuild --bundle --minify of defer+failure+task, ${inputs} modules incl. the simulated reactor LoopingCall defaults to; gzip -9)`;
}

function fmt(n: number | null): string {
  if (n === null) return "-";
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

function ratio(a: number, b: number | null): string {
  return b === null ? "-" : `${(a / b).toFixed(2)}x`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(rows[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

/** How many events the app's recording keeps (WorldRecording's default limit). */
const APP_TRACE_LIMIT = 100_000;

/**
 * Tracing cost: each traced workload against the same workload untraced,
 * sampled alternately. "recorded" is tracing as the app runs every program:
 * the world's recording (a TraceRecorder, learner locations from the
 * instrumented program's line reports, no stack walks), cleared before each
 * piece of work that fills the app's trace (100,000 events; a fixed-size
 * workload's whole run), so every event measured is kept, in a trace the
 * size the app keeps. "streaming" hands event objects to a sink that
 * keeps nothing; "locations" walks the stack for each event's learner line.
 */
async function traceCosts(m: WorkloadsModule): Promise<string[][]> {
  const rows: string[][] = [];
  const world = { seconds: () => 0, isRunning: () => true, snapshot: () => ({ ports: [], connections: [], threads: [] }), nextEventTime: () => null };
  const recording = new m.WorldRecording(world, "bench.ts", 100_000_000, Number.MAX_SAFE_INTEGER);
  const streaming = () => undefined;
  const recorded = ["D1", "D2", "D3p", "D4a", "D4b", "D5", "D5u", "D6", "C1", "C2"].map((id) => ({ id, sink: "recorded", locations: false }));
  const cases = [
    ...recorded,
    { id: "D2", sink: "streaming", locations: false },
    { id: "D2", sink: "streaming", locations: true },
  ] as const;
  for (const c of cases) {
    const workload = m.workloads.find((w) => w.id === c.id)!;
    // Ops per cleared piece: as many as fill the app's trace (see recordedRun).
    let piece = 256;
    const recordedRun = async (n: number) => {
      for (let left = workload.fixedOps ? 1 : n; left > 0; ) {
        const ops = Math.min(left, piece);
        recording.recorder.clear();
        const previous = m.activateTrace(recording.context);
        try {
          await workload.engine.run(ops);
        } finally {
          m.activateTrace(previous);
        }
        left -= ops;
        const perOp = recording.recorder.length / ops;
        if (!workload.fixedOps && perOp > 0) piece = Math.max(1, Math.floor(APP_TRACE_LIMIT / perOp));
      }
    };
    const traced = {
      run(n: number) {
        if (c.sink === "recorded") return recordedRun(n);
        m.setTraceSink(streaming, { locations: c.locations });
        try {
          return workload.engine.run(n);
        } finally {
          m.setTraceSink(null);
        }
      },
    };
    const [on, off] = await opsPerSecondPair(traced, workload.engine, workload.fixedOps);
    const cost = off / on;
    const label = `${c.id} ${c.sink}${c.locations ? ", stack-walk locations" : ""}`;
    const target = c.sink === "recorded" ? "recording <=2x cost" : "(for comparison)";
    const met = c.sink === "recorded" ? (cost <= 2 ? "yes" : "NO") : "-";
    rows.push([label, fmt(on), `${fmt(off)} untraced`, `${cost.toFixed(2)}x cost`, "-", "-", target, met]);
  }
  recording.recorder.clear();
  return rows;
}

/** The D2 workload written as learner code, so events carry learner locations. */
const LEARNER_D2 = [
  'import { defer } from "twisted/internet";',
  "const inc = (x: number) => x + 1;",
  "for (let i = 0; i < 20000; i++) {",
  "  const d = new defer.Deferred();",
  "  for (let j = 0; j < 9; j++) d.addCallback(inc);",
  "  d.addCallback((x: number) => x);",
  "  d.callback(i);",
  "}",
].join("\n");

/**
 * Heap bytes per recorded event, D2 as engine code (no locations) or as
 * learner code run by a recording world (every event located): as the
 * recorder keeps them, and once built as plain event objects (what `events`
 * returns and the worker posts to the page).
 */
function bytesPerEvent(m: WorkloadsModule, learner: boolean): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return "not measured (run node with --expose-gc)";
  const d2 = m.workloads.find((w) => w.id === "D2")!;
  gc();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  let recorder: InstanceType<WorkloadsModule["TraceRecorder"]>;
  let hold: unknown = null;
  if (learner) {
    const world = new m.World({ record: { limit: 1_000_000 } });
    world.start(LEARNER_D2, "learner.ts");
    recorder = (world as unknown as { recording: { recorder: typeof recorder } }).recording.recorder;
    hold = world;
  } else {
    recorder = new m.TraceRecorder(1_000_000);
    m.setTraceSink(recorder.sink, { locations: false });
    void d2.engine.run(20_000);
    m.setTraceSink(null);
  }
  gc();
  const kept = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const count = recorder.length;
  const events = recorder.events;
  gc();
  const built = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const located = events.filter((e) => e.location !== null).length;
  const lines = events.filter((e) => e.type === "line").length;
  recorder.clear();
  void hold;
  const what = learner
    ? `D2 as learner code in a recording world (${lines} line events with their variables; ${located} events located)`
    : "D2 events";
  return `${((kept - before) / count).toFixed(0)} B/event as recorded, ${((built - before) / count).toFixed(0)} B/event with the plain events built, over ${count} ${what}`;
}

/** Programs that try to make the trace as large as they can. */
const GREEDY_PROGRAMS: Record<string, string> = {
  "300,000 events of callLater and Deferreds": [
    'import { defer, reactor } from "twisted/internet";',
    "function tick(i: number) { const d = new defer.Deferred(); d.addCallback((x: number) => x + 1); d.callback(i); }",
    "for (let i = 0; i < 50000; i++) reactor.callLater(i * 0.001, tick, i);",
    "reactor.callLater(100, () => reactor.stop());",
    "reactor.run();",
  ].join("\n"),
  "10,000 distinct 20 KB output lines": [
    'const chunk = "y".repeat(20000);',
    "for (let i = 0; i < 10000; i++) console.log(i + chunk);",
  ].join("\n"),
};

/** Heap kept by the trace of each greedy program once it has run (its output list emptied, so only the trace holds it). */
function traceCapMemory(m: WorkloadsModule): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return "not measured (run node with --expose-gc)";
  const parts: string[] = [];
  for (const [name, source] of Object.entries(GREEDY_PROGRAMS)) {
    gc();
    const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const world = new m.World({ record: { limit: 100_000 } });
    world.start(source, "greedy.ts");
    world.advance(200);
    world.output.length = 0;
    const events = world.trace;
    gc();
    const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    parts.push(`${name}: ${((after - before) / 1e6).toFixed(1)} MB for ${events.length} events kept (last: ${events[events.length - 1]?.type})`);
  }
  return parts.join("; ");
}

/** The browser measurement's recorded program (scripts/measure-browser.mjs): callLater and Deferreds, 100,000+ events. */
const BUSY_PROGRAM = [
  'import { defer, reactor } from "twisted/internet";',
  "let total = 0;",
  "function tick(i: number) {",
  "  const d = new defer.Deferred<number>();",
  "  d.addCallback((x: number) => x + 1);",
  "  d.addCallback((x: number) => { total += x; return x; });",
  "  d.callback(i);",
  "}",
  "for (let i = 0; i < 9000; i++) reactor.callLater(0, tick, i);",
  'reactor.callLater(0, () => { console.log("done " + total); reactor.stop(); });',
  "reactor.run();",
].join("\n");

/**
 * The recorded program's path to the debugger without the browser, in CPU
 * time of this process (medians of 5): the run in a recording world (as the
 * runner's), the copy of its rows to another thread (structuredClone, as
 * postMessage does), their decoding and the debugger's index.
 */
function recordedProgramCost(m: WorkloadsModule): string {
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const samples: number[][] = [];
  let events = 0;
  for (let round = 0; round < 5; round++) {
    let t = cpu();
    const world = new m.World({ record: { limit: 100_000 } });
    world.start(BUSY_PROGRAM, "busy.ts");
    world.advance(1);
    const run = cpu() - t;
    t = cpu();
    const rows = structuredClone(world.traceRows(0)!);
    const copy = cpu() - t;
    t = cpu();
    const decoded = new m.TraceRowDecoder().decode(rows);
    const decode = cpu() - t;
    t = cpu();
    new m.TraceIndex(decoded);
    samples.push([run, copy, decode, cpu() - t]);
    events = decoded.length;
  }
  const median = (k: number) => samples.map((s) => s[k]!).sort((a, b) => a - b)[2]!;
  const total = median(0) + median(1) + median(2) + median(3);
  return `${events} events: run ${median(0).toFixed(0)} ms + copy ${median(1).toFixed(0)} + decode ${median(2).toFixed(0)} + index ${median(3).toFixed(0)} = ${total.toFixed(0)} ms CPU; target <1 s in the browser (see bench:browser)`;
}

async function main(): Promise<void> {
  // tsx turns on Node's source-map support, which makes every `new Error().stack`
  // several times slower; the browser has no such cost, so measure without it.
  process.setSourceMapsEnabled(false);
  const twisted = runTwisted();
  const esbuild = await loadEsbuild();
  const { module: m, how } = await loadWorkloads(esbuild);
  const rows: string[][] = [["workload", "engine ops/s", "native ops/s", "ratio", "Twisted ops/s", "vs Twisted", "target", "met?"]];
  const unmet: string[] = [];
  const traceRowsUnmet = (traceRows: string[][]) => traceRows.filter((r) => r[7] === "NO").map((r) => r[0]!);
  for (const w of m.workloads) {
    const [engine, native] = await opsPerSecondPair(w.engine, w.native, w.fixedOps);
    const tw = "results" in twisted ? (twisted.results[w.id]?.ops ?? null) : null;
    const measured: Measured = { engine, native, twisted: tw };
    const target = targets[w.id]!;
    const met = target.met(measured);
    if (met === false) unmet.push(w.id);
    rows.push([`${w.id} (${w.unit}s)`, fmt(engine), fmt(native), ratio(engine, native), fmt(tw), ratio(engine, tw), target.text, met === null ? "n/a" : met ? "yes" : "NO"]);
  }
  const traceRows = await traceCosts(m);
  rows.push(...traceRows);
  unmet.push(...traceRowsUnmet(traceRows));
  console.log(`\nEngine: ${how}. Node ${process.version}. ${"version" in twisted ? twisted.version : twisted.skip}`);
  console.log("ops/s: ops per CPU second of this process (process.cpuUsage; Twisted: time.process_time), medians of 5 interleaved samples of 200 ms. Baselines:");
  for (const w of m.workloads) console.log(`  ${w.id}: ${w.description}; native = ${w.baseline}`);
  if ("results" in twisted) for (const [id, r] of Object.entries(twisted.results)) if (r.note) console.log(`  ${id} on Twisted: ${r.note}`);
  console.log(`\n${table(rows)}\n`);
  console.log(`Recorded event size: ${bytesPerEvent(m, false)}; target <=200 B`);
  console.log(`Recorded event size: ${bytesPerEvent(m, true)}; target <=200 B`);
  console.log(`Trace cap: ${traceCapMemory(m)}; target <100 MB`);
  console.log(`Recorded program to the debugger (no browser): ${recordedProgramCost(m)}`);
  console.log(`Core size: ${await bundleSize(esbuild)}; target <=30 KB gzipped`);
  console.log(unmet.length ? `Targets not met: ${unmet.join(", ")}` : "All workload targets met.");
  console.log(
    "Browser figures (first Run cold and warm, Check, a 100,000-event recorded run, stepping), each beside its target: " +
      "`npm run build && npm run bench:browser` (headless Chromium over out/, port 3133).",
  );
  void m.sinkValue();
  
}

await main();
