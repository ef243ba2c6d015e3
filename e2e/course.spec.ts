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

test("a chapter has its own page, reached from the contents and the lesson's breadcrumb, with its introduction and steps", async ({ strictPage: page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Lessons" }).getByRole("link", { name: "Finger, stage 5: pluggable backends" }).click();
  await expect(page).toHaveURL("/lessons/finger-stage-5/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Finger, stage 5: pluggable backends");
  // The chapter's introduction (chapter.md's body), which no other page shows.
  await expect(page.locator("main")).toContainText("Stage 4 cut the program in two");
  await expect(page.getByRole("link", { name: /Start with “/ })).toBeVisible();
  const steps = page.getByRole("region", { name: "Steps" }).getByRole("link");
  await expect(steps).toHaveCount(4);
  await steps.first().click();
  await expect(page).toHaveURL("/lessons/finger-stage-5/the-system-finger-as-a-backend/");
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Finger, stage 5: pluggable backends" }).click();
  await expect(page).toHaveURL("/lessons/finger-stage-5/");
  await page.getByRole("navigation", { name: "Chapters" }).getByRole("link", { name: /Finger, stage 6/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Finger, stage 6");
});

test("/lessons/ itself lists the course", async ({ strictPage: page }) => {
  await page.goto("/lessons/");
  const contents = page.getByRole("navigation", { name: "Lessons" });
  await expect(contents.getByRole("link", { name: "Concurrency concepts" })).toBeVisible();
  await contents.getByRole("link", { name: "Beyond finger: process pools" }).click();
  await expect(page).toHaveURL("/lessons/process-pools/");
});
