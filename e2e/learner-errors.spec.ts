/**
 * Learner errors in the learner's terms, on the production build (issue 17):
 * each names its TypeScript line, and the shipped, minified runner still
 * calls Twisted's classes by their names. Floods the page must not draw whole
 * (a 50 MB answer on a connection, a full debugger recording) are cut and said.
 */
import { expect, test } from "./fixtures";
import { replaceCode, terminalRows, typeInTerminal } from "./helpers";

const STEP_URL = "/lessons/finger-stage-1/refuse-connections/";
const IMPORT = 'import { reactor } from "twisted/internet";\n';

async function run(page: import("@playwright/test").Page, code: string): Promise<void> {
  await replaceCode(page, code);
  await page.getByRole("button", { name: "Run", exact: true }).click();
}

test("a rejected Promise nothing caught reaches the terminal with its line, not only the browser's console", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  // Not on the first line: pasted as the first line, "async function lookUp() {" got a second closing brace from the editor.
  await run(page, '// An async function that throws, called with nothing to catch it.\nasync function lookUp() {\n  throw new Error("no such user");\n}\nlookUp();\n');
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("finger.ts, line 3: Error: no such user");
  await expect(terminal).toContainText("A Promise was rejected and nothing caught it");
});

test("a string thrown in a timer is traced to its line", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await run(page, `${IMPORT}reactor.callLater(0.1, function late() {\n  throw "late string";\n});\nreactor.callLater(0.5, () => reactor.stop());\nreactor.run();\n`);
  const terminal = terminalRows(page);
  await expect(terminal).toContainText('File "finger.ts", line 3, in late');
  await expect(terminal).toContainText("String: late string");
});

test("top-level await and export default are explained at their lines", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await run(page, "const user = 'moshez';\nawait Promise.resolve(user);\n");
  await expect(page.locator(".error-banner")).toContainText("await works only inside an async function");
  await expect(page.locator(".error-banner")).toContainText(/line 2/i);

  await run(page, "const answer = 42;\nexport default answer;\n");
  await expect(page.locator(".error-banner")).toContainText("export default is not used here");
  await expect(page.locator(".error-banner")).toContainText(/line 2/i);
});

test("a misspelt import, a method's decorator and a Failure of a plain string are explained at their lines", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await run(page, 'import { reactr } from "twisted/internet";\n\nreactr.run();\n');
  await expect(page.locator(".error-banner")).toContainText("ImportError: cannot import name 'reactr' from 'twisted/internet' (did you mean 'reactor'?)");
  await expect(page.locator(".error-banner")).toContainText(/line 3/i);

  await run(page, "function logged(...args: any[]) {}\nclass Finger {\n  @logged\n  lookUp() {}\n}\n");
  await expect(page.locator(".error-banner")).toContainText("decorators (@name) are not supported here");
  await expect(page.locator(".error-banner")).toContainText(/line 3/i);

  await run(page, `import { defer, reactor } from "twisted/internet";\nconst d = new defer.Deferred();\nreactor.callLater(0.1, function refuse() {\n  d.errback("no such user");\n});\nreactor.run();\n`);
  const terminal = terminalRows(page);
  await expect(terminal).toContainText('File "finger.ts", line 4, in refuse');
  await expect(terminal).toContainText("String: no such user");
});

test("the shipped, minified runner names the engine's classes as Twisted does", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await run(
    page,
    `${IMPORT}import { basic } from "twisted/protocols";\nimport { error, protocol } from "twisted/internet";\n` +
      "const call = reactor.callLater(5, () => {});\nconsole.log('names: ' + call.constructor.name + ' ' + new error.ConnectionDone().name + ' ' + new protocol.ServerFactory().constructor.name);\n" +
      "class Silent extends basic.LineReceiver {}\nnew Silent().lineReceived('moshez');\n",
  );
  await expect(terminalRows(page)).toContainText("names: DelayedCall ConnectionDone ServerFactory");
  await expect(page.locator(".error-banner")).toContainText("NotImplementedError: Silent.lineReceived is not implemented");
});

// 5 MB, not 50: on a loaded machine, making and encoding 50 MB can take the runner past its two seconds, and the
// block guard then stops the program instead (harmless too, but not what this test is about).
test("megabytes sent to the terminal's nc are cut, said so, and the page keeps working", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await run(
    page,
    `import { endpoints, protocol, reactor } from "twisted/internet";

class Flood extends protocol.Protocol {
  connectionMade() {
    this.transport!.write("x".repeat(5_000_000));
  }
}

class FloodFactory extends protocol.ServerFactory {
  protocol = Flood;
}

endpoints.serverFromString(reactor, "tcp:1079").listen(new FloodFactory());
reactor.run();
`,
  );
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("listening on port 1079");
  await typeInTerminal(page, "nc localhost 1079");
  await expect(terminal).toContainText(/output truncated: this connection has received 200,000\s*characters/);
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByRole("button", { name: "Run", exact: true })).toBeEnabled();
});

test("a full debugger recording is said when it fills, wherever the cursor is", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  // Every line is recorded: twenty thousand turns of a loop every half second fill the recording in a few seconds,
  // and no one tick runs long enough for the block guard on a busy machine.
  await run(
    page,
    `${IMPORT}function busy() {\n  let total = 0;\n  for (let i = 0; i < 20_000; i++) {\n    total += i;\n  }\n  reactor.callLater(0.5, busy);\n}\nreactor.callLater(0.5, busy);\nreactor.run();\n`,
  );
  await expect(terminalRows(page)).toContainText("The debugger's recording is full");
  const full = page.getByTestId("debugger-full");
  await expect(full).toContainText(/Recording full at step 100,000 \(\d+\.\d s\): the program runs on, unrecorded/);
  await expect(page.locator(".debugger-position")).toContainText(/Step 100,000 of 100,000 · recording full/);

  // Paused, no step past the recording's end is asked of the program: the debugger and the program stay together.
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(full).toContainText("Run goes on unrecorded");
  await expect(page.getByRole("button", { name: "Step", exact: true })).toBeDisabled();
  // Away from the end, the bar says it all the same.
  await page.getByRole("button", { name: "Step back", exact: true }).click();
  await expect(page.locator(".debugger-position")).not.toContainText("Step 100,000 of");
  await expect(full).toContainText("Run goes on unrecorded");

  // Restart: a new recording of a new run, from its first line; nothing of the full one is left to disagree with it.
  await page.getByRole("region", { name: "Debugger" }).getByRole("button", { name: "Restart", exact: true }).click();
  await expect(page.locator(".debugger-position")).toHaveText(/^Step 1 · recording…/);
  await expect(full).toHaveCount(0);
  // xterm wraps the notice where the terminal's width ends it.
  await expect(terminalRows(page)).toContainText(/Paused at its first\s*line\./);
  await page.getByRole("region", { name: "Debugger" }).getByRole("button", { name: "Step line", exact: true }).click();
  await expect(page.locator(".debugger-position")).toHaveText(/^Step 2 · recording…/);
  await expect(page.getByTestId("code-editor").locator(".line-numbers.debug-current-line-number")).toHaveCount(1);
  await expect(full).toHaveCount(0);
});
