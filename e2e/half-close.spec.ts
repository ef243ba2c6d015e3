import { expect, test } from "./fixtures";
import { lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";

const STEP = ["04-finger-stage-1-backends", "05-half-close"];

test("printf | nc -N half-closes: the web-backed server loses the answer until it is half-closeable", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-1-backends/half-close/");
  const terminal = terminalRows(page);

  // The start (the last step's server) closes the whole connection at the client's half-close.
  await page.getByRole("button", { name: "Run" }).click();
  await expect(terminal).toContainText("The reactor is running");
  await typeInTerminal(page, "printf 'moshez\\r\\n' | nc -N localhost 1079 &");
  await expect(terminal).toContainText("[1] done");
  await typeInTerminal(page, "printf 'moshez\\r\\n' | nc localhost 1079 &");
  await expect(terminal).toContainText("[2] Happy and well (from the web)");
  await expect(terminal).not.toContainText("[1] Happy and well");

  // The solution answers a half-closed client too.
  await replaceCode(page, lessonFile(...STEP, "solution", "finger.ts"));
  await page.getByRole("button", { name: "Run" }).click();
  await typeInTerminal(page, "clear");
  await expect(terminal).not.toContainText("Happy and well (from the web)");
  // Retried until the new program listens (a client sent before that is refused).
  await expect(async () => {
    await typeInTerminal(page, "printf 'moshez\\r\\n' | nc -N localhost 1079 &");
    await expect(terminal).toContainText(/\[\d+\] Happy and well \(from the web\)/, { timeout: 5_000 });
  }).toPass();
});
