/**
 * Learner code is untrusted (issue 17): each test repeats an attack through
 * the page, as a learner would type it, and shows that the page survives,
 * says what happened, and keeps working.
 */
import { expect, test } from "./fixtures";
import { checkItems, replaceCode, terminalRows, typeInTerminal } from "./helpers";
import { savedProgress, seedProgress } from "./saved-progress";

const STEP_URL = "/lessons/finger-stage-1/refuse-connections/";
const IMPORT = 'import { reactor } from "twisted/internet";\n';

async function run(page: import("@playwright/test").Page, code: string): Promise<void> {
  await replaceCode(page, code);
  await page.getByRole("button", { name: "Run", exact: true }).click();
}

/** Puts `code` in the editor as saved work restored on load: long programs arrive exactly as written. */
async function restoreCode(page: import("@playwright/test").Page, code: string): Promise<void> {
  await seedProgress(page, { steps: { "finger-refuse-connections": { code } } });
  await page.reload();
  await expect(page.locator(".monaco-editor .view-lines")).toContainText("attempts");
}

async function stillWorks(page: import("@playwright/test").Page): Promise<void> {
  await run(page, `${IMPORT}reactor.run();\n`);
  await expect(page.getByRole("status").filter({ hasText: /^Running/ })).toBeVisible();
}

test("an error naming a line the edited file no longer has does not crash the page", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  // A timer on line 8 blocks the reactor three seconds after Run, by which time the file has two lines (a program
  // starts at once now that SQLite is not loaded for it, and one second was too short to paste on a loaded machine).
  await run(page, `${IMPORT}\n\n\n\n\nreactor.callLater(3, () => {\n  while (true) {}\n});\nreactor.run();\n`);
  await replaceCode(page, "// two lines now\n");
  // The guard stops the loop by its count or, on a machine too busy to count that far, by the clock.
  await expect(page.locator(".error-banner")).toContainText(/line 8: your code (looped millions of times|ran for more than two seconds)/);
  await expect(page.locator(".monaco-editor .squiggly-error")).toHaveCount(0);

  // A stack the program rewrote to name line 999.
  await run(page, 'const e = new Error("boom");\ne.stack = "at finger.ts:999:1";\nthrow e;\n');
  await expect(page.locator(".error-banner")).toContainText("Error: boom");
  await expect(page.locator(".error-banner")).not.toContainText("999");
  await stillWorks(page);
});

test("a flood of output is cut, said so, and the page stays responsive", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await run(page, 'console.log("x".repeat(50_000_000));\nconsole.log("after the long line");\n');
  const terminal = terminalRows(page);
  // xterm wraps the note where the terminal's width ends it, and drops the space there.
  await expect(terminal).toContainText(/output truncated: that line had 50,000,000 characters;\s*the first 2,000 are shown\./);
  await expect(terminal).toContainText("after the long line");

  await run(page, `${IMPORT}let n = 0;\nreactor.callLater(0.1, function tick() {\n  for (let i = 0; i < 10_000; i++) console.log("line " + n++);\n  reactor.callLater(0.1, tick);\n});\nreactor.run();\n`);
  await expect(terminal).toContainText(/output truncated: this run has printed 2,000 lines;\s*the\s*rest of its output is not shown\./);
  // The screen reader's live region is not handed the flood: a few rows at most (xterm reads up to 20, then says
  // there is too much to announce), not the 2,000 lines (some 20,000 characters) the terminal shows.
  const liveRegion = page.locator(".xterm .live-region");
  expect((await liveRegion.textContent())?.length ?? 0).toBeLessThan(5_000);
  await stillWorks(page);
});

test("a callLater(0) that reschedules itself forever is stopped, naming its line", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await run(page, `${IMPORT}function again() {\n  reactor.callLater(0, again);\n}\nreactor.callLater(0.5, again);\nreactor.run();\n`);
  await expect(page.locator(".error-banner")).toContainText("finger.ts, line 2: the reactor never became idle");
  await stillWorks(page);
});

for (const [name, body] of [
  ["a native loop", "Array.prototype.every.call({ length: 2 ** 53 - 1 }, () => true);"],
  ["a catastrophic regular expression", '/^(a+)+$/.test("a".repeat(40) + "!");'],
] as const) {
  test(`${name} in a timer is stopped by the page within its watchdog's time, naming the line`, async ({ strictPage: page }) => {
    await page.goto(STEP_URL);
    await replaceCode(page, `${IMPORT}reactor.callLater(1, () => {\n  ${body}\n});\nreactor.run();\n`);
    // Timed from the click: the stop can come before a loaded machine's test has seen "Running".
    const clicked = Date.now();
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect(page.locator(".error-banner")).toContainText("The last line of yours that was seen running is line 2.", { timeout: 10_000 });
    // Starting the run, one second until the timer, 1.2 s of silence, and slack for a machine shared with other work.
    expect(Date.now() - clicked).toBeLessThan(6000);
    await expect(page.getByRole("status").filter({ hasText: "Stopped: blocked the reactor" })).toBeVisible();
    await stillWorks(page);
  });
}

test("a program cannot forge the checks' verdict by dispatching requests to the runner", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  // Never runs the reactor, so "The reactor is running" must fail; it asks the runner to check a correct program instead.
  await replaceCode(
    page,
    `const checks = [
  { id: "reactor-runs", title: "The reactor is running", scenario: [{ expectReactor: "running" }] },
  { id: "refuses-1079", title: "Connections to port 1079 are refused", scenario: [{ connect: "client", port: 1079 }, { expect: "client", state: "refused" }] },
];
const source = 'import { reactor } from "twisted/internet";\\nreactor.run();\\n';
for (let requestId = 1; requestId <= 5; requestId++) {
  (self as any).dispatchEvent(new MessageEvent("message", { data: { type: "check", requestId, source, file: "finger.ts", checks } }));
}
`,
  );
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.locator(".checks-summary")).toHaveText(/^\d of 2 passed$/);
  // Forged, the verdict would be the correct program's: 2 of 2.
  await expect(page.locator(".checks-summary")).not.toHaveText("2 of 2 passed");
  await expect(checkItems(page).filter({ hasText: "The reactor is running" })).toContainText("failed");
});

test("a program's own message listener hears none of the page's requests", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await run(
    page,
    `import { protocol, reactor } from "twisted/internet";
const scope: any = globalThis;
scope.addEventListener("message", (event: any) => console.log("HEARD " + JSON.stringify(event.data)));
const factory = new protocol.ServerFactory();
factory.protocol = protocol.Protocol;
reactor.listenTCP(1079, factory);
console.log("listening");
reactor.run();
`,
  );
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("listening");
  // Requests the page sends the running program's runner: a connection, a command, a Check.
  await typeInTerminal(page, "nc localhost 1079");
  await page.keyboard.press("Control+C");
  await typeInTerminal(page, "cat /etc/users");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.locator(".checks-summary")).toHaveText(/passed$/);
  await expect(terminal).not.toContainText("HEARD");
});

test("browser timers are not there for learner code, so nothing of a run outlives it", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await run(
    page,
    `const names = ["setTimeout", "setInterval", "requestAnimationFrame", "MessageChannel", "scheduler"];
const scope: any = globalThis;
names.forEach((name) => console.log(name + ": " + typeof scope[name]));
`,
  );
  const terminal = terminalRows(page);
  for (const name of ["setTimeout", "setInterval", "requestAnimationFrame", "MessageChannel", "scheduler"]) {
    await expect(terminal).toContainText(`${name}: undefined`);
  }
});

test("every run starts in a fresh realm: what one run left on the global object is gone in the next", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  // The global object itself is not frozen (programs may keep their own globals): only a fresh worker clears it.
  await run(page, 'const scope: any = globalThis;\nscope.leftBehind = "from the first run";\nconsole.log("first run left: " + scope.leftBehind);\n');
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("first run left: from the first run");
  await run(page, 'console.log("second run sees: " + typeof (globalThis as any).leftBehind);\n');
  await expect(terminal).toContainText("second run sees: undefined");
});

test("a program cannot patch the built-ins the checks' judge uses", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  // Never runs the reactor, so "The reactor is running" must fail however the built-ins are bent.
  await restoreCode(
    page,
    `const attempts: Record<string, () => unknown> = {
  push: () => { Array.prototype.push = () => 0; },
  get: () => { Map.prototype.get = () => undefined; },
  includes: () => { String.prototype.includes = () => true; },
};
for (const [name, attempt] of Object.entries(attempts)) {
  try {
    attempt();
    console.log(name + ": PATCHED");
  } catch {
    console.log(name + ": refused");
  }
}
`,
  );
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const terminal = terminalRows(page);
  for (const name of ["push", "get", "includes"]) await expect(terminal).toContainText(`${name}: refused`);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(checkItems(page).filter({ hasText: "The reactor is running" })).toContainText("failed");
  // The next run is not poisoned.
  await stillWorks(page);
});

test("a failing server stays failing, and nothing is saved as passed, whatever the program does to its runner", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-1/output-an-error/");
  // Answers "nope" where every check wants "No such user". It bends Array.prototype.push to mark any result passed,
  // and dispatches the messages a Check's runner sends (records, an end, an old-style verdict) for every request id.
  await replaceCode(
    page,
    `import { reactor, protocol, endpoints } from "twisted/internet";
import { basic } from "twisted/protocols";
const scope: any = globalThis;
try {
  const concat = Array.prototype.concat;
  (Array.prototype as any).push = function (this: any[], ...items: any[]) {
    for (const item of items) if (item && typeof item === "object" && "passed" in item) item.passed = true;
    return concat.call(this, items).length;
  };
  console.log("push: PATCHED");
} catch {
  console.log("push: refused");
}
for (let requestId = 1; requestId <= 5; requestId++) {
  const results = [{ id: "says-no-such-user", title: "forged", passed: true, detail: "" }];
  for (const data of [
    { type: "check-observed", requestId, index: 0, observations: [] },
    { type: "checked", requestId, results },
    { type: "checks-done", requestId },
  ]) scope.dispatchEvent(new MessageEvent("message", { data }));
}
class Nope extends basic.LineReceiver {
  lineReceived(line: string) {
    this.sendLine("nope");
    this.transport!.loseConnection();
  }
}
const factory = new protocol.ServerFactory();
factory.protocol = Nope;
endpoints.serverFromString(reactor, "tcp:1079").listen(factory);
reactor.run();
`,
  );
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.locator(".checks-summary")).toHaveText("0 of 3 passed");
  await expect(checkItems(page).filter({ hasText: "failed" })).toHaveCount(3);
  await expect(checkItems(page).first()).toContainText('the client received "nope\\r\\n"');
  // Once the Check's counts are saved, no step is saved as passed.
  await expect.poll(async () => Object.values((await savedProgress(page)).steps).some((step) => step.checksTotal === 3)).toBe(true);
  const saved = await savedProgress(page);
  expect(Object.entries(saved.steps).filter(([, step]) => step.passed)).toEqual([]);
});
