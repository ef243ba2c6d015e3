import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";
import { savedProgressText } from "./saved-progress";

const SOLUTION = lessonFile("14-finger-stage-10", "03-find-the-bug", "solution", "organized-finger.tac.ts");
// Only the solution has this line: once the saved code holds it, Run runs the fixed program.
const FIX = "f.setServiceParent(serviceCollection);";

test("a learner runs the tutorial's organized-finger.tac, sees every user unknown, gives the FingerService a parent and passes", async ({ strictPage: page }, testInfo) => {
  test.setTimeout(120_000);
  expect(SOLUTION).toContain(FIX);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/lessons/finger-stage-10/find-the-bug/");
  const rows = terminalRows(page);
  // xterm wraps long lines and drops the space a line breaks at: compare without whitespace.
  const shows = (text: string) =>
    expect.poll(async () => ((await rows.textContent()) ?? "").replace(/\s+/g, ""), { timeout: 20_000 }).toContain(text.replace(/\s+/g, ""));

  // The library is a file beside the .tac on the learner's host.
  await typeInTerminal(page, "tail finger/finger.ts");
  await shows("new pb.PBServerFactory(IPerspectiveFinger(f)),");

  // The tutorial's listing as printed: it loads, every port opens, and nobody is known.
  await typeInTerminal(page, "openssl req -x509 -newkey rsa:2048 -keyout key.pem -out cert.pem -days 365 -nodes -subj /CN=localhost");
  await page.getByRole("button", { name: "Run" }).click();
  await shows("PBServerFactory starting on 8889");
  await typeInTerminal(page, "finger moshez@localhost");
  await shows("No such user");
  await typeInTerminal(page, "curl http://localhost:8000/");
  await shows("<h1>Users</h1><ul></ul>");

  // The editor knows the library: with one deliberate type error added, that error is the only one marked
  // (an import it could not resolve would be marked too).
  await replaceCode(page, `${SOLUTION}const port: number = "79";\n`);
  await expect(page.locator(".monaco-editor .squiggly-error")).toHaveCount(1);
  await replaceCode(page, SOLUTION);
  await expect(page.locator(".monaco-editor .squiggly-error")).toHaveCount(0);
  await expect.poll(() => savedProgressText(page), { timeout: 20_000 }).toContain(FIX);
  await page.getByRole("button", { name: "Run" }).click();
  await typeInTerminal(page, "finger shawn@localhost");
  await shows("alive");
  await typeInTerminal(page, "curl http://localhost:8000/");
  await shows('<ul><li><a href="moshez">moshez</a></li><li><a href="shawn">shawn</a></li></ul>');
  await page.screenshot({ path: testInfo.outputPath("finger-stage-10-fixed.png") });

  await page.getByRole("button", { name: "Check" }).click();
  await page.getByRole("tab", { name: "Checks" }).click();
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("5 of 5 passed");
  await expect(checkItems(page).filter({ hasText: "failed —" })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("finger-stage-10-checks.png") });
});
