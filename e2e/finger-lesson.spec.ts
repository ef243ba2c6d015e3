import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, STEP_COUNT, terminalRows, typeInTerminal } from "./helpers";

const STEP = ["02-finger-stage-1", "07-output-from-a-non-empty-factory"];
const STEP_URL = "/lessons/finger-stage-1/output-from-a-non-empty-factory/";

test("a learner finds the lesson, writes the finger server, talks to it and passes every check", async ({ strictPage: page }) => {
  await page.goto("/");
  const toc = page.getByRole("navigation", { name: "Lessons" });
  // One link per step (the chapters' headings link to their own pages).
  await expect(toc.locator(".toc-steps").getByRole("link")).toHaveCount(STEP_COUNT);
  await toc.getByRole("link", { name: /Answer from a dictionary/ }).click();
  await expect(page).toHaveURL(STEP_URL);
  await expect(page.getByRole("heading", { level: 1, name: "Answer from a dictionary" })).toBeVisible();

  await replaceCode(page, lessonFile(...STEP, "solution", "finger.ts"));
  await page.getByRole("button", { name: "Run" }).click();
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("FingerFactory starting on 1079");
  await expect(page.getByRole("status").filter({ hasText: /^Running/ })).toBeVisible();

  await typeInTerminal(page, "nc localhost 1079");
  await typeInTerminal(page, "moshez");
  await expect(terminal).toContainText("Happy and well");

  await typeInTerminal(page, "telnet localhost 1079");
  await expect(terminal).toContainText("Connected to localhost.");
  await typeInTerminal(page, "nobody");
  await expect(terminal).toContainText("No such user");
  await expect(terminal).toContainText("Connection closed by foreign host.");

  await typeInTerminal(page, "help");
  await expect(terminal).toContainText("curl [-ik] URL");
  await expect(terminal).toContainText("Commands (help COMMAND tells more)");

  await page.getByRole("button", { name: "Check" }).click();
  const items = checkItems(page);
  await expect(items).toHaveCount(4);
  for (const item of await items.all()) await expect(item).toContainText("passed");
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("4 of 4 passed");
});

test("the starter code fails its checks and says why", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  await page.getByRole("button", { name: "Check" }).click();
  const first = checkItems(page).first();
  await expect(first).toContainText("failed");
  await expect(first).toContainText('Sent "moshez\\r\\n" to port 1079. Expected to receive exactly "Happy and well\\r\\n"');
  await expect(first).toContainText('instead, the client received "No such user\\r\\n"');
});

test("Ctrl-C ends a client that the server leaves open", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-1/do-nothing/");
  await replaceCode(page, lessonFile("02-finger-stage-1", "02-do-nothing", "solution", "finger.ts"));
  await page.keyboard.press("ControlOrMeta+Enter");
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("The reactor is running");
  await typeInTerminal(page, "nc localhost 1079");
  await typeInTerminal(page, "anybody there?");
  await page.keyboard.press("Control+C");
  await expect(terminal).toContainText("^C");
  await typeInTerminal(page, "nc localhost 1080");
  await expect(terminal).toContainText("nc: connect to localhost port 1080 (tcp) failed: Connection refused");
});
