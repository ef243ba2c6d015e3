import { expect, test } from "./fixtures";
import { replaceCode, terminalRows } from "./helpers";

const STEP_URL = "/lessons/finger-stage-1/refuse-connections/";

test("an endless loop is stopped with an explanation, and the page keeps working", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await replaceCode(page, 'import { reactor } from "twisted/internet";\nwhile (true) {}\nreactor.run();\n');
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.locator(".error-banner")).toContainText("finger.ts, line 2: your code looped millions of times without returning to the reactor");
  await expect(page.getByRole("status").filter({ hasText: "Stopped: blocked the reactor" })).toBeVisible();

  await replaceCode(page, 'import { reactor } from "twisted/internet";\nreactor.run();\n');
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Running/ })).toBeVisible();
  await expect(page.locator(".error-banner")).toHaveCount(0);
});

test("an exception names the line, in the banner, the terminal and the editor", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await replaceCode(page, 'import { reactor } from "twisted/internet";\n\nconst users: any = null;\nusers.moshez;\nreactor.run();\n');
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.locator(".error-banner")).toContainText("Line 4: TypeError");
  await expect(terminalRows(page)).toContainText("finger.ts, line 4: TypeError");
  await expect(page.locator(".monaco-editor .squiggly-error")).toHaveCount(1);
});

test("saved code survives a reload but is not run, and Reset restores the start", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await replaceCode(page, "// my own attempt\n");
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: "Your saved code for this step was restored" })).toBeVisible();
  await expect(page.locator(".monaco-editor .view-lines")).toContainText("my own attempt");
  await expect(page.getByRole("status").filter({ hasText: "Not running" })).toBeVisible();
  await page.getByRole("button", { name: "Reset" }).click();
  await expect(page.locator(".monaco-editor .view-lines")).toContainText("Import the reactor and start it.");
});
