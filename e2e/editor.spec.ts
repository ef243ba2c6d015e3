import { expect, test } from "./fixtures";
import { replaceCode } from "./helpers";

test("the editor knows Twisted's API: completions for reactor and hover docs for LineReceiver", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-1/read-a-user-name/");
  await replaceCode(page, 'import { reactor } from "twisted/internet";\nimport { basic } from "twisted/protocols";\nclass P extends basic.LineReceiver {}\nreactor.');
  await page.keyboard.press("Control+Space");
  const suggestions = page.locator(".monaco-editor .suggest-widget");
  await expect(suggestions).toBeVisible();
  await expect(suggestions).toContainText("callLater");
  await expect(suggestions).toContainText("listenTCP");
  await page.keyboard.press("Escape");

  await page.locator(".monaco-editor .view-line").filter({ hasText: "class P extends" }).getByText("LineReceiver").hover();
  const hover = page.locator(".monaco-editor .monaco-hover:not(.hidden)");
  await expect(hover).toContainText("calls lineReceived once per line");
});

test("the prose is readable before the editor's scripts load", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseURL}/lessons/finger-stage-1/refuse-connections/`);
  await expect(page.getByRole("heading", { level: 1, name: "Refuse connections" })).toBeVisible();
  await expect(page.getByText("Every Twisted program revolves around one object")).toBeVisible();
  await context.close();
});
