import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { replaceCode, terminalRows } from "./helpers";

const STEP_URL = "/lessons/deferreds/errbacks-and-failures/";

/** A Failure that goes down the errback side, through an errback that logs and re-raises, and is left unhandled. */
const FAILING = `import { defer, reactor } from "twisted/internet";
class UnknownUser extends Error {}
function getStatus(user: string) {
const d = new defer.Deferred<string>();
reactor.callLater(1, () => d.errback(new UnknownUser(user)));
return d;
}
const d = getStatus("nobody");
d.addCallback((status: string) => "line: " + status);
d.addErrback((reason: any) => { console.log("failed: " + reason.getErrorMessage()); throw reason; });
d.addCallback((line: string) => console.log(line));
reactor.callLater(2, () => reactor.stop());
reactor.run();`;

function control(page: Page, name: string) {
  return page.getByRole("region", { name: "Debugger" }).getByRole("button", { name, exact: true });
}

/** The sentence about the current step (an aria-live region). */
function sentence(page: Page) {
  return page.getByTestId("debugger-sentence");
}

/** The line number the editor marks as the current step's, or "" when none is marked. */
async function expectHighlightedLine(page: Page, line: number | null): Promise<void> {
  const marked = page.getByTestId("code-editor").locator(".line-numbers.debug-current-line-number");
  if (line === null) await expect(marked).toHaveCount(0);
  else await expect(marked).toHaveText(String(line));
}

/** Opens the lesson step and waits for its editor, which a development server can take a while to compile. */
async function openStep(page: Page): Promise<void> {
  await page.goto(STEP_URL);
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
}

/** "Step 12 · recording…" or "Step 12 of 112", beside the timeline. */
function position(page: Page) {
  return page.getByRole("region", { name: "Debugger" }).locator(".debugger-position");
}

/** The terminal's rows that the debugger dims (xterm marks each dimmed cell): output printed before the cursor went back over it. */
function dimmedRows(page: Page) {
  return terminalRows(page).locator("> div").filter({ has: page.locator(".xterm-decoration-top") });
}

async function openTab(page: Page, name: "Checks" | "Callback chain" | "Reactor") {
  await page.getByRole("tab", { name, exact: true }).click();
  return page.getByRole("region", { name, exact: true });
}

test("stepping a failing errback: the chain, the reactor, the highlighted line and the output at each step", async ({ strictPage: page }) => {
  await openStep(page);
  await replaceCode(page, FAILING);
  await control(page, "Restart").click();
  await expect(sentence(page)).toHaveText("The program starts: its top level runs, line by line.");
  // The run goes on in the runner: no total yet, since each step may record more.
  await expect(position(page)).toHaveText(/^Step 1 · recording…/);
  await expect(terminalRows(page)).toContainText("paused at its first line");
  await expect(page.getByRole("tab", { name: "Callback chain", exact: true })).toHaveAttribute("aria-selected", "true");
  const timeline = page.getByRole("slider", { name: "Timeline" });
  await expect(timeline).toHaveValue("0");

  // The top level, line by line: getStatus runs with user = "nobody".
  for (let i = 0; i < 4; i++) await control(page, "Step line").click();
  await expect(sentence(page)).toHaveText('Line 4 runs with user = "nobody".');
  await expectHighlightedLine(page, 4);
  await page.locator(".monaco-editor .view-line").filter({ hasText: "function getStatus" }).getByText("user", { exact: true }).hover();
  await expect(page.locator(".monaco-editor .monaco-hover:not(.hidden)")).toContainText('user = "nobody"');

  await control(page, "Step line").click();
  await expectHighlightedLine(page, 5);
  const chain = page.getByRole("region", { name: "Callback chain" });
  await expect(chain).toContainText("Deferred #1, line 4");
  await expect(chain.getByRole("table", { name: "Callback chain of Deferred #1, line 4" })).toContainText("not fired yet");

  // Step: the top level has run (startup fired inside reactor.run(), as in Twisted); the clock reaches 1.0 s
  // and the timer scheduled on line 5 runs, while the one from line 12 waits.
  await control(page, "Step").click();
  await expect(sentence(page)).toContainText("Clock reached 1.0 s: the reactor runs the call scheduled on line 5");
  const reactor = await openTab(page, "Reactor");
  await expect(reactor.getByLabel("Virtual clock: 1.0 s")).toBeVisible();
  await expect(reactor.getByRole("list", { name: "The reactor's loop" }).locator("[aria-current=step]")).toHaveText(/Running timed calls/);
  await expect(reactor.getByRole("list", { name: "Delayed calls, soonest first" }).getByRole("listitem")).toHaveText([/^2\.0 s.*line 12/]);
  const length = await timeline.getAttribute("max");

  // Who scheduled this? The step on line 5 that called callLater; Step back and forth again, without re-running.
  await page.getByRole("region", { name: "Debugger" }).getByRole("button", { name: /Who scheduled this\?/ }).click();
  await expect(sentence(page)).toHaveText("Line 5 schedules () => d.errback(…) to run at 1.0 s (call #1).");
  await expectHighlightedLine(page, 5);
  await control(page, "Step").click();
  await expect(sentence(page)).toContainText("Clock reached 1.0 s");
  await control(page, "Step back").click();
  await expect(sentence(page)).not.toContainText("Clock reached 1.0 s");
  await control(page, "Step").click();
  await expect(sentence(page)).toContainText("Clock reached 1.0 s");
  await expect(timeline).toHaveAttribute("max", length!);

  // Step line: the errback fires the Failure down the errback side; the errback prints, then re-raises.
  await control(page, "Step line").click();
  await expectHighlightedLine(page, 5);
  await control(page, "Step line").click();
  await expect(sentence(page)).toHaveText("Line 10 runs with reason = [Failure UnknownUser: nobody].");
  await expectHighlightedLine(page, 10);
  // The runner has run the whole 1.0 s event, but the terminal shows only what happened up to the cursor.
  await expect(terminalRows(page)).not.toContainText("failed: nobody");
  await control(page, "Step line").click();
  await expect(reactor.getByRole("list", { name: "Output at this step" })).toContainText("failed: nobody");
  await expect(terminalRows(page)).toContainText("failed: nobody");
  await expect(dimmedRows(page)).toHaveCount(0);
  // Back before the errback printed: its line stays in the terminal, dimmed, until the cursor passes it again.
  await control(page, "Step back line").click();
  await expect(reactor.getByText("Nothing printed yet.")).toBeVisible();
  await expect(dimmedRows(page)).toHaveText(["failed: nobody"]);
  await control(page, "Step line").click();
  await expect(dimmedRows(page)).toHaveCount(0);

  const table = (await openTab(page, "Callback chain")).getByRole("table", { name: "Callback chain of Deferred #1, line 4" });
  await expect(table.getByRole("row", { name: /^Fired/ })).toContainText("errback([Failure UnknownUser: nobody]) on line 5: enters the errback side");
  await expect(table.getByRole("row", { name: /^#0/ })).toContainText("✗ errback pass-through got [Failure UnknownUser: nobody]");
  await expect(table.getByRole("row", { name: /^#1/ })).toContainText("not run yet");

  // One event on: the errback re-raised, the Failure stays on the errback side.
  await timeline.press("ArrowRight");
  await expect(sentence(page)).toHaveText('Errback #1 of Deferred #1 raised UnknownUser("nobody"): the Failure stays on the errback side.');
  await expect(table.getByRole("row", { name: /^#1/ })).toContainText("✗ errback (reason) => {…} got [Failure UnknownUser: nobody], raised [Failure UnknownUser: nobody]; on to the errback side");
  // The pairs are named by their code, as Python names a lambda by its line.
  await expect(table.getByRole("row", { name: /^#0/ })).toContainText('(status) => "line: " + status (line 9)');

  // One more: the last pair passes the Failure on, and it is flagged the moment it is left at the end of the chain.
  await timeline.press("ArrowRight");
  await expect(sentence(page)).toContainText("That was the last pair: the Failure is left at the end of the chain, unhandled.");
  await expect(table.getByRole("row", { name: /^End/ })).toHaveText(/✗ Unhandled Failure \[Failure UnknownUser: nobody\]: no errback after it/);
  await expect(chain.getByRole("list", { name: "Unhandled Failures" })).toContainText("ends in a Failure nothing handles");

  // Step line at the end of the trace asks the runner for the next event: the 2.0 s timer's first line.
  await control(page, "Step line").click();
  await expect(sentence(page)).toHaveText("Line 12 runs.");
  await expectHighlightedLine(page, 12);
  await expect(table.getByRole("row", { name: /^End/ })).toContainText("reported as Unhandled error in Deferred");
  await expect(terminalRows(page)).toContainText("Unhandled error in Deferred");
  // The run printed its line once, however often the cursor went back over it.
  await expect(terminalRows(page).getByText("failed: nobody")).toHaveCount(1);
  await expect(position(page)).toHaveText(/· recording…/);

  // Back to the start, then Run carries on live: the terminal shows all of the run again, and once it has ended the total is known.
  await timeline.press("Home");
  await expect(dimmedRows(page).first()).toBeVisible();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Not running/ })).toBeVisible();
  await expect(dimmedRows(page)).toHaveCount(0);
  await expect(position(page)).toHaveText(/^Step [\d,]+ of [\d,]+/);
});

test("Pause freezes a live run, Step runs one more event, Run carries on", async ({ strictPage: page }) => {
  await openStep(page);
  await replaceCode(
    page,
    `import { reactor } from "twisted/internet";
let n = 0;
function tick() { n += 1; console.log("tick " + n); reactor.callLater(0.5, tick); }
tick();
reactor.run();`,
  );
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(terminalRows(page)).toContainText("tick 2");
  await control(page, "Pause").click();
  await expect(page.getByRole("status").filter({ hasText: /^Paused/ })).toBeVisible();
  await expect(control(page, "Pause")).toBeDisabled();
  await control(page, "Step").click();
  await expect(sentence(page)).toContainText("the reactor calls tick scheduled on line 3");
  await control(page, "Step line").click();
  await expect(sentence(page)).toHaveText(/^Line 3 runs/);
  await expectHighlightedLine(page, 3);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Running/ })).toBeVisible();
  await expect(control(page, "Pause")).toBeEnabled();
});

test("the debugger panel resizes by its splitters, by keyboard or by drag, keeps its size, and shows callbacks whole at 1280x720", async ({ strictPage: page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openStep(page);
  await replaceCode(page, FAILING);
  await control(page, "Restart").click();
  await control(page, "Step").click();
  await expect(sentence(page)).toContainText("Clock reached 1.0 s");
  await expect(page.getByRole("tab", { name: "Callback chain", exact: true })).toHaveAttribute("aria-selected", "true");
  const chain = page.getByRole("region", { name: "Callback chain" });
  await expect(chain.locator(".half-fn")).toContainText(['(status) => "line: " + status', "pass-through", "pass-through", "(reason) => {…}", "(line) => console.log(…)", "pass-through"]);
  // Every name is whole: wrapped if it must be, never cut.
  for (const fn of await chain.locator(".half-fn").all()) expect(await fn.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);

  const panel = page.locator(".side-panels");
  const before = (await panel.boundingBox())!;
  const width = page.getByRole("separator", { name: "Debugger panel width" });
  const start = Number(await width.getAttribute("aria-valuenow"));
  await width.focus();
  for (let i = 0; i < 5; i++) await width.press("ArrowLeft");
  await expect(width).toHaveAttribute("aria-valuenow", String(start + 10));
  await expect(async () => expect((await panel.boundingBox())!.width).toBeGreaterThan(before.width + 60)).toPass();

  const height = page.getByRole("separator", { name: "Debugger panel height" });
  const grip = (await height.boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip.x + grip.width / 2, grip.y - 90, { steps: 5 });
  await page.mouse.up();
  await expect(async () => expect((await panel.boundingBox())!.height).toBeGreaterThan(before.height + 60)).toPass();
  const resized = (await panel.boundingBox())!;

  // The next visit keeps the sizes.
  await page.reload();
  await openTab(page, "Callback chain");
  await expect(page.getByRole("separator", { name: "Debugger panel width" })).toHaveAttribute("aria-valuenow", String(start + 10));
  await expect(async () => {
    const box = (await panel.boundingBox())!;
    expect(Math.abs(box.width - resized.width)).toBeLessThan(4);
    expect(Math.abs(box.height - resized.height)).toBeLessThan(4);
  }).toPass();
});
