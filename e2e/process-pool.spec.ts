import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, terminalRows } from "./helpers";

const STEP_URL = "/lessons/process-pools/a-pool-of-workers/";

function control(page: Page, name: string) {
  return page.getByRole("region", { name: "Debugger" }).getByRole("button", { name, exact: true });
}

test("a pool of worker processes: its answers, its checks, and its workers in the reactor view", async ({ strictPage: page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(STEP_URL);
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });

  // The start leaves dispatch() empty: the jobs wait in the queue, and the checks say so.
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("1 of 4 passed");

  await replaceCode(page, lessonFile("25-process-pools", "02-a-pool-of-workers", "solution", "workers.ts"));
  await page.getByRole("button", { name: "Run", exact: true }).click();
  // The terminal wraps the long line of results: its first part is enough.
  await expect(terminalRows(page)).toContainText("primes below 100, 200, ... 900: 25 46 62 78 95");
  await expect(terminalRows(page)).toContainText("9 jobs ran on 3 workers");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("4 of 4 passed");
  await expect(checkItems(page)).toHaveCount(4);

  // In the debugger, once the top level has run, the three workers are processes of their own, with their pipes open.
  await control(page, "Restart").click();
  await control(page, "Step").click();
  await page.getByRole("tab", { name: "Reactor", exact: true }).click();
  const processes = page.getByRole("region", { name: "Reactor", exact: true }).getByRole("table", { name: "Processes" });
  await expect(processes.getByRole("row")).toHaveCount(4);
  await expect(processes.getByRole("row").nth(1)).toContainText("python3 workers.ts child");
  await expect(processes.getByRole("row").nth(3)).toContainText("in out err");
  await processes.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("process-pool-reactor-1280x720.png") });
});
