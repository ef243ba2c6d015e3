import { expect, test } from "./fixtures";
import { lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";

const FACTORY_STEP = "/lessons/finger-stage-1/output-from-a-non-empty-factory/";
const factorySolution = () => lessonFile("02-finger-stage-1", "07-output-from-a-non-empty-factory", "solution", "finger.ts");

test("the terminal says only what is true of the program that runs", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-1/refuse-connections/");
  const terminal = terminalRows(page);
  const tip = page.getByRole("region", { name: "Terminal" }).locator(".panel-tip");

  // A program that ends: no "running" message after "Main loop terminated."
  await replaceCode(page, 'import { reactor } from "twisted/internet";\nreactor.callLater(0, () => reactor.stop());\nreactor.run();\n');
  await page.getByRole("button", { name: "Run" }).click();
  await expect(terminal).toContainText("Main loop terminated.");
  await expect(page.getByRole("status").filter({ hasText: "Not running" })).toBeVisible();
  await expect(terminal).not.toContainText("The reactor is running");
  await expect(tip).toHaveCount(0);

  // A reactor with no server: nothing to connect to.
  await replaceCode(page, 'import { reactor } from "twisted/internet";\nreactor.run();\n');
  await page.getByRole("button", { name: "Run" }).click();
  await expect(terminal).toContainText("The reactor is running. The program listens on no port");
  await expect(terminal).not.toContainText("Try: nc");

  // A server: its own port.
  await page.goto(FACTORY_STEP);
  await replaceCode(page, factorySolution().replace('"tcp:1079"', '"tcp:1080"'));
  await page.getByRole("button", { name: "Run" }).click();
  await expect(terminalRows(page)).toContainText("The reactor is running, listening on port 1080. Try: nc localhost 1080");
  await expect(tip).toHaveText("try: nc localhost 1080");
});

test("pipes, printf, nc -C, jobs, fg and kill do what the lessons' experiments need", async ({ strictPage: page }) => {
  await page.goto(FACTORY_STEP);
  await replaceCode(page, factorySolution());
  await page.getByRole("button", { name: "Run" }).click();
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("listening on port 1079");

  await typeInTerminal(page, "printf 'moshez\\r\\n' | nc -N localhost 1079");
  await expect(terminal).toContainText("Happy and well");
  await typeInTerminal(page, "echo nobody | nc -C localhost 1079");
  await expect(terminal).toContainText("No such user");

  // A bare LF is not a line to LineReceiver: no answer, the connection stays open until Ctrl-C.
  await typeInTerminal(page, "printf 'moshez\\n' | nc localhost 1079 &");
  await typeInTerminal(page, "jobs");
  await expect(terminal).toContainText("[3]  Running");
  await typeInTerminal(page, "fg %3");
  await page.keyboard.press("Control+C");
  await typeInTerminal(page, "nc localhost 1079 &");
  await typeInTerminal(page, "kill %4");
  await expect(terminal).toContainText("[4]  Terminated");

  await typeInTerminal(page, "kill 1");
  await expect(terminal).toContainText("Received SIGTERM, shutting down.");
  await expect(terminal).toContainText("Main loop terminated.");
});
