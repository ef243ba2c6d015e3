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

async function openTab(page: Page, name: "Checks" | "Callback chain" | "Reactor") {
  await page.getByRole("tab", { name, exact: true }).click();
  return page.getByRole("region", { name, exact: true });
}

test("stepping a failing errback: the chain, the reactor, the highlighted line and the output at each step", async ({ strictPage: page }) => {
  await openStep(page);
  await replaceCode(page, FAILING);
  await control(page, "Restart").click();
  await expect(sentence(page)).toHaveText("The program starts: its top level runs, line by line.");
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
  await expect(sentence(page)).toHaveText("Line 5 schedules an anonymous function to run at 1.0 s (call #2).");
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
  await control(page, "Step line").click();
  await expect(reactor.getByRole("list", { name: "Output at this step" })).toContainText("failed: nobody");
  await control(page, "Step back line").click();
  await expect(reactor.getByText("Nothing printed yet.")).toBeVisible();
  await control(page, "Step line").click();

  const table = (await openTab(page, "Callback chain")).getByRole("table", { name: "Callback chain of Deferred #1, line 4" });
  await expect(table.getByRole("row", { name: /^Fired/ })).toContainText("errback([Failure UnknownUser: nobody]) on line 5: enters the errback side");
  await expect(table.getByRole("row", { name: /^#0/ })).toContainText("✗ errback pass-through got [Failure UnknownUser: nobody]");
  await expect(table.getByRole("row", { name: /^#1/ })).toContainText("not run yet");

  // One event on: the errback re-raised, the Failure stays on the errback side.
  await timeline.press("ArrowRight");
  await expect(sentence(page)).toHaveText('Errback #1 of Deferred #1 raised UnknownUser("nobody"): the Failure stays on the errback side.');
  await expect(table.getByRole("row", { name: /^#1/ })).toContainText("✗ errback (anonymous) got [Failure UnknownUser: nobody], raised [Failure UnknownUser: nobody]; on to the errback side");

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
  // The terminal stays live: the run printed its line once, however often the cursor went back over it.
  await expect(terminalRows(page).getByText("failed: nobody")).toHaveCount(1);
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
