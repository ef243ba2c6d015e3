// Measures, in a real browser against the static build, how long a learner
// waits from pressing Run to the program's first output line, once the
// editor has loaded. Reports the median of several runs; asserts nothing.
//   npm run build && node scripts/measure-run.mjs
import { existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { chromium } from "@playwright/test";

const port = 3300;
const server = spawn(process.execPath, ["scripts/serve-static.mjs", "out", String(port)], { stdio: "ignore" });
await new Promise((resolve) => setTimeout(resolve, 500));
const browser = await chromium.launch({
  executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/lessons/finger-stage-1/output-from-a-non-empty-factory/`);
  await page.locator("[data-testid=code-editor][data-ready=true]").waitFor({ timeout: 60_000 });
  const samples = [];
  for (let i = 0; i < 7; i++) {
    const marker = `run ${i}`;
    const elapsed = await page.evaluate(async (marker) => {
      const rows = () => document.querySelector(".xterm-rows")?.textContent ?? "";
      const before = rows().split("FingerFactory starting on 1079").length;
      const start = performance.now();
      const run = [...document.querySelectorAll("button")].find((b) => /^(Run|Restart)$/.test(b.textContent ?? ""));
      run.click();
      while (rows().split("FingerFactory starting on 1079").length <= before) await new Promise((r) => requestAnimationFrame(r));
      void marker;
      return performance.now() - start;
    }, marker);
    samples.push(elapsed);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`Run to first output (ms), ${samples.length} runs: median ${sorted[3].toFixed(0)}, min ${sorted[0].toFixed(0)}, max ${sorted.at(-1).toFixed(0)}`);
  console.log(`In order (the first includes starting the runner worker): ${samples.map((s) => s.toFixed(0)).join(", ")}`);
} finally {
  await browser.close();
  server.kill();
}
