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

test("the callback chain gets room: opening its tab widens and heightens the panel", async ({ strictPage: page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/lessons/deferreds/errbacks-and-failures/");
  const panel = page.locator(".side-panels");
  const before = (await panel.boundingBox())!;
  await page.getByRole("tab", { name: "Callback chain", exact: true }).click();
  await expect(async () => {
    const after = (await panel.boundingBox())!;
    expect(after.width).toBeGreaterThan(before.width * 1.15);
    expect(after.height).toBeGreaterThan(before.height * 1.2);
  }).toPass();
});
