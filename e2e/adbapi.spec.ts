import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";

const STEP = ["23-databases-with-adbapi", "03-finger-from-a-table"];

test("a learner runs a finger server backed by SQLite in the browser, fingers it, and passes the checks", async ({ strictPage: page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/lessons/databases-with-adbapi/finger-from-a-table/");
  const terminal = terminalRows(page);

  await replaceCode(page, lessonFile(...STEP, "solution", "finger.ts"));
  await page.getByRole("button", { name: "Run" }).click();
  await expect(terminal).toContainText("The reactor is running");

  // The answers come from the table, through the pool's threads, from a real SQLite compiled to WebAssembly.
  await typeInTerminal(page, "finger moshez@localhost:1079");
  await expect(terminal).toContainText("Happy and well");
  await typeInTerminal(page, "finger nobody@localhost:1079");
  await expect(terminal).toContainText("No such user");
  // The database is a file on the learner's simulated host, and a real SQLite file.
  await typeInTerminal(page, "ls");
  await expect(terminal).toContainText("finger.db");
  await page.getByTestId("code-editor").click({ position: { x: 120, y: 12 } });
  await page.keyboard.press("ControlOrMeta+Home");
  await page.screenshot({ path: "test-results/adbapi-step-1280x720.png" });

  await page.getByRole("button", { name: "Check" }).click();
  await expect(checkItems(page)).toHaveCount(4);
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("4 of 4 passed");
});
