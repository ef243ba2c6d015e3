import { chromium } from "@playwright/test";
const PROGRAM = `import { endpoints, reactor } from "twisted/internet";
import { resource, server, static as webStatic } from "twisted/web";
class T extends resource.Resource {
  getChild(path: string, request: server.Request) { return new webStatic.Data("<h1>" + path + "</h1><p>happy and well</p>", "text/html"); }
}
endpoints.serverFromString(reactor, "tcp:8000").listen(new server.Site(new T()));
reactor.run();
`;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
await page.goto("http://localhost:3204/lessons/finger-stage-1/output-from-a-non-empty-factory/");
const editor = page.getByTestId("code-editor");
await editor.locator(".view-lines").click();
await page.waitForTimeout(1500);
await page.keyboard.press("Control+A"); await page.keyboard.press("Delete"); await page.keyboard.insertText(PROGRAM);
await page.getByRole("button", { name: "Run" }).click();
await page.waitForTimeout(1500);
await page.getByRole("tab", { name: "Browser" }).click();
await page.getByRole("textbox", { name: "Address" }).fill("localhost:8000/moshez");
await page.getByRole("textbox", { name: "Address" }).press("Enter");
await page.waitForTimeout(1500);
const boxes = async () => console.log(JSON.stringify(await page.evaluate(() => Object.fromEntries(
  [".side-panels", ".panel-tabs", ".browser-bar", ".browser-status", ".browser-view", ".browser-frame", ".terminal", ".editor-pane"].map((s) => [s, Math.round(document.querySelector(s)?.getBoundingClientRect().height ?? -1)])))));
await boxes();
await page.screenshot({ path: "/tmp/bp3-1280.png" });
if (process.argv[2]) {
  await page.evaluate((css) => { const s = document.createElement("style"); s.textContent = css; document.head.prepend(s); }, process.argv[2]);
  await page.waitForTimeout(300);
  await boxes();
  await page.screenshot({ path: "/tmp/bp3-1280-fixed.png" });
}
await browser.close();
