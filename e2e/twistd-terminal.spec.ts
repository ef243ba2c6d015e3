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

// Stage 11 in the terminal: twistd finds the learner's plugin under twisted/plugins/, lists it in --help, and
// `twistd finger --file=/etc/users` runs the whole finger service as a daemon, found and stopped as above.
test("twistd --help lists the learner's finger plugin, and twistd finger runs it as a daemon", async ({ strictPage: page }) => {
  test.setTimeout(120_000);
  await page.goto("/lessons/finger-stage-11/in-the-background/");
  const terminal = terminalRows(page);
  const row = (text: string | RegExp) => terminal.getByText(text, { exact: typeof text === "string" });

  await typeInTerminal(page, "twistd --help");
  await expect(terminal.getByText(/^\s+finger\s+Run a finger service$/)).toBeVisible();
  await page.screenshot({ path: "test-results/twistd-terminal-plugin-help.png" });

  await typeInTerminal(page, "clear");
  await typeInTerminal(page, "twistd finger --file=/etc/users");
  await typeInTerminal(page, "cat twistd.pid");
  await expect(row(/^\d{4}$/)).toBeVisible();
  const pid = (await row(/^\d{4}$/).textContent())!.trim();
  await typeInTerminal(page, "ps");
  await expect(terminal.getByText(new RegExp(`^\\s*${pid} S\\s+twistd finger`))).toBeVisible();
  await typeInTerminal(page, "finger moshez@localhost");
  await expect(row("happy and well").first()).toBeVisible();
  await typeInTerminal(page, "curl localhost:8000/shawn");
  await expect(terminal).toContainText("<h1>shawn</h1><p>alive</p>");
  await page.screenshot({ path: "test-results/twistd-terminal-plugin-running.png" });

  await typeInTerminal(page, "clear");
  await typeInTerminal(page, "kill $(cat twistd.pid)");
  await expect(async () => {
    await typeInTerminal(page, "tail -n 3 twistd.log");
    await expect(terminal).toContainText("Server Shut Down.", { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await typeInTerminal(page, "finger moshez@localhost");
  await expect(terminal).toContainText("Connection refused");
});

// The Stop button stops a twistd the terminal started, as Ctrl-C would: SIGINT, logged, services stopped to the end.
test("Stop sends SIGINT to a twistd started in the terminal, in the foreground or as a daemon", async ({ strictPage: page }) => {
  test.setTimeout(120_000);
  // Stopping logs a dozen lines: a tall window keeps "Received SIGINT" among the terminal's visible rows.
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto("/lessons/finger-stage-11/in-the-background/");
  const terminal = terminalRows(page);
  const stop = page.getByRole("button", { name: "Stop", exact: true });
  await expect(stop).toBeHidden();

  await typeInTerminal(page, "twistd -n finger --file=/etc/users");
  await expect(terminal).toContainText("Site starting on 8000");
  await expect(stop).toBeVisible();
  await stop.click();
  await expect(terminal).toContainText("Received SIGINT, shutting down.");
  await expect(terminal).toContainText("Main loop terminated.");
  await expect(stop).toBeHidden();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: "test-results/twistd-terminal-stop-foreground.png" });
  await page.setViewportSize({ width: 1280, height: 1400 });

  // A fresh page, so a fresh simulated host: on one host, a twistd started after another has stopped does not yet
  // finish its own shutdown (its reactor is the first one's, restarted), whatever stops it.
  await page.reload();
  await typeInTerminal(page, "twistd finger --file=/etc/users");
  await expect(stop).toBeVisible();
  await stop.click();
  await expect(stop).toBeHidden();
  await expect(async () => {
    await typeInTerminal(page, "clear");
    await typeInTerminal(page, "tail -n 14 twistd.log");
    await expect(terminal).toContainText("Received SIGINT, shutting down.", { timeout: 2_000 });
    await expect(terminal).toContainText("Server Shut Down.", { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await typeInTerminal(page, "cat twistd.pid");
  await expect(terminal).toContainText("cat: twistd.pid: No such file or directory");
  await page.screenshot({ path: "test-results/twistd-terminal-stop-daemon.png" });
});
