import { expect, test } from "./fixtures";
import { replaceCode, terminalRows } from "./helpers";

test("an unhandled error in a Deferred says where it was created without a wrong column, and the debug block is explained", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-1/refuse-connections/");
  await replaceCode(
    page,
    [
      'import { defer, reactor } from "twisted/internet";',
      "const d = new defer.Deferred<number>();",
      'd.addCallback(() => { throw new Error("boom"); });',
      "reactor.callLater(0, () => d.callback(1));",
      "reactor.run();",
      "",
    ].join("\n"),
  );
  await page.getByRole("button", { name: "Run" }).click();
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("Unhandled error in Deferred:");
  await expect(terminal).toContainText('C:  File "finger.ts", line 2');
  await expect(terminal).toContainText('I:  File "finger.ts", line 4');
  await expect(terminal).not.toContainText("column");
  await expect(terminal).toContainText("About the (debug: ...) block");
});
