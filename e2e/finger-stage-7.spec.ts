import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, terminalRows } from "./helpers";
import { savedProgressText } from "./saved-progress";

const SOLUTION = lessonFile("11-finger-stage-7", "02-a-pb-client", "solution", "fingerPBclient.ts");
// Only the solution has this comment: once the saved code holds it, Run runs the solution.
const SOLUTION_MARK = "connectTCP tells the factory when the connection fails";

test("a learner runs the PB server and client of stage 7 in the browser, reads each answer in the terminal, and passes the checks", async ({
  strictPage: page,
}) => {
  test.setTimeout(120_000);
  expect(SOLUTION).toContain(SOLUTION_MARK);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/lessons/finger-stage-7/a-pb-client/");

  // The start is the tutorial's client: it gets the root object and one answer, then stops.
  await page.getByRole("button", { name: "Run" }).click();
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("PBServerFactory starting on 8889");
  await expect(terminal).toContainText("got object: RemoteReference");
  await expect(terminal).toContainText("server sent: happy and well");

  await replaceCode(page, SOLUTION);
  await expect.poll(() => savedProgressText(page), { timeout: 20_000 }).toContain(SOLUTION_MARK);
  await page.getByRole("button", { name: "Run" }).click();
  // Every kind of answer a PB client meets: results, a remote failure, and no server at all.
  await expect(terminal).toContainText("users: moshez, shawn");
  await expect(terminal).toContainText("nope failed: No such method: remote_nope");
  // The terminal wraps the long line, so only its start is looked for.
  await expect(terminal).toContainText("no object: Connection was refused");
  await expect(terminal).toContainText("Main loop terminated.");
  await page.screenshot({ path: "test-results/finger-stage-7-pb-client.png" });

  await page.getByRole("button", { name: "Check" }).click();
  await page.getByRole("tab", { name: "Checks" }).click();
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("5 of 5 passed");
  // (A check's detail quotes the output "nope failed: ...", so "failed" alone does not mark a failed check here.)
  await expect(checkItems(page)).toHaveCount(5);
  await page.screenshot({ path: "test-results/finger-stage-7-pb-client-checks.png" });
});
