import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, terminalRows } from "./helpers";

test.use({ viewport: { width: 1280, height: 720 } });

// A step of several files started by a command line: Run types `twistd -n finger --file=/etc/users` for the learner,
// with the library and finger/tap.ts beside the plugin, and Check runs each check's own command line.
test("the recap runs as twistd -n finger, and its checks pass in the browser", async ({ strictPage: page }) => {
  test.setTimeout(180_000);
  await page.goto("/lessons/finger-stage-11/recap/");
  await page.getByRole("button", { name: "Run" }).click();
  const terminal = terminalRows(page);
  // Log lines are wider than the terminal, which wraps them: look for a short one.
  await expect(terminal).toContainText("Try: nc localhost 79");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(checkItems(page).filter({ hasText: "passed" })).toHaveCount(9, { timeout: 120_000 });
  await page.screenshot({ path: "test-results/finger-stage-11-recap.png" });
});

test("step 1 fails --help until Options lists every option, then passes", async ({ strictPage: page }) => {
  test.setTimeout(180_000);
  await page.goto("/lessons/finger-stage-11/options-for-the-command-line/");
  await page.getByRole("button", { name: "Check" }).click();
  const help = checkItems(page).filter({ hasText: "lists every option with its default" });
  await expect(help).toContainText("failed", { timeout: 60_000 });
  await replaceCode(page, lessonFile("15-finger-stage-11", "01-options-for-the-command-line", "solution", "finger", "tap.ts"));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(checkItems(page).filter({ hasText: "passed" })).toHaveCount(5, { timeout: 120_000 });
  await page.screenshot({ path: "test-results/finger-stage-11-options.png" });
});
