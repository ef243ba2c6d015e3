// Measures what a learner waits for, in headless Chromium over the production
// build, and prints each figure beside its target. Asserts nothing: a shared
// machine's figures vary from run to run, so read them as medians of this run.
//
//   npm run build && node scripts/measure-browser.mjs [PORT]      (default port 3133)
//   npm run build && BENCH_BROWSER_PORT=PORT npm run bench:browser
//
// - First Run to first output: from the click on Run to the program's first
//   line in the terminal. Cold is the first Run of a fresh browser context (the
//   runner worker starts when the page opens and warms up while the learner
//   reads, here while the code is typed and for READ_MS more); warm is every
//   later Run. Each run prints a new marker first, so scrolling cannot confuse it.
// - Check: from the click on Check to the verdicts shown (each Check runs in a
//   worker of its own, so back-to-back Checks also measure how soon the next
//   warm worker is ready).
// - First Run on a step that uses SQLite (chapter 23's first step, its
//   solution): cold as above, to its first line and to the query's rows.
// - A recorded program of 100,000+ trace events (callLater and Deferreds in a
//   loop): from the click on Run to its last output line, and to the debugger
//   holding the whole trace (the timeline's maximum).
// - Stepping over that trace: from the click on Step back / Step to the DOM
//   updated and laid out ("click to paint", without the wait for the next
//   vsync), and, separately, to the next animation frame. STEPS clicks each
//   way, so the p95 is the 95th of 100, not the second slowest of a few dozen;
//   the first Step back, which also opens the callback-chain panel and
//   switches the workspace to its debugging layout, is shown on its own too,
//   with the time until that panel is open and laid out. The steps run under a
//   Chromium trace, which gives each click's task its main-thread CPU time:
//   on a machine loaded past its cores the wall-clock tail is mostly time the
//   page was not running, and the CPU time says what the step itself costs.
//   The slowest five clicks are listed by number, to see where the tail is.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chromium } from "@playwright/test";

const port = Number(process.argv[2] ?? process.env.BENCH_BROWSER_PORT ?? 3133);
const STEP_URL = `http://localhost:${port}/lessons/finger-stage-1/output-from-a-non-empty-factory/`;
const SQLITE_STEP_URL = `http://localhost:${port}/lessons/databases-with-adbapi/run-a-query/`;
const SQLITE_SOLUTION = readFileSync(new URL("../lessons/23-databases-with-adbapi/01-run-a-query/solution/users.ts", import.meta.url), "utf8");
const READ_MS = 1500;
const WARM_RUNS = 7;
const CHECKS = 10;
const STEPS = 100;
/** The busy program runs this many times (Run again starts it afresh); medians are reported. */
const BUSY_RUNS = 3;

/** A finger server whose first output line is `marker`. */
function fingerProgram(marker) {
  return `console.log("${marker}");
import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
class FingerProtocol extends basic.LineReceiver {
  lineReceived(user: string) {
    this.transport!.write("No such user\\r\\n");
    this.transport!.loseConnection();
  }
}
class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;
}
endpoints.serverFromString(reactor, "tcp:1079").listen(new FingerFactory());
reactor.run();`;
}

/** About 12 trace events per tick (a line, a timer, a Deferred with two callbacks): 100,000+ events in all. */
const busyProgram = (marker) => `import { defer, reactor } from "twisted/internet";
let total = 0;
function tick(i: number) {
  const d = new defer.Deferred<number>();
  d.addCallback((x: number) => x + 1);
  d.addCallback((x: number) => { total += x; return x; });
  d.callback(i);
}
for (let i = 0; i < 9000; i++) reactor.callLater(0, tick, i);
reactor.callLater(0, () => { console.log("${marker} " + total); reactor.stop(); });
reactor.run();`;

/** The console.timeStamp each step's click is made after, to find its task in the trace. */
const STEP_MARK = "measure-browser step";

/** Marks the callback chain's panel open and laid out after the first step. */
const PANEL_MARK = "measure-browser panel";

/**
 * The main-thread CPU time (ms) of each task that holds a STEP_MARK, in trace
 * order, and of all the main thread's tasks from the first step's to the
 * PANEL_MARK (the first step and the panel it opens), or null without one.
 */
function stepCpuTimes(trace) {
  const events = trace.traceEvents ?? trace;
  const marked = (message) => events.filter((e) => e.name === "TimeStamp" && e.args?.data?.message === message).sort((a, b) => a.ts - b.ts);
  const marks = marked(STEP_MARK);
  const tid = marks[0]?.tid;
  const tasks = events.filter((e) => e.name === "RunTask" && e.ph === "X" && e.tdur !== undefined && e.tid === tid).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Outermost tasks only: a nested RunTask's time is already in its parent's.
  const outermost = [];
  for (const task of tasks) {
    const last = outermost[outermost.length - 1];
    if (!last || task.ts >= last.ts + last.dur) outermost.push(task);
  }
  const taskOf = (mark) => {
    const task = outermost.find((t) => t.ts <= mark.ts && mark.ts <= t.ts + t.dur);
    if (!task) throw new Error("a step's task is missing from the trace");
    return task;
  };
  const steps = marks.map((mark) => taskOf(mark).tdur / 1000);
  const panelMark = marked(PANEL_MARK)[0];
  if (!panelMark) return { steps, firstWithPanel: null };
  const from = taskOf(marks[0]).ts;
  const firstWithPanel = outermost.filter((t) => t.ts >= from && t.ts <= panelMark.ts).reduce((sum, t) => sum + t.tdur / 1000, 0);
  return { steps, firstWithPanel };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function p95(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
}

const ms = (value) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const line = (label, figure, target) => console.log(`${label.padEnd(58)} ${figure.padEnd(44)} target ${target}`);

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`http://localhost:${port}/`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the static server on port ${port} did not start`);
}

async function openStep(page, url = STEP_URL) {
  await page.goto(url);
  await page.locator("[data-testid=code-editor][data-ready=true]").waitFor({ timeout: 60_000 });
}

/** Replaces the editor's code, as a paste does. */
async function replaceCode(page, code) {
  await page.locator("[data-testid=code-editor] .view-lines").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

/** Clicks the button named `name` and resolves with the ms until the terminal shows `text` (and `then`, if given: [first, then]). */
function clickUntilTerminalShows(page, name, text, then = null) {
  return page.evaluate(
    ({ name, text, then }) =>
      new Promise((resolve, reject) => {
        const rows = document.querySelector("[aria-label=Terminal] .xterm-rows") ?? document.querySelector(".xterm-rows");
        const button = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === name);
        if (!rows || !button) return reject(new Error(`no terminal or no ${name} button`));
        let first = null;
        const observer = new MutationObserver(() => {
          if (first === null && rows.textContent?.includes(text)) first = performance.now() - start;
          if (first === null || (then !== null && !rows.textContent?.includes(then))) return;
          observer.disconnect();
          resolve(then === null ? first : [first, performance.now() - start]);
        });
        observer.observe(rows, { childList: true, subtree: true, characterData: true });
        const start = performance.now();
        button.click();
        setTimeout(() => reject(new Error(`"${first === null ? text : then}" did not appear`)), 60_000);
      }),
    { name, text, then },
  );
}

async function measureRuns(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await openStep(page);
  await replaceCode(page, fingerProgram("marker cold"));
  await page.waitForTimeout(READ_MS);
  const cold = await clickUntilTerminalShows(page, "Run", "marker cold");
  const warm = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    await replaceCode(page, fingerProgram(`marker warm ${i}`));
    await page.waitForTimeout(300);
    warm.push(await clickUntilTerminalShows(page, "Run", `marker warm ${i}`));
  }
  // Check verdicts.
  const checks = [];
  await replaceCode(page, fingerProgram("marker check"));
  for (let i = 0; i < CHECKS; i++) {
    checks.push(
      await page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const panel = document.querySelector("section.checks");
            const button = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Check");
            if (!panel || !button) return reject(new Error("no checks panel or Check button"));
            let busy = false;
            const observer = new MutationObserver(() => {
              if (panel.getAttribute("aria-busy") === "true") busy = true;
              else if (busy && /passed/.test(panel.textContent ?? "")) {
                observer.disconnect();
                resolve(performance.now() - start);
              }
            });
            observer.observe(panel, { attributes: true, childList: true, subtree: true, characterData: true });
            const start = performance.now();
            button.click();
            setTimeout(() => reject(new Error("no verdicts")), 60_000);
          }),
      ),
    );
    await page.waitForTimeout(200);
  }
  await context.close();
  return { cold, warm, checks };
}

/** A cold run with no reading time: the click comes as soon as the editor is ready. */
async function measureImpatientRun(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await openStep(page);
  await replaceCode(page, fingerProgram("marker impatient"));
  const elapsed = await clickUntilTerminalShows(page, "Run", "marker impatient");
  await context.close();
  return elapsed;
}

/**
 * The first Run of a fresh context on a step that opens a SQLite database:
 * [to its first line, to the query's rows], after `readMs` of reading.
 */
async function measureSqliteRun(browser, readMs) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await openStep(page, SQLITE_STEP_URL);
  const marker = `marker sqlite ${readMs}`;
  await replaceCode(page, `console.log("${marker}");\n${SQLITE_SOLUTION}`);
  await page.waitForTimeout(readMs);
  const elapsed = await clickUntilTerminalShows(page, "Run", marker, "2 users:");
  await context.close();
  return elapsed;
}

async function measureBusy(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await openStep(page);
  const timings = [];
  for (let run = 0; run < BUSY_RUNS; run++) {
    const marker = `busy done ${run}`;
    await replaceCode(page, busyProgram(marker));
    await page.waitForTimeout(run === 0 ? READ_MS : 500);
    const timing = await page.evaluate(
      (marker) =>
        new Promise((resolve, reject) => {
          const rows = document.querySelector(".xterm-rows");
          const button = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Run");
          if (!rows || !button) return reject(new Error("no terminal or Run button"));
          let output = null;
          const check = () => {
            if (output === null && rows.textContent?.includes(marker)) output = performance.now() - start;
            const slider = document.querySelector("input[type=range][aria-label=Timeline]");
            const max = slider ? Number(slider.max) : 0;
            // The runner keeps 100,000 events (the last says the limit was reached): indexes 0 to 99,999.
            if (output !== null && max >= 99_999) {
              clearInterval(timer);
              resolve({ output, trace: performance.now() - start, events: max + 1 });
            }
          };
          const timer = setInterval(check, 5);
          const start = performance.now();
          button.click();
          setTimeout(() => {
            const slider = document.querySelector("input[type=range][aria-label=Timeline]");
            const blocked = /blocked the reactor/.test(rows.textContent ?? "") ? "; the runner was stopped as blocked (its 3 s watchdog)" : "";
            reject(new Error(`the busy program did not finish with a full trace (output seen: ${output !== null}, timeline max ${slider?.max}${blocked})`));
          }, 120_000);
        }),
      marker,
    );
    timings.push(timing);
  }
  const steps = { back: [], forward: [], backFrame: [], forwardFrame: [], panel: null, backCpu: [], forwardCpu: [] };
  // A trace of the steps gives each click's task its main-thread CPU time, which other processes on a loaded machine do not inflate.
  await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
  for (const [name, into, frames] of [
    ["Step back", steps.back, steps.backFrame],
    ["Step", steps.forward, steps.forwardFrame],
  ]) {
    for (let i = 0; i < STEPS; i++) {
      const [sync, frame, panel] = await page.evaluate(
        ({ name, STEP_MARK, PANEL_MARK }) =>
          new Promise((resolve, reject) => {
            const button = document.querySelector(`[aria-label=Debugger] button[title^="${name === "Step" ? "On to the next reactor event" : "Back to the previous reactor event"}"]`);
            if (!button) return reject(new Error(`no ${name} button`));
            if (button.disabled) return reject(new Error(`${name} is disabled`));
            const panelShown = () => document.querySelector(".panel-body .chain-panel") !== null;
            const hadPanel = panelShown();
            console.timeStamp(STEP_MARK);
            const start = performance.now();
            button.click();
            // React flushes a click's update in a microtask; then force style and layout.
            queueMicrotask(() => {
              void document.body.getBoundingClientRect();
              const sync = performance.now() - start;
              let frame = null;
              let panel = hadPanel || panelShown() ? sync : null;
              const done = () => {
                if (frame === null || panel === null) return;
                observer.disconnect();
                resolve([sync, frame, hadPanel ? null : panel]);
              };
              // The first step opens the callback chain, maybe in a later commit: the time until it is there and laid out.
              const observer = new MutationObserver(() => {
                if (panel !== null || !panelShown()) return;
                void document.body.getBoundingClientRect();
                panel = performance.now() - start;
                console.timeStamp(PANEL_MARK);
                done();
              });
              observer.observe(document.body, { childList: true, subtree: true });
              requestAnimationFrame(() => {
                frame = performance.now() - start;
                done();
              });
              setTimeout(() => reject(new Error(`the callback chain did not open after ${name}`)), 10_000);
            });
          }),
        { name, STEP_MARK, PANEL_MARK },
      );
      into.push(sync);
      frames.push(frame);
      if (panel !== null) steps.panel = panel;
    }
  }
  const cpu = stepCpuTimes(JSON.parse((await browser.stopTracing()).toString("utf8")));
  steps.backCpu = cpu.steps.slice(0, STEPS);
  steps.forwardCpu = cpu.steps.slice(STEPS);
  steps.panelCpu = cpu.firstWithPanel;
  await context.close();
  return { timings, steps };
}

const server = spawn(process.execPath, ["scripts/serve-static.mjs", "out", String(port)], { stdio: "ignore", detached: true });
const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
let browser = null;
try {
  await waitForServer();
  browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
  });
  console.log(`\nHeadless Chromium over the production build (out/), port ${port}. Figures of this run on this machine.\n`);
  const runs = await measureRuns(browser);
  line("First Run to first output, cold (first of the session)", ms(runs.cold), "< 200 ms");
  line("First Run to first output, warm", `median ${ms(median(runs.warm))} (${runs.warm.map((v) => v.toFixed(0)).join(", ")})`, "< 200 ms");
  line(
    "Check to verdicts",
    `median ${ms(median(runs.checks))}, p95 ${ms(p95(runs.checks))}, max ${ms(Math.max(...runs.checks))} (${runs.checks.map((v) => v.toFixed(0)).join(", ")})`,
    "< 200 ms",
  );
  const impatient = await measureImpatientRun(browser);
  line("First Run, cold, clicked as soon as the editor is ready", ms(impatient), "(no target: no reading time to warm up)");
  const [sqliteFirst, sqliteRows] = await measureSqliteRun(browser, READ_MS);
  line("SQLite step (ch. 23): first Run, cold, to its first line", ms(sqliteFirst), "< 200 ms");
  line("  ... and to the query's rows", ms(sqliteRows), "(no target)");
  const [sqliteImpatient, sqliteImpatientRows] = await measureSqliteRun(browser, 0);
  line("SQLite step, first Run clicked as soon as the editor is ready", `${ms(sqliteImpatient)}, rows ${ms(sqliteImpatientRows)}`, "(no target: no reading time to warm up)");
  const busy = await measureBusy(browser);
  const outputs = busy.timings.map((t) => t.output);
  const traces = busy.timings.map((t) => t.trace);
  line(`Recorded program (${busy.timings[0].events.toLocaleString("en-US")} events kept): Run to its last output`, `median ${ms(median(outputs))} (${outputs.map((v) => v.toFixed(0)).join(", ")})`, "< 1 s");
  line("  ... and to the debugger holding the whole trace", `median ${ms(median(traces))} (${traces.map((v) => v.toFixed(0)).join(", ")})`, "< 1 s");
  for (const [label, values, frames, cpu] of [
    ["Step back", busy.steps.back, busy.steps.backFrame, busy.steps.backCpu],
    ["Step", busy.steps.forward, busy.steps.forwardFrame, busy.steps.forwardCpu],
  ]) {
    line(`${label}: click to DOM updated and laid out`, `median ${ms(median(values))}, p95 ${ms(p95(values))}, max ${ms(Math.max(...values))}`, "< 16 ms");
    if (label === "Step back") {
      line("  ... the first (it also opens the callback chain)", ms(values[0]), "< 16 ms");
      line(
        "  ... the first, to the callback chain open and laid out",
        busy.steps.panel === null ? "(it was open already)" : `${ms(busy.steps.panel)} (main-thread CPU ${busy.steps.panelCpu === null ? "?" : ms(busy.steps.panelCpu)})`,
        "(no target: one layout switch)",
      );
    }
    line("  ... its task's main-thread CPU time (load-independent)", `median ${ms(median(cpu))}, p95 ${ms(p95(cpu))}, max ${ms(Math.max(...cpu))}`, "(the work itself)");
    const slowest = values.map((value, i) => [value, i + 1]).sort((a, b) => b[0] - a[0]).slice(0, 5);
    line("  ... its slowest five (click number: time)", slowest.map(([value, n]) => `#${n}: ${ms(value)}`).join(", "), "(where the tail is)");
    line(`${label}: click to the next animation frame`, `median ${ms(median(frames))}, p95 ${ms(p95(frames))}, max ${ms(Math.max(...frames))}`, "(includes the wait for vsync)");
  }
} finally {
  await browser?.close();
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    server.kill();
  }
}
