import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, terminalRows } from "./helpers";
import { savedProgressText } from "./saved-progress";

// The pane's sandbox blocks the trace recorder's script in the frame (see browser-pane.spec.ts).
test.use({ trace: "off" });

const STEP = ["10-finger-stage-6", "01-a-web-front-end"];

test("a learner gives stage 6 whole HTML pages, browses from the user list to a user, and passes the checks", async ({ strictPage: page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/lessons/finger-stage-6/a-web-front-end/");

  // The step opens on the Browser tab, at the site's front page.
  const tab = page.getByRole("tab", { name: "Browser" });
  await expect(tab).toHaveAttribute("aria-selected", "true");
  const address = page.getByRole("textbox", { name: "Address" });
  await expect(address).toHaveValue("http://localhost:8000/");

  await replaceCode(page, lessonFile(...STEP, "solution", "finger.tac.ts"));
  // The start serves on 8000 too, so a Run before the workspace has taken the pasted code would look alive. The
  // workspace saves what the editor holds a moment after the last change: once the save has the solution, so has Run.
  await expect
    .poll(() => savedProgressText(page), { timeout: 20_000 })
    .toContain("Stage 6 (finger20)");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(terminalRows(page)).toContainText("Site starting on 8000");

  // The front page is a whole document: its title names the frame, its heading and one item per user show.
  await address.press("Enter");
  const front = page.frameLocator('iframe[title="Page from http://localhost:8000/: Users"]');
  await expect(front.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(front.locator("li")).toHaveText(["moshez[1]", "shawn[2]"]);

  // Following the second numbered link opens shawn's page, titled by the name.
  await page.getByRole("navigation", { name: "Links on this page" }).getByRole("button", { name: "[2] shawn" }).click();
  await expect(address).toHaveValue("http://localhost:8000/shawn");
  const user = page.frameLocator('iframe[title="Page from http://localhost:8000/shawn: shawn"]');
  await expect(user.getByRole("heading", { name: "shawn" })).toBeVisible();
  await expect(user.locator("p")).toHaveText("alive");

  // The raw reply shows the page was written after render_GET returned: chunked, with the whole document in it.
  const pane = page.getByTestId("browser-pane");
  await pane.getByRole("button", { name: "Raw" }).click();
  await expect(pane.getByLabel("Raw reply")).toContainText("<html><head><title>shawn</title></head><body><h1>shawn</h1><p>alive</p></body></html>");

  await page.getByRole("button", { name: "Check" }).click();
  await page.getByRole("tab", { name: "Checks" }).click();
  const items = checkItems(page);
  await expect(page.getByRole("region", { name: "Checks" })).toContainText(/(\d+) of \1 passed/);
  await expect(items.filter({ hasText: "failed" })).toHaveCount(0);
});
