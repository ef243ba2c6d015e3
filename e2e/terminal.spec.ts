import { expect, test } from "./fixtures";
import { lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";

test("the terminal's commands drive the lesson's server and the simulated host", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-1/output-from-a-non-empty-factory/");
  await replaceCode(page, lessonFile("02-finger-stage-1", "07-output-from-a-non-empty-factory", "solution", "finger.ts"));
  await page.getByRole("button", { name: "Run" }).click();
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("The reactor is running");

  await typeInTerminal(page, "finger moshez@localhost:1079");
  await expect(terminal).toContainText("Happy and well");

  await typeInTerminal(page, "clients 3 1079 moshez");
  await expect(terminal).toContainText("3 clients connecting to port 1079");
  await expect(terminal.getByText('"Happy and well\\r\\n" then closed')).toHaveCount(3);

  await typeInTerminal(page, "netstat");
  // A row wider than the terminal wraps between words: the space at the wrap is not in the rows.
  await expect(terminal).toContainText(/tcp\s+0\.0\.0\.0:1079\s+0\.0\.0\.0:\*\s*LISTEN/);

  await typeInTerminal(page, 'echo "moshez: at lunch" > /tmp/status');
  await typeInTerminal(page, "cat /tmp/status");
  await expect(terminal).toContainText("moshez: at lunch");
  await typeInTerminal(page, "ls /etc");
  await expect(terminal).toContainText("passwd");

  await typeInTerminal(page, "curl http://localhost:8000/");
  await expect(terminal).toContainText("curl: (7) Failed to connect to localhost port 8000: Connection refused");
  await typeInTerminal(page, "nosuchcommand");
  await expect(terminal).toContainText("nosuchcommand: command not found");
});
