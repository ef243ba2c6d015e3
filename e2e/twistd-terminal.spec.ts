import { expect, test } from "./fixtures";
import { lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";

const STEP = ["06-finger-stage-2", "03-read-status-from-a-file"];

test.use({ viewport: { width: 1280, height: 720 } });

// The terminal journey of stage 11: twistd runs the learner's .tac in the
// background, the shell comes back, and the daemon is found and stopped the
// way it is on a real machine: twistd.pid, twistd.log, ps, kill.
test("twistd -y runs the application as a daemon that ps lists, tail shows, and kill stops cleanly", async ({ strictPage: page }) => {
  test.setTimeout(120_000);
  await page.goto("/lessons/finger-stage-2/read-status-from-a-file/");
  const terminal = terminalRows(page);
  const row = (text: string | RegExp) => terminal.getByText(text, { exact: typeof text === "string" });

  await replaceCode(page, lessonFile(...STEP, "solution", "finger.tac.ts"));
  await typeInTerminal(page, "twistd -y finger.tac.ts");
  await typeInTerminal(page, "cat twistd.pid");
  await expect(row(/^\d{4}$/)).toBeVisible();
  const pid = (await row(/^\d{4}$/).textContent())!.trim();

  await typeInTerminal(page, "ps");
  await expect(terminal.getByText(new RegExp(`^\\s*${pid} S\\s+twistd -y finger\\.tac\\.ts$`))).toBeVisible();
  await typeInTerminal(page, "finger shawn@localhost");
  await expect(row("alive").first()).toBeVisible();
  await typeInTerminal(page, "tail -n 4 twistd.log");
  // Log lines are wider than the terminal, which wraps them: read the rows' text together.
  await expect(terminal).toContainText("+0000 [-] FingerFactory starting on 79");
  await page.screenshot({ path: "test-results/twistd-terminal-running.png" });

  await typeInTerminal(page, "clear");
  await typeInTerminal(page, "kill $(cat twistd.pid)");
  await expect(async () => {
    await typeInTerminal(page, "tail -n 3 twistd.log");
    await expect(terminal).toContainText("[twisted.scripts._twistd_unix.UnixAppLogger#info] Server Shut Down.", { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await typeInTerminal(page, "cat twistd.pid");
  await expect(row("cat: twistd.pid: No such file or directory")).toBeVisible();
  await page.screenshot({ path: "test-results/twistd-terminal-stopped.png" });

  await typeInTerminal(page, "clear");
  await typeInTerminal(page, "help");
  await expect(terminal.getByText(/twistd -y FILE +run an application/)).toBeVisible();
  await page.screenshot({ path: "test-results/twistd-terminal-help.png" });
});
