import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode } from "./helpers";

const STEPS = [
  { chapter: "Concurrency concepts", url: "/lessons/concepts/callbacks/", files: ["01-concepts", "07-callbacks", "solution", "callbacks.ts"] },
  { chapter: "Deferreds", url: "/lessons/deferreds/the-callback-chain/", files: ["03-deferreds", "02-the-callback-chain", "solution", "chain.ts"] },
];

for (const step of STEPS) {
  test(`a learner completes a step of "${step.chapter}" with a hint and the solution diff`, async ({ strictPage: page }) => {
    await page.goto(step.url);
    await page.getByRole("button", { name: "Check" }).click();
    await expect(page.getByRole("region", { name: "Checks" })).toContainText(/\d+ of \d+ passed/);
    await expect(checkItems(page).filter({ hasText: "failed" }).first()).toBeVisible();

    const hints = page.getByRole("region", { name: "Hints" });
    await hints.getByRole("button", { name: "Show a hint" }).click();
    await expect(hints).toContainText(/Hint 1 of \d/);

    await page.getByRole("button", { name: "Show solution" }).click();
    const dialog = page.getByRole("dialog", { name: "Your code and the solution" });
    await expect(dialog.getByTestId("diff-editor")).toHaveAttribute("data-ready", "true");
    await dialog.getByRole("button", { name: "Close" }).click();

    await replaceCode(page, lessonFile(...step.files));
    await page.getByRole("button", { name: "Check" }).click();
    const count = await checkItems(page).count();
    await expect(page.getByRole("region", { name: "Checks" })).toContainText(`${count} of ${count} passed`);
  });
}

test("the Python twin beside a predict-the-order step hides the answer and links the bytes and text mapping", async ({ strictPage: page }) => {
  await page.goto("/lessons/deferreds/the-callback-chain/");
  const twin = page.locator("details.twin");
  await twin.locator("summary").click();
  await expect(twin).toContainText("predicted = []");
  await expect(twin).not.toContainText('predicted = ["A"');
  await twin.getByRole("link", { name: "The whole mapping" }).click();
  await expect(page).toHaveURL("/lessons/finger-stage-1-backends/debug-the-original/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bytes and text: debug the original");
});
