import { expect, test } from "./fixtures";
import { lessonFile, replaceCode } from "./helpers";
import { seedProgress } from "./saved-progress";

const STEP_URL = "/lessons/finger-stage-1/refuse-connections/";
const STEP_ID = "finger-refuse-connections";
const ENDING_PROGRAM = 'import { reactor } from "twisted/internet";\nreactor.callLater(0.1, () => reactor.stop());\nreactor.run();\n';

function editorLines(page: import("@playwright/test").Page) {
  return page.getByTestId("code-editor").locator(".view-lines");
}

test("typing fast right after the page loads and right after a run ends never moves the cursor", async ({ strictPage: page }) => {
  // Saved code is restored while the page loads: the restore must not land under the learner's keys.
  await page.goto("/");
  await seedProgress(page, { steps: { [STEP_ID]: { code: ENDING_PROGRAM } } });
  await page.goto(STEP_URL);
  const editor = page.getByTestId("code-editor");
  await expect(editor).toHaveAttribute("data-ready", "true");
  await editor.click({ position: { x: 120, y: 12 } });
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("// typed at once after load", { delay: 5 });

  await page.getByRole("button", { name: "Run" }).click();
  await editor.click({ position: { x: 120, y: 12 } });
  await page.keyboard.press("ControlOrMeta+End");
  // The run starts, prints and ends while these keys arrive.
  await page.keyboard.type(" and while the run ended", { delay: 5 });
  await expect(page.getByRole("status").filter({ hasText: /Not running|Ended/ })).toBeVisible();
  await page.keyboard.type(", still here", { delay: 5 });

  const lines = editor.locator(".view-line");
  await expect(lines.first()).toHaveText('import { reactor } from "twisted/internet";');
  await expect(editorLines(page)).toContainText("// typed at once after load and while the run ended, still here");
});

test("Reset puts back the starting code, clears the old error, and can be undone", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await replaceCode(page, 'import { reactor } from "twisted/internet";\nconst users: any = null;\nusers.moshez; // mine\nreactor.run();\n');
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.locator(".error-banner")).toContainText("Line 3: TypeError");

  await page.getByRole("button", { name: "Reset" }).click();
  await expect(editorLines(page)).toContainText("Import the reactor and start it.");
  await expect(page.locator(".error-banner")).toHaveCount(0);
  const notice = page.getByRole("status").filter({ hasText: "The starting code is back" });
  await notice.getByRole("button", { name: "Undo reset" }).click();
  await expect(editorLines(page)).toContainText("// mine");
  await expect(notice).toHaveCount(0);

  // Ctrl+Z in the editor undoes a Reset too.
  await page.getByRole("button", { name: "Reset" }).click();
  await expect(editorLines(page)).toContainText("Import the reactor and start it.");
  await editorLines(page).click();
  await page.keyboard.press("ControlOrMeta+Z");
  await expect(editorLines(page)).toContainText("// mine");
});

test("the restored-code notice goes once the learner runs or checks", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await replaceCode(page, "// my own attempt\n");
  await page.reload();
  const notice = page.getByRole("status").filter({ hasText: "Your saved code for this step was restored" });
  await expect(notice).toBeVisible();
  await page.getByRole("button", { name: "Run" }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(notice).toBeVisible();
  await page.getByRole("button", { name: "Check" }).click();
  await expect(notice).toHaveCount(0);
});

test("a bad import is marked at its line with a short message, and the module list is one click away", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await replaceCode(page, '// my server\nimport { reactor } from "twisted/internets";\nreactor.run();\n');
  await page.getByRole("button", { name: "Run" }).click();
  const banner = page.locator(".error-banner");
  await expect(banner).toContainText("No module named 'twisted/internets'.");
  const list = banner.locator(".error-more");
  await expect(list).toBeHidden();
  await banner.getByText(/modules you can import/).click();
  await expect(list).toBeVisible();
  await expect(list).toContainText("twisted/internet");
  // The line stays in view, marked.
  await expect(page.getByTestId("code-editor").locator(".view-line").filter({ hasText: "twisted/internets" })).toBeVisible();
  await expect(page.locator(".monaco-editor .squiggly-error").first()).toBeVisible();
});

test("when every check passes the learner is invited to the next step, and the home page offers to continue", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await replaceCode(page, lessonFile("02-finger-stage-1", "01-refuse-connections", "solution", "finger.ts"));
  await page.getByRole("button", { name: "Check" }).click();
  const next = page.getByRole("region", { name: "Checks" }).getByRole("link", { name: /^Next: .+ →$/ });
  await expect(next).toBeVisible();
  await next.click();
  await expect(page).toHaveURL("/lessons/finger-stage-1/do-nothing/");
  await page.goto("/");
  await expect(page.getByRole("main").getByRole("link", { name: /^Continue with “.+”$/ })).toBeVisible();
});

test("a new learner's home page says Start", async ({ strictPage: page }) => {
  await page.goto("/");
  await expect(page.getByRole("main").getByRole("link", { name: /^Start with “.+”$/ })).toBeVisible();
});
