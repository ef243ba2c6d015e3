import { expect, test } from "./fixtures";

// The diff is computed in Monaco's editor worker. Closing the dialog while it
// ran disposed the models under it, and the worker's late answer became a
// page error (the flaky "Cannot read properties of undefined (reading '0')" /
// "no diff result available" in course.spec.ts).
test("a learner who opens and closes the solution diff quickly, again and again, gets no page error", async ({ strictPage: page }) => {
  await page.goto("/lessons/deferreds/the-callback-chain/");
  const dialog = page.getByRole("dialog", { name: "Your code and the solution" });
  for (let i = 0; i < 12; i++) {
    await page.getByRole("button", { name: "Show solution" }).click();
    if (i % 2 === 1) await expect(dialog.getByTestId("diff-editor")).toHaveAttribute("data-ready", "true");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toHaveCount(0);
  }
  // The last diff is drawn once the learner waits for it.
  await page.getByRole("button", { name: "Show solution" }).click();
  await expect(dialog.getByTestId("diff-editor")).toHaveAttribute("data-ready", "true");
  await expect(dialog.locator(".editor.modified .view-lines")).toContainText("addCallback");
  // The worker answers in order: once this last diff is drawn, every earlier request has been answered,
  // so a late answer about a closed dialog would already have been a page error (the fixture fails on it).
});
