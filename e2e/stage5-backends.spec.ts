import { expect, test } from "./fixtures";
import { lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";

const SOLUTION = lessonFile("09-finger-stage-5", "03-plug-them-in", "solution", "finger.tac.ts");
const MEMORY_LINE = 'const f = new MemoryFingerService({ moshez: "Happy and well" });';

test("changing the one line that chooses the backend changes what finger answers", async ({ strictPage: page }) => {
  test.setTimeout(120_000);
  expect(SOLUTION).toContain(MEMORY_LINE);
  await page.goto("/lessons/finger-stage-5/plug-them-in/");
  const terminal = terminalRows(page);
  const answer = (text: string) => terminal.getByText(text, { exact: true });

  await replaceCode(page, SOLUTION);
  await page.getByRole("button", { name: "Run" }).click();
  // Retried until twistd has started the services and port 79 listens.
  await expect(async () => {
    await typeInTerminal(page, "finger moshez@localhost");
    await expect(answer("Happy and well").first()).toBeVisible({ timeout: 3_000 });
  }).toPass();
  await expect(answer("Working on the tutorial")).toHaveCount(0);

  // The plan backend reads /home/moshez/.plan, which the step puts on the host.
  await replaceCode(page, SOLUTION.replace(MEMORY_LINE, "const f = new PlanFingerService();"));
  await page.getByRole("button", { name: "Run" }).click();
  await expect(async () => {
    await typeInTerminal(page, "finger moshez@localhost");
    await expect(answer("Working on the tutorial").first()).toBeVisible({ timeout: 3_000 });
  }).toPass();
});
