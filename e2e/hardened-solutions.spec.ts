/**
 * The runner freezes the built-ins and guards every loop, catch and arrow
 * before learner code runs (issue 17). Every step's solution must still pass
 * all its checks there, in the browser, exactly as in the unit tests.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { checkItems } from "./helpers";
import { seedProgress } from "./saved-progress";

const LESSONS = path.join(process.cwd(), "lessons");

interface SolvedStep {
  readonly id: string;
  readonly url: string;
  readonly code: string;
  /** True when the step has no start of its own (a reading step starts from its solution) or starts from its solution: nothing is restored. */
  readonly unchanged: boolean;
}

/** Every step's solution (of the file the learner edits; the page brings the step's other files), from the lessons folder. */
function solvedSteps(): SolvedStep[] {
  const steps: SolvedStep[] = [];
  for (const chapter of readdirSync(LESSONS).filter((name) => /^\d+-/.test(name)).sort()) {
    for (const step of readdirSync(path.join(LESSONS, chapter)).filter((name) => /^\d+-/.test(name)).sort()) {
      const dir = path.join(LESSONS, chapter, step);
      const meta = readFileSync(path.join(dir, "step.md"), "utf8");
      const id = /^id:\s*(\S+)/m.exec(meta)?.[1];
      const file = /^file:\s*(\S+)/m.exec(meta)?.[1] ?? "finger.ts";
      if (!id) continue;
      const url = `/lessons/${chapter.replace(/^\d+-/, "")}/${step.replace(/^\d+-/, "")}/`;
      const code = readFileSync(path.join(dir, "solution", file), "utf8");
      const start = path.join(dir, "start", file);
      const unchanged = !existsSync(start) || readFileSync(start, "utf8") === code;
      steps.push({ id, url, code, unchanged });
    }
  }
  return steps;
}

for (const step of solvedSteps()) {
  test(`the solution of ${step.id} passes every check in the hardened runner`, async ({ strictPage: page }) => {
    await page.goto(step.url);
    // The solution arrives as saved work, exactly as written.
    await seedProgress(page, { steps: { [step.id]: { code: step.code } } });
    await page.reload();
    if (!step.unchanged) await expect(page.getByRole("status").filter({ hasText: "Your saved code for this step was restored" })).toBeVisible();
    else await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
    await page.getByRole("button", { name: "Check" }).click();
    const count = await checkItems(page).count();
    await expect(page.getByRole("region", { name: "Checks" })).toContainText(`${count} of ${count} passed`);
  });
}
