import { describe, expect, it } from "vitest";
import { runChecks } from "./run-checks";
import { ChecksFileSchema } from "./scenario";

const board = (handler: string) => `
import { reactor, task } from "twisted/internet";
import * as pagesupport from "pagesupport";
const page = pagesupport.install();
let seconds = 0;
new task.LoopingCall(() => page.show("up " + seconds++ + " s")).start(1.0);
page.onClick(${handler});
reactor.run();
`;

const checks = ChecksFileSchema.parse({
  checks: [
    {
      id: "clock",
      title: "The display counts seconds",
      scenario: [{ expectPage: "up 3 s", within: 4 }],
    },
    {
      id: "button",
      title: "A press prints the input's text",
      scenario: [{ uiEvent: "click", text: "hi" }, { expectOutput: "pressed hi" }],
    },
  ],
}).checks;

describe("page check steps", () => {
  it("press the page's button and read its display on virtual time", async () => {
    const results = await runChecks(board(`(text) => console.log("pressed " + text)`), "board.ts", checks);
    expect(results.map((result) => result.passed)).toEqual([true, true]);
    expect(results[0]!.detail).toBe('The page showed "up 3 s".');
    expect(results[1]!.detail).toContain(`The check pressed the page's button with "hi" in its input.`);
  });

  it("say what the display showed instead, and that nobody listened to the button", async () => {
    const source = board(`(text) => undefined`).replace(`page.show("up " + seconds++ + " s")`, `page.show("tick")`);
    const results = await runChecks(source, "board.ts", checks);
    expect(results[0]).toMatchObject({ passed: false, detail: 'Expected the page\'s display to show "up 3 s" within 4 s; it showed "tick".' });
    const silent = await runChecks(board(`(text) => undefined`).replace("page.onClick", "void"), "board.ts", [checks[1]!]);
    expect(silent[0]!.passed).toBe(false);
    expect(silent[0]!.detail).toMatch(/^The check pressed the page's button with "hi" in its input, but no handler was listening: call page.onClick\(handler\)/);
  });

  it("reject a page step the schema does not know", () => {
    const parsed = ChecksFileSchema.safeParse({ checks: [{ id: "x", title: "x", scenario: [{ uiEvent: "doubleClick" }] }] });
    expect(parsed.success).toBe(false);
  });
});
