import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";
import { savedProgressText } from "./saved-progress";

const SOLUTION = lessonFile("13-finger-stage-9", "03-a-finger-proxy", "solution", "fingerproxy.tac.ts");
// Only the solution has this comment: once the saved code holds it, Run runs the solution.
const SOLUTION_MARK = "asks hostb.example about moshez";

test("a learner runs the stage-9 finger proxy and asks it about another host and about one that refuses", async ({ strictPage: page }) => {
  test.setTimeout(120_000);
  expect(SOLUTION).toContain(SOLUTION_MARK);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/lessons/finger-stage-9/a-finger-proxy/");
  const terminal = terminalRows(page);
  const answer = (text: string) => terminal.getByText(text, { exact: true });

  await replaceCode(page, SOLUTION);
  await expect.poll(() => savedProgressText(page), { timeout: 20_000 }).toContain(SOLUTION_MARK);
  await page.getByRole("button", { name: "Run" }).click();
  await expect(terminal).toContainText("FingerFactoryFromService starting on 7779");

  // The real finger passes user@host on, whole, to the last host: the proxy on 7779 asks finger.example.org.
  await typeInTerminal(page, "finger moshez@finger.example.org@localhost:7779");
  await expect(answer("Happy and well")).toBeVisible();
  // Nothing listens on port 79 here: the proxy answers instead of leaving the client waiting.
  await typeInTerminal(page, "finger moshez@localhost:7779");
  await expect(answer("Could not connect to remote host")).toBeVisible();
  await page.screenshot({ path: "test-results/finger-stage-9-proxy.png" });

  await page.getByRole("button", { name: "Check" }).click();
  await page.getByRole("tab", { name: "Checks" }).click();
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("5 of 5 passed");
  await expect(checkItems(page).filter({ hasText: "failed" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/finger-stage-9-proxy-checks.png" });
});
