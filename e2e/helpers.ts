import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

/** The terminal's text as xterm renders it in the DOM. */
export function terminalRows(page: Page) {
  return page.getByRole("region", { name: "Terminal" }).locator(".xterm-rows");
}

/** Types a command into the terminal, as a learner would. */
export async function typeInTerminal(page: Page, text: string): Promise<void> {
  const terminal = page.getByRole("region", { name: "Terminal" });
  await expect(terminal.getByTestId("terminal")).toHaveAttribute("data-ready", "true");
  await terminal.locator(".xterm-screen").click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

/** Waits for the editor, then replaces its contents with `code` as typed input. */
export async function replaceCode(page: Page, code: string): Promise<void> {
  const editor = page.getByTestId("code-editor");
  await expect(editor).toHaveAttribute("data-ready", "true");
  // Near the editor's top-left corner, past the line numbers: the text layer (.view-lines) is as tall as the whole
  // file, so its centre can lie outside the editor's visible part, where the click lands on whatever covers it.
  await editor.click({ position: { x: 120, y: 12 } });
  await expect(editor.locator(":focus")).toHaveCount(1);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  // Pasted, as a learner pastes: Monaco keeps pasted text as it is, while
  // keyboard.insertText is typed input that auto-indent re-indents line by line.
  await page.evaluate((text) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", text);
    document.activeElement!.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
  }, code);
}

/** A file from the lessons folder. */
export function lessonFile(...parts: string[]): string {
  return readFileSync(path.join(process.cwd(), "lessons", ...parts), "utf8");
}

/** How many steps the course has, counted from the lessons folder. */
export const STEP_COUNT = readdirSync(path.join(process.cwd(), "lessons"))
  .filter((chapter) => /^\d+-/.test(chapter))
  .flatMap((chapter) => readdirSync(path.join(process.cwd(), "lessons", chapter)).filter((step) => /^\d+-/.test(step))).length;

/** The checks as list items. */
export function checkItems(page: Page) {
  return page.getByRole("region", { name: "Checks" }).getByRole("listitem");
}
