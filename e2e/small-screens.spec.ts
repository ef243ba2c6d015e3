import { expect, test } from "./fixtures";
import { terminalRows, typeInTerminal } from "./helpers";

const STEP_URL = "/lessons/finger-stage-1/output-from-a-non-empty-factory/";

/** The widest thing on the page, against the viewport: nothing may scroll sideways. */
async function overflow(page: import("@playwright/test").Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("a learner runs a step, uses the terminal and the tabs, and nothing scrolls sideways", async ({ strictPage: page }) => {
    await page.goto("/");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.goto(STEP_URL);
    await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
    expect(await overflow(page)).toBeLessThanOrEqual(0);

    // The header stays one block above the prose: its links do not overlap.
    const next = await page.getByRole("navigation", { name: "Step" }).getByRole("link", { name: "Next →" }).boundingBox();
    const title = await page.getByRole("heading", { level: 1 }).boundingBox();
    expect(next!.y + next!.height).toBeLessThanOrEqual(title!.y);

    await page.getByRole("button", { name: "Run" }).tap();
    // xterm draws only while it is on screen: scroll down to it, as the learner does.
    await page.getByRole("region", { name: "Terminal" }).scrollIntoViewIfNeeded();
    await expect(terminalRows(page)).toContainText("listening on port 1079");
    await typeInTerminal(page, "nc localhost 1079");
    await page.keyboard.type("moshez");
    await page.keyboard.press("Enter");
    await expect(terminalRows(page)).toContainText("No such user");
    // The keys went to the terminal, not to the editor under it.
    await expect(page.getByTestId("code-editor").locator(".view-lines")).not.toContainText("nc localhost");

    const tab = page.getByRole("tab", { name: "Callback chain" });
    await tab.tap();
    await expect(tab).toHaveAttribute("aria-selected", "true");
    await page.getByRole("tab", { name: /Checks/ }).tap();
    await page.getByRole("button", { name: "Check" }).tap();
    await expect(page.getByRole("region", { name: "Checks" })).toContainText("passed");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });
});

test.describe("on a tablet", () => {
  test.use({ viewport: { width: 820, height: 1180 }, hasTouch: true });

  test("the lesson stacks its panels, each full width, with no sideways scroll", async ({ strictPage: page }) => {
    await page.goto(STEP_URL);
    await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    for (const name of ["Editor", "Terminal"]) {
      const box = await page.getByRole("region", { name, exact: true }).boundingBox();
      expect(box!.width).toBeGreaterThan(780);
    }
  });
});
