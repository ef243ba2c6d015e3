/**
 * Check steps for programs driven by the lesson page's panel
 * (`pagesupport`): a check presses its button or types into its input, and
 * reads its display line, on virtual time.
 *
 *   - uiEvent: click, text: "hello"   the input holds "hello" and the button is pressed
 *   - uiEvent: input, text: "hel"     the input's text changed to "hel"
 *   - expectPage: "00:00:03"          the display line shows exactly this (within: seconds)
 *
 * Both drivers carry them out: the simulation through its world's page, the
 * Python twin's driver over the twin's standard input (lessons/tools/pagesupport.py).
 */
import { z } from "zod";

const seconds = z.number().nonnegative().describe("Virtual seconds");

export const UiEventStep = z
  .object({
    uiEvent: z.enum(["click", "input"]).describe("click: the page's button is pressed; input: the text in its input changes"),
    text: z.string().default("").describe("What the page's input holds"),
  })
  .strict()
  .describe("Use the lesson page's panel, as the learner does in real-time mode: its handlers run as reactor events");

export const ExpectPageStep = z
  .object({
    expectPage: z.string().describe("Exactly what the page's display line must show"),
    within: seconds.default(0).describe("How long to wait for it"),
  })
  .strict()
  .describe("Check what the program shows on the page's display line (page.show)");

export type PageStep = z.output<typeof UiEventStep> | z.output<typeof ExpectPageStep>;

export const PAGE_ACTIONS = ["uiEvent", "expectPage"] as const;

/** True for a step this module runs. */
export function isPageStep(step: object): step is PageStep {
  return PAGE_ACTIONS.some((action) => action in step);
}

/** What a driver offers for page steps. */
export interface PageDriver {
  /** Delivers one page event; resolves once the program has had it. @returns how many handlers got it. */
  uiEvent(kind: "click" | "input", text: string): Promise<number>;
  /** What the display line shows, or null while the program has shown nothing. */
  pageDisplay(): string | null;
  wait(seconds: number, until?: () => boolean): Promise<void>;
  settle(): Promise<void>;
}

/** A page step's expectation failed; the message says what the page showed. */
export class PageStepFailed extends Error {}

/**
 * Runs one page step, adding a note and (for expectations) a transcript line.
 * A press that no handler heard goes into `context` too: it explains a later failure.
 * @throws PageStepFailed when the display does not show what is expected.
 */
export async function runPageStep(driver: PageDriver, step: PageStep, notes: string[], transcript: string[], context: string[]): Promise<void> {
  if ("uiEvent" in step) {
    const handled = await driver.uiEvent(step.uiEvent, step.text);
    await driver.settle();
    const what = step.uiEvent === "click" ? `pressed the page's button with ${JSON.stringify(step.text)} in its input` : `typed ${JSON.stringify(step.text)} into the page's input`;
    notes.push(`The check ${what}${handled === 0 ? " (no handler was listening)" : ""}.`);
    if (handled === 0) {
      const register = step.uiEvent === "click" ? "page.onClick(handler)" : "page.onInput(handler)";
      context.push(`The check ${what}, but no handler was listening: call ${register} on the page pagesupport.install() returned.`);
    }
    return;
  }
  const wanted = step.expectPage;
  await driver.wait(step.within, () => driver.pageDisplay() === wanted);
  const shown = driver.pageDisplay();
  transcript.push(`page: ${JSON.stringify(shown)}`);
  if (shown !== wanted) {
    const said = shown === null ? "it showed nothing (page.show was never called)" : `it showed ${JSON.stringify(shown)}`;
    throw new PageStepFailed(`Expected the page's display to show ${JSON.stringify(wanted)}${step.within > 0 ? ` within ${step.within} s` : ""}; ${said}.`);
  }
  notes.push(`The page showed ${JSON.stringify(shown)}.`);
}
