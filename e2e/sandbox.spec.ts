import { expect, test } from "./fixtures";
import { replaceCode, terminalRows } from "./helpers";

const ESCAPE_ATTEMPTS = `
const attempts: Record<string, () => unknown> = {
  document: () => (globalThis as any).document.title,
  localStorage: () => (globalThis as any).localStorage.getItem("finger:progress"),
  indexedDB: () => (globalThis as any).indexedDB.open("stolen"),
  fetch: () => (globalThis as any).fetch("/"),
  XMLHttpRequest: () => new (globalThis as any).XMLHttpRequest(),
  WebSocket: () => new (globalThis as any).WebSocket("ws://localhost:1"),
  importScripts: () => (globalThis as any).importScripts("/evil.js"),
  postMessage: () => (globalThis as any).postMessage({ type: "output", stream: "stdout", text: "FORGED", time: 0 }),
  "self.postMessage": () => (self as any).postMessage({ type: "output", stream: "stdout", text: "FORGED", time: 0 }),
  onmessage: () => { (self as any).onmessage = () => {}; if ((self as any).onmessage.length === 0) throw new Error("replaced"); },
};
for (const [name, attempt] of Object.entries(attempts)) {
  try {
    attempt();
    console.log(name + ": ALLOWED");
  } catch {
    console.log(name + ": blocked");
  }
}
console.log("sandbox test done");
`;

test("learner code cannot reach the page, its storage or the network", async ({ strictPage: page }) => {
  await page.goto("/lessons/finger-stage-1/refuse-connections/");
  await page.evaluate(() => localStorage.setItem("secret", "do not read"));
  await replaceCode(page, ESCAPE_ATTEMPTS);
  await page.getByRole("button", { name: "Run" }).click();
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("sandbox test done");
  const text = await terminal.innerText();
  for (const name of ["document", "localStorage", "indexedDB", "fetch", "XMLHttpRequest", "WebSocket", "importScripts", "postMessage", "self.postMessage", "onmessage"]) {
    expect(text, name).toContain(`${name}: blocked`);
  }
  expect(text).not.toContain("ALLOWED");
  expect(text).not.toContain("FORGED");
  // The runner still works after the attempts.
  await replaceCode(page, 'import { reactor } from "twisted/internet";\nreactor.run();\n');
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Running/ })).toBeVisible();
});
