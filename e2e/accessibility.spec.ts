import { createRequire } from "node:module";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { checkItems, typeInTerminal } from "./helpers";

const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core's WCAG 2.1 A and AA rules on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations;
  });
  return violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${violation.help} at ${node.target.join(" ")}${node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, " ")})` : ""}`),
  );
}

const PAGES = [
  { name: "the contents page", url: "/" },
  { name: "the glossary", url: "/glossary/" },
  { name: "the instructor view", url: "/instructor/" },
  { name: "a reading step", url: "/lessons/concepts/waiting-for-data/" },
  { name: "a chapter page", url: "/lessons/finger-stage-5/" },
  { name: "a step whose prose has tables", url: "/lessons/finger-stage-11/recap/" },
];

for (const { name, url } of PAGES) {
  test(`${name} has no WCAG 2.1 AA violations that axe finds`, async ({ strictPage: page }) => {
    await page.goto(url);
    await page.waitForLoadState("load");
    // Settled when the editor is ready, where there is one: "network idle" never comes on a machine busy enough that
    // the editor's workers are still loading when it is asked for.
    const editor = page.getByTestId("code-editor");
    if ((await editor.count()) > 0) await expect(editor).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
    expect(await axeViolations(page)).toEqual([]);
  });
}

test("a lesson step after Run, Check and a terminal command has no WCAG 2.1 AA violations that axe finds", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-1/do-nothing/");
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  await page.getByRole("button", { name: "Run" }).click();
  await typeInTerminal(page, "netstat");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(checkItems(page).first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});

test("the debugger, with the callback chain and the reactor views open, has no WCAG 2.1 AA violations that axe finds", async ({ strictPage: page }) => {
  await page.goto("/lessons/deferreds/errbacks-and-failures/");
  await expect(page.getByTestId("code-editor")).toHaveAttribute("data-ready", "true");
  await page.getByRole("region", { name: "Debugger" }).getByRole("button", { name: "Restart", exact: true }).click();
  for (let i = 0; i < 6; i++) await page.getByRole("region", { name: "Debugger" }).getByRole("button", { name: "Step", exact: true }).click();
  await page.getByRole("tab", { name: "Callback chain", exact: true }).click();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole("tab", { name: "Reactor", exact: true }).click();
  expect(await axeViolations(page)).toEqual([]);
});
