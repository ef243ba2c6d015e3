import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, STEP_COUNT } from "./helpers";

const STEP_URL = "/lessons/finger-stage-1/drop-connections/";

test("a learner uses hints and the solution diff, passes the step, and the contents page shows it", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  const hints = page.getByRole("region", { name: "Hints" });
  await hints.getByRole("button", { name: "Show a hint" }).click();
  await expect(hints).toContainText("Hint 1 of 3");
  await hints.getByRole("button", { name: "Show hint 2 of 3" }).click();
  await expect(hints).toContainText("Hint 2 of 3");

  await replaceCode(page, "// my attempt\n");
  await page.getByRole("button", { name: "Show solution" }).click();
  const dialog = page.getByRole("dialog", { name: "Your code and the solution" });
  await expect(dialog.getByTestId("diff-editor")).toHaveAttribute("data-ready", "true");
  await expect(dialog).toContainText("loseConnection");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("my attempt");

  await replaceCode(page, lessonFile("02-finger-stage-1", "03-drop-connections", "solution", "finger.ts"));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("region", { name: "Checks" })).toContainText("2 of 2 passed");
  for (const item of await checkItems(page).all()) await expect(item).toContainText("passed");

  await page.goto("/");
  const toc = page.getByRole("navigation", { name: "Lessons" });
  await expect(toc.getByRole("link", { name: /Drop connections.*completed/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Your progress" })).toContainText(new RegExp(`1 of ${STEP_COUNT} steps completed`));
  await page.getByRole("link", { name: "Continue: Drop connections" }).click();
  await expect(page).toHaveURL(STEP_URL);
  await expect(page.getByRole("region", { name: "Hints" })).toContainText("Hint 2 of 3");
});

test("damaged saved progress is recovered as far as possible, with a notice, never a blank page", async ({ strictPage: page }) => {
  await page.goto("/");
  await page.evaluate(() => {
    const damaged = { version: 1, steps: { "finger-drop-connections": { passed: true }, "finger-do-nothing": { passed: "yes" } } };
    localStorage.setItem("finger:progress", JSON.stringify(damaged));
  });
  await page.reload();
  const panel = page.getByRole("region", { name: "Your progress" });
  const notice = page.getByTestId("progress-notice");
  await expect(notice).toContainText("Recovered 1 step, lost 1");
  await expect(panel).toContainText(new RegExp(`1 of ${STEP_COUNT} steps completed`));
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);

  await page.evaluate(() => localStorage.setItem("finger:progress", "{this is not json"));
  await page.reload();
  await expect(notice).toContainText("could not be read");
  await expect(page.getByRole("navigation", { name: "Lessons" })).toBeVisible();
});

test("progress exports to a file and imports back", async ({ strictPage: page }, testInfo) => {
  await page.goto("/");
  await page.evaluate(() =>
    localStorage.setItem("finger:progress", JSON.stringify({ version: 1, steps: { "finger-refuse-connections": { passed: true } } })),
  );
  await page.reload();
  const panel = page.getByRole("region", { name: "Your progress" });
  await expect(panel).toContainText(new RegExp(`1 of ${STEP_COUNT} steps completed`));
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Export progress" }).click();
  const file = testInfo.outputPath("progress.json");
  await (await download).saveAs(file);

  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(panel).toContainText(new RegExp(`0 of ${STEP_COUNT} steps completed`));
  await panel.getByLabel("Progress file to import").setInputFiles(file);
  await expect(panel.getByRole("status")).toContainText("Imported progress for 1 step");
  await expect(panel).toContainText(new RegExp(`1 of ${STEP_COUNT} steps completed`));

  await panel.getByLabel("Progress file to import").setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"version":1}') });
  await expect(panel.getByRole("status")).toContainText("not a valid progress file");
  await expect(panel).toContainText(new RegExp(`1 of ${STEP_COUNT} steps completed`));
});

test("a step opened by its URL from before the course revision redirects to its new place, with the learner's saved code", async ({ strictPage: page }) => {
  await page.goto("/");
  await page.evaluate(() => {
    const saved = {
      version: 1,
      steps: { "finger-use-deferreds": { code: "// my Deferred finger server, saved before the revision\n" } },
      last: { href: "/lessons/finger-stage-1/use-deferreds/", title: "Promise the answer with a Deferred" },
    };
    localStorage.setItem("finger:progress", JSON.stringify(saved));
  });
  await page.goto("/lessons/finger-stage-1/use-deferreds/");
  await expect(page).toHaveURL("/lessons/finger-stage-1-backends/use-deferreds/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Promise the answer with a Deferred");
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("my Deferred finger server, saved before the revision");

  await page.goto("/");
  await page.getByRole("link", { name: "Continue: Promise the answer with a Deferred" }).click();
  await expect(page).toHaveURL("/lessons/finger-stage-1-backends/use-deferreds/");
});

test("the damaged-data notice shows on the lesson page the learner opens, not only on the home page", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await page.evaluate(() => localStorage.setItem("finger:progress", "{this is not json"));
  await page.reload();
  await expect(page.getByTestId("progress-notice")).toContainText("could not be read");
});

test("a save the browser refuses is reported where the learner types", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  // The storage is full from now on.
  await page.evaluate(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  });
  await replaceCode(page, "// work that cannot be saved\n");
  await expect(page.getByTestId("save-error")).toContainText("Your progress could not be saved: the browser refused (storage is full)");
});

const FIRST_STEP_URL = "/lessons/finger-stage-1/refuse-connections/";

test("code over 200,000 characters and the step's passed mark survive a reload", async ({ strictPage: page }) => {
  await page.goto(FIRST_STEP_URL);
  const solution = lessonFile("02-finger-stage-1", "01-refuse-connections", "solution", "finger.ts");
  // 5,000 comment lines of 50 characters each: 250,000 characters of the learner's notes after the solution.
  const notes = Array.from({ length: 5000 }, (_, i) => `// note ${String(i).padStart(5, "0")} ${"-".repeat(33)}\n`).join("");
  // Typed in, 250,000 characters take Monaco minutes: the code arrives as saved work, as after an earlier visit.
  await page.evaluate((code) => {
    localStorage.setItem("finger:progress", JSON.stringify({ version: 2, steps: { "finger-refuse-connections": { code } } }));
  }, solution + notes);
  await page.reload();
  await expect(page.getByText("Your saved code for this step was restored.")).toBeVisible();
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("region", { name: "Checks" })).toContainText(/(\d+) of \1 passed/);

  await page.reload();
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem("finger:progress")!).steps["finger-refuse-connections"]);
  expect(saved.code).toBe(solution + notes);
  expect(saved.passed).toBe(true);
  await expect(page.getByText("Your saved code for this step was restored.")).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Lessons" }).getByRole("link", { name: /Refuse connections.*completed/ })).toBeVisible();
});

test("importing an older export keeps the newer code and never un-passes a step", async ({ strictPage: page }) => {
  await page.goto("/");
  await page.evaluate(() => {
    const now = { code: "// my newest work\n", passed: true, updatedAt: new Date().toISOString() };
    localStorage.setItem("finger:progress", JSON.stringify({ version: 2, steps: { "finger-refuse-connections": now } }));
  });
  await page.reload();
  const older = {
    version: 2,
    steps: {
      "finger-refuse-connections": { code: "// an old attempt\n", passed: false, updatedAt: "2026-01-01T00:00:00.000Z" },
      "finger-do-nothing": { passed: true, updatedAt: "2026-01-01T00:00:00.000Z" },
    },
  };
  const panel = page.getByRole("region", { name: "Your progress" });
  await panel.getByLabel("Progress file to import").setInputFiles({ name: "older.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(older)) });
  await expect(panel.getByRole("status")).toContainText("Imported progress for 2 steps.");
  await expect(panel).toContainText(new RegExp(`2 of ${STEP_COUNT} steps completed`));

  await page.reload();
  await expect(panel).toContainText(new RegExp(`2 of ${STEP_COUNT} steps completed`));
  await page.goto(FIRST_STEP_URL);
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("my newest work");
});

test("an import too big for the browser's storage says so, keeps the marks, and later saves still persist", async ({ strictPage: page }) => {
  await page.goto("/");
  // Eight steps of 950,000 characters each: some 7.6 MB, more than the browser's storage for a site takes.
  const ids = ["refuse-connections", "do-nothing", "drop-connections", "read-user-name", "output-error", "empty-factory", "non-empty-factory", "use-deferreds"];
  const big = { version: 2, steps: Object.fromEntries(ids.map((id, i) => [`finger-${id}`, { code: `// ${i}\n${"x".repeat(950_000)}`, passed: true }])) };
  const panel = page.getByRole("region", { name: "Your progress" });
  await panel.getByLabel("Progress file to import").setInputFiles({ name: "big.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(big)) });
  await expect(panel.getByRole("status")).toContainText("Imported progress for 8 steps into this tab, but not all of it was saved.");
  await expect(page.getByTestId("save-error")).toContainText("Your passed steps, hints and other code are saved.");

  await page.reload();
  await expect(panel).toContainText(new RegExp(`8 of ${STEP_COUNT} steps completed`));

  // What the learner types later is saved, too.
  await page.goto("/lessons/finger-stage-1/drop-connections/");
  await replaceCode(page, "// typed after the big import\n");
  await expect
    .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem("finger:progress")!).steps["finger-drop-connections"]?.code))
    .toBe("// typed after the big import\n");
});
