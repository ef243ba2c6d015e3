import { expect, test } from "./fixtures";

test("the instructor view shows every step's checks run against its solution", async ({ strictPage: page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Instructors" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Checks against solutions" })).toBeVisible();
  await expect(page.getByText("Every step is in order.")).toBeVisible();
  const step = page.locator("details").filter({ hasText: "Answer from a dictionary" });
  await step.locator("summary").click();
  await expect(step.getByRole("row", { name: /moshez is "Happy and well"/ })).toContainText("passed");
});

test("the glossary defines the course's words", async ({ strictPage: page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Glossary" }).click();
  for (const word of ["Reactor", "Transport", "Protocol", "Factory", "Deferred", "Failure", "Service", "Application"]) {
    await expect(page.getByRole("heading", { level: 2, name: word, exact: true })).toBeVisible();
  }
});
