import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { checkItems, lessonFile, replaceCode, STEP_COUNT } from "./helpers";
import { savedProgress, savedStep, seedProgress } from "./saved-progress";

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
  // Saved before progress moved to IndexedDB: the move recovers it, keeping a copy.
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
  await notice.getByRole("button", { name: "Dismiss" }).click();

  // A damaged record in IndexedDB itself.
  await seedProgress(page, { steps: { "finger-drop-connections": { passed: true, code: 42 }, "finger-do-nothing": { passed: true } } });
  await page.reload();
  await expect(notice).toContainText("Recovered 2 steps (1 of them in part)");
  await expect(panel).toContainText(new RegExp(`2 of ${STEP_COUNT} steps completed`));
});

test("progress exports to a file and imports back", async ({ strictPage: page }, testInfo) => {
  await page.goto("/");
  await seedProgress(page, { steps: { "finger-refuse-connections": { passed: true } } });
  await page.reload();
  const panel = page.getByRole("region", { name: "Your progress" });
  await expect(panel).toContainText(new RegExp(`1 of ${STEP_COUNT} steps completed`));
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Export progress" }).click();
  const file = testInfo.outputPath("progress.json");
  await (await download).saveAs(file);

  await seedProgress(page, { steps: {} });
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
  // Saved in localStorage before the course revision (version 1): moved into IndexedDB and migrated on reading.
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

/**
 * Makes this page's IndexedDB refuse, as a full one does (a QuotaExceededError),
 * any write that would take what it wrote past `chars` characters. Chromium's
 * own quota cannot be lowered enough here: Storage.overrideQuotaForOrigin
 * did not make its IndexedDB refuse a write.
 */
async function limitStorage(page: Page, chars: number): Promise<void> {
  await page.evaluate((limit) => {
    const sizes = new Map<string, number>();
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      const name = `${this.name}:${String(key)}`;
      const size = JSON.stringify(value ?? null).length;
      const total = [...sizes.values()].reduce((sum, each) => sum + each, 0) - (sizes.get(name) ?? 0) + size;
      if (total > limit) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      sizes.set(name, size);
      return put.call(this, value, key);
    };
  }, chars);
}

test("a save the browser refuses is reported where the learner types", async ({ strictPage: page }) => {
  await page.goto(STEP_URL);
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  // The storage is full from now on.
  await limitStorage(page, 0);
  await replaceCode(page, "// work that cannot be saved\n");
  await expect(page.getByTestId("save-error")).toContainText("Your progress could not be saved: the browser refused (storage is full)");
  await page.screenshot({ path: test.info().outputPath("save-error.png") });
});

test("where IndexedDB cannot open, saved work goes to localStorage, and a save it refuses is still reported", async ({ strictPage: page }) => {
  await page.addInitScript(() => Object.defineProperty(window, "indexedDB", { value: undefined }));
  await page.goto(STEP_URL);
  await replaceCode(page, "// kept in localStorage\n");
  await expect.poll(() => page.evaluate(() => localStorage.getItem("finger:progress") ?? "")).toContain("kept in localStorage");
  await page.reload();
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("kept in localStorage");

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
  await seedProgress(page, { steps: { "finger-refuse-connections": { code: solution + notes } } });
  await page.reload();
  await expect(page.getByText("Your saved code for this step was restored.")).toBeVisible();
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("region", { name: "Checks" })).toContainText(/(\d+) of \1 passed/);

  await page.reload();
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  const saved = await savedStep(page, "finger-refuse-connections");
  expect(saved?.code).toBe(solution + notes);
  expect(saved?.passed).toBe(true);
  await expect(page.getByText("Your saved code for this step was restored.")).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Lessons" }).getByRole("link", { name: /Refuse connections.*completed/ })).toBeVisible();
});

test("a later Check that fails does not un-pass a completed step", async ({ strictPage: page }) => {
  await page.goto(FIRST_STEP_URL);
  await replaceCode(page, lessonFile("02-finger-stage-1", "01-refuse-connections", "solution", "finger.ts"));
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.locator(".checks-summary")).toHaveText("2 of 2 passed");
  await expect.poll(async () => (await savedStep(page, "finger-refuse-connections"))?.passed).toBe(true);

  // Broken afterwards: the reactor never runs (nothing listens, so port 1079 is still refused: one check passes).
  await replaceCode(page, "// started over\n");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.locator(".checks-summary")).toHaveText("1 of 2 passed");
  await expect.poll(async () => (await savedStep(page, "finger-refuse-connections"))?.checksPassed).toBe(1);
  expect((await savedStep(page, "finger-refuse-connections"))?.passed).toBe(true);
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Lessons" }).getByRole("link", { name: /Refuse connections.*completed/ })).toBeVisible();
});

test("importing an older export keeps the newer code and never un-passes a step", async ({ strictPage: page }) => {
  await page.goto("/");
  const now = { code: "// my newest work\n", passed: true, updatedAt: new Date().toISOString() };
  await seedProgress(page, { steps: { "finger-refuse-connections": now } });
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

/** `length` characters of code that does not compress (the browser may compress what it stores): a comment line, then letters. */
function incompressibleCode(label: string, length: number): string {
  let seed = label.length * 7919 + 17;
  const letters: string[] = [];
  const head = `// ${label}\n`;
  for (let i = head.length; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    letters.push(String.fromCharCode(97 + (seed % 26)));
  }
  return head + letters.join("");
}

const EIGHT_STEPS = ["refuse-connections", "do-nothing", "drop-connections", "read-user-name", "output-error", "empty-factory", "non-empty-factory", "use-deferreds"];

test("an import too big for the browser's storage says so, keeps the marks, and later saves still persist", async ({ strictPage: page }) => {
  await page.goto("/");
  // The site may store 3 million characters; the file has some 7.6 million.
  await limitStorage(page, 3_000_000);
  const big = { version: 2, steps: Object.fromEntries(EIGHT_STEPS.map((id) => [`finger-${id}`, { code: incompressibleCode(id, 950_000), passed: true }])) };
  const panel = page.getByRole("region", { name: "Your progress" });
  await panel.getByLabel("Progress file to import").setInputFiles({ name: "big.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(big)) });
  await expect(panel.getByRole("status")).toContainText("Imported progress for 8 steps into this tab, but not all of it was saved.");
  await expect(page.getByTestId("save-error")).toContainText("Your passed steps, hints and other code are saved.");

  await page.reload();
  await expect(panel).toContainText(new RegExp(`8 of ${STEP_COUNT} steps completed`));

  // What the learner types later is saved, too.
  await page.goto("/lessons/finger-stage-1/drop-connections/");
  await replaceCode(page, "// typed after the big import\n");
  await expect.poll(async () => (await savedStep(page, "finger-drop-connections"))?.code).toBe("// typed after the big import\n");
});

test("a 7.5 MB import, too big for localStorage, is saved whole and survives a reload", async ({ strictPage: page }) => {
  await page.goto("/");
  const big = { version: 2, steps: Object.fromEntries(EIGHT_STEPS.map((id) => [`finger-${id}`, { code: incompressibleCode(id, 950_000), passed: true }])) };
  const file = Buffer.from(JSON.stringify(big));
  expect(file.length).toBeGreaterThan(7_500_000);
  const panel = page.getByRole("region", { name: "Your progress" });
  await panel.getByLabel("Progress file to import").setInputFiles({ name: "big.json", mimeType: "application/json", buffer: file });
  await expect(panel.getByRole("status")).toHaveText("Imported progress for 8 steps.");
  await expect(page.getByTestId("save-error")).toHaveCount(0);

  await page.reload();
  await expect(panel).toContainText(new RegExp(`8 of ${STEP_COUNT} steps completed`));
  const saved = await savedProgress(page);
  for (const id of EIGHT_STEPS) expect(saved.steps[`finger-${id}`]?.code, id).toBe(big.steps[`finger-${id}`]!.code);
  await page.goto("/lessons/finger-stage-1/drop-connections/");
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("// drop-connections");
});

test("six million characters of code are saved as typed, and survive a reload", async ({ strictPage: page }) => {
  await page.goto(FIRST_STEP_URL);
  // 120,000 lines of 50 characters: more than localStorage could ever hold (its 5 MB are 2.5 million characters).
  const code = Array.from({ length: 120_000 }, (_, i) => `// line ${String(i).padStart(6, "0")} ${"-".repeat(34)}\n`).join("");
  expect(code.length).toBe(6_000_000);
  await replaceCode(page, code);
  await expect.poll(async () => ((await savedStep(page, "finger-refuse-connections"))?.code as string | undefined)?.length, { timeout: 60_000 }).toBe(6_000_000);
  await expect(page.getByTestId("save-error")).toHaveCount(0);

  await page.reload();
  await expect(page.getByText("Your saved code for this step was restored.")).toBeVisible();
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("// line 000000");
  expect((await savedStep(page, "finger-refuse-connections"))?.code).toBe(code);
});

test("progress saved in localStorage before is moved into IndexedDB with its code and marks", async ({ strictPage: page }) => {
  await page.goto("/");
  const old = {
    version: 2,
    steps: {
      "finger-refuse-connections": { code: "// written before the move\n", passed: true, checksPassed: 2, checksTotal: 2 },
      "finger-do-nothing": { passed: true, hintsShown: 1 },
    },
  };
  await page.evaluate((text) => localStorage.setItem("finger:progress", text), JSON.stringify(old));
  await page.reload();
  const panel = page.getByRole("region", { name: "Your progress" });
  await expect(panel).toContainText(new RegExp(`2 of ${STEP_COUNT} steps completed`));
  // Moved, read back, and only then removed from localStorage.
  await expect.poll(() => page.evaluate(() => localStorage.getItem("finger:progress"))).toBeNull();
  expect((await savedProgress(page)).steps).toEqual(old.steps);

  await page.goto(FIRST_STEP_URL);
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("written before the move");
  await expect(page.getByTestId("progress-notice")).toHaveCount(0);
});

test("two tabs of the app keep each other's saves of different steps", async ({ strictPage: page }) => {
  const other = await page.context().newPage();
  await page.goto(FIRST_STEP_URL);
  await other.goto(STEP_URL);
  await replaceCode(page, "// typed in the first tab\n");
  await replaceCode(other, "// typed in the second tab\n");
  await expect.poll(async () => (await savedStep(page, "finger-refuse-connections"))?.code).toBe("// typed in the first tab\n");
  await expect.poll(async () => (await savedStep(page, "finger-drop-connections"))?.code).toBe("// typed in the second tab\n");
  // Each tab's later save (a hint shown) keeps the other's code.
  await other.getByRole("region", { name: "Hints" }).getByRole("button", { name: "Show a hint" }).click();
  await expect.poll(async () => (await savedStep(page, "finger-drop-connections"))?.hintsShown).toBe(1);
  await other.close();

  await page.reload();
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("typed in the first tab");
  await page.goto(STEP_URL);
  await expect(page.getByTestId("code-editor").locator(".view-lines")).toContainText("typed in the second tab");
});
