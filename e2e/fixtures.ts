/**
 * A page fixture that fails the test on any console error, page error, or
 * request to another origin: the app must be fully self-contained.
 */
import { test as base, expect, type Page } from "@playwright/test";

export const test = base.extend<{ strictPage: Page }>({
  strictPage: async ({ page, baseURL }, use) => {
    const problems: string[] = [];
    const origin = new URL(baseURL!).origin;
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("request", (request) => {
      const url = request.url();
      if (url.startsWith("data:") || url.startsWith("blob:")) return;
      if (new URL(url).origin !== origin) problems.push(`request to another origin: ${url}`);
    });
    await use(page);
    expect(problems, "console errors, page errors and foreign requests").toEqual([]);
  },
});

export { expect };
