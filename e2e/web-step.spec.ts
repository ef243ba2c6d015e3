import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, terminalRows } from "./helpers";

// The pane's sandbox blocks the trace recorder's script in the frame (see browser-pane.spec.ts).
test.use({ trace: "off" });

const STEP = ["06-finger-stage-2", "05-announce-on-the-web"];

test("a learner writes the web front end of stage 2, looks at it in the Browser tab, and passes the checks", async ({ strictPage: page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/lessons/finger-stage-2/announce-on-the-web/");

  // The step opens on the Browser tab at its address; nothing listens yet.
  const tab = page.getByRole("tab", { name: "Browser" });
  await expect(tab).toHaveAttribute("aria-selected", "true");
  const address = page.getByRole("textbox", { name: "Address" });
  await expect(address).toHaveValue("http://localhost:8000/moshez");

  await replaceCode(page, lessonFile(...STEP, "solution", "finger.tac.ts"));
  await page.getByRole("button", { name: "Run" }).click();
  await expect(terminalRows(page)).toContainText("Site starting on 8000");

  await address.press("Enter");
  const frame = page.frameLocator(".browser-frame");
  await expect(frame.getByRole("heading", { name: "moshez" })).toBeVisible();
  await expect(frame.locator("p")).toHaveText("happy and well");

  // A name with markup comes back escaped: the page shows it as text.
  await address.fill("http://localhost:8000/<b>hi");
  await address.press("Enter");
  await expect(frame.getByRole("heading")).toHaveText("<b>hi");
  await expect(frame.locator("b")).toHaveCount(0);
  const pane = page.getByTestId("browser-pane");
  await pane.getByRole("button", { name: "Raw" }).click();
  await expect(pane.getByLabel("Raw reply")).toContainText("<h1>&lt;b&gt;hi</h1>");

  await page.getByRole("button", { name: "Check" }).click();
  await page.getByRole("tab", { name: "Checks" }).click();
  const items = checkItems(page);
  await expect(page.getByRole("region", { name: "Checks" })).toContainText(/(\d+) of \1 passed/);
  await expect(items.filter({ hasText: "failed" })).toHaveCount(0);
});
