import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";

const STEP = ["06-finger-stage-2", "06-announce-on-irc"];

test("a learner runs the IRC bot, talks to it with irc in the terminal, and passes the checks", async ({ strictPage: page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/lessons/finger-stage-2/announce-on-irc/");
  const terminal = terminalRows(page);

  // The step's /etc/users is on the learner's host from the start.
  await typeInTerminal(page, "cat /etc/users");
  await expect(terminal).toContainText("moshez: happy and well");

  await replaceCode(page, lessonFile(...STEP, "solution", "finger.tac.ts"));
  await page.getByRole("button", { name: "Run" }).click();
  await expect(terminal).toContainText("set uid/gid 1/1");
  await expect(terminal).toContainText("The reactor is running");
  // The IRC server's port 6667 is on its own host: the learner's machine listens only on finger's.
  await expect(terminal).toContainText(/listening on ports 79\s?and\s?8000\./);

  // (Rows are read without the line breaks xterm wraps at: expect short phrases.)
  await typeInTerminal(page, "irc");
  await expect(terminal).toContainText("Welcome to the");

  await typeInTerminal(page, "/join #twisted");
  await expect(terminal).toContainText("You have joined #twisted");
  await expect(terminal).toContainText(/\[#twisted\] -!- Here: .*fingerbot/);

  // Said in the channel, a name gets no answer; asked privately, the bot answers.
  await typeInTerminal(page, "moshez");
  await expect(terminal).toContainText("[#twisted] <learner> moshez");
  await typeInTerminal(page, "/msg fingerbot moshez");
  await expect(terminal).toContainText("*fingerbot* Status of moshez: happy and well");
  await expect(terminal).not.toContainText("<fingerbot>");
  // The editor at its first line, as a learner who just pasted would scroll it, for a screenshot worth judging.
  await page.getByTestId("code-editor").click({ position: { x: 120, y: 12 } });
  await page.keyboard.press("ControlOrMeta+Home");
  await page.screenshot({ path: "test-results/irc-step-1280x720.png" });

  await typeInTerminal(page, "/quit");
  await expect(terminal).toContainText("Disconnected from irc.freenode.org.");

  await page.getByRole("button", { name: "Check" }).click();
  const items = checkItems(page);
  await expect(items).toHaveCount(7);
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("7 of 7 passed");
});
