import { expect, test } from "./fixtures";
import { lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";

const STEP = ["06-finger-stage-2", "03-read-status-from-a-file"];

// The server re-reads /etc/users every 30 s of the reactor's clock, which in the
// app keeps pace with the real one: the test waits for the read, as a learner does.
test("an edit of /etc/users in the terminal reaches finger at the next read", async ({ strictPage: page }) => {
  test.setTimeout(120_000);
  await page.goto("/lessons/finger-stage-2/read-status-from-a-file/");
  const terminal = terminalRows(page);
  const answer = (text: string) => terminal.getByText(text, { exact: true });

  await replaceCode(page, lessonFile(...STEP, "solution", "finger.tac.ts"));
  await page.getByRole("button", { name: "Run" }).click();
  // Retried until twistd has started the service and port 79 listens.
  await expect(async () => {
    await typeInTerminal(page, "finger shawn@localhost");
    await expect(answer("alive").first()).toBeVisible({ timeout: 3_000 });
  }).toPass();

  await typeInTerminal(page, "echo 'newbie: fresh from the file' >> /etc/users");
  await typeInTerminal(page, "cat /etc/users");
  await expect(answer("newbie: fresh from the file")).toBeVisible();
  await typeInTerminal(page, "finger newbie@localhost");
  await expect(answer("No such user")).toBeVisible();

  // Until the next read finger does not know newbie; afterwards it does.
  await expect(async () => {
    await typeInTerminal(page, "finger newbie@localhost");
    await expect(answer("fresh from the file")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 45_000, intervals: [3_000] });
});
