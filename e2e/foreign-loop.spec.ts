import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";

const STEP_URL = "/lessons/reactors-and-foreign-loops/a-page-driven-server/";
const solution = () => lessonFile("24-reactors-and-foreign-loops", "02-a-page-driven-server", "solution", "board.ts");

test("the page's button drives a running program in real time, and Stop stops its clock", async ({ strictPage: page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(STEP_URL);
  const panel = page.getByRole("form", { name: "The page's panel" });
  const display = panel.getByLabel("Page display");
  const terminal = terminalRows(page);
  await expect(display).toHaveText("Run the program: this panel is its window");

  await replaceCode(page, solution());
  await page.getByRole("button", { name: "Run", exact: true }).click();
  // The LoopingCall ticks on the page with wall time: the display moves on by itself, with no request from the page.
  await expect(display).toHaveText(/^up [12] s, 0 listening$/);

  // Retried until the program listens (a client sent before that is refused).
  await expect(async () => {
    await typeInTerminal(page, "nc localhost 1079 &");
    await expect(display).toHaveText(/, 1 listening$/, { timeout: 3_000 });
  }).toPass();

  await panel.getByLabel("Page input").fill("lunch is ready");
  await panel.getByRole("button", { name: "Send" }).click();
  await expect(terminal).toContainText("lunch is ready");
  await expect(terminal).toContainText("sent lunch is ready to 1 listening");
  await page.screenshot({ path: "test-results/foreign-loop.png" });

  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Not running" })).toBeVisible();
  await panel.getByRole("button", { name: "Send" }).click();
  await expect(terminal).toContainText("(No program is running: press Run first.)");

  // The checks press the same button on the simulated clock.
  await page.getByRole("button", { name: "Check" }).click();
  await expect(checkItems(page).filter({ hasText: "passed" })).toHaveCount(4);
});
