import { expect, test } from "./fixtures";
import { lessonFile, replaceCode, terminalRows, typeInTerminal } from "./helpers";

const STEP = ["04-finger-stage-1-backends", "05-half-close"];

test("printf | nc -N half-closes, and the half-closeable solution still answers with the web page", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-1-backends/half-close/");
  const terminal = terminalRows(page);

  // End to end: the pipe, nc -N's half-close through the runner, and the answer back.
  await replaceCode(page, lessonFile(...STEP, "solution", "finger.ts"));
  await page.getByRole("button", { name: "Run" }).click();
  // Retried until the new program listens (a client sent before that is refused).
  await expect(async () => {
    await typeInTerminal(page, "printf 'moshez\\r\\n' | nc -N localhost 1079 &");
    await expect(terminal).toContainText(/\[\d+\] Happy and well \(from the web\)/, { timeout: 5_000 });
  }).toPass();
});
