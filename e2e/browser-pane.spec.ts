import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { replaceCode, terminalRows } from "./helpers";

// Playwright's trace recorder runs a script in every frame to snapshot it; the pane's sandbox blocks it and Chromium
// logs that as a console error, which the strict page rightly fails on. A learner has no recorder, so record none here:
// the strict page then fails if the pane itself ever leaves a script for the sandbox to block.
test.use({ trace: "off" });

const STEP_URL = "/lessons/finger-stage-1/output-from-a-non-empty-factory/";

/**
 * What a learner writes in stage 2: finger15's web front end on 8000, with
 * a user list whose script must never run and whose refresh and links must
 * never take the frame to the real localhost:8000, and beside it a plain finger
 * answer on 1079 (not HTTP) and a port, 8001, that never answers.
 */
const PROGRAM = `import { endpoints, protocol, reactor } from "twisted/internet";
import { resource, server, static as webStatic } from "twisted/web";
import { escape } from "html";

const users: Record<string, string> = { moshez: "happy and well", glyph: "coding" };

class UserStatusTree extends resource.Resource {
  getChild(path: string, request: server.Request) {
    if (path === "") {
      const items = Object.keys(users).map((u) => '<li><a href="/' + u + '">' + u + "</a></li>").join("");
      const refresh = "<meta http-equiv='refresh' content='0;url=http://localhost:8000/moshez'>";
      return new webStatic.Data("<title>Users</title>" + refresh + "<h1>Users</h1><ul>" + items + "</ul><script>document.body.innerHTML = 'scripted'</script>", "text/html");
    }
    const status = users[path] ?? "No such user";
    return new webStatic.Data("<h1>" + escape(path) + "</h1><p>" + escape(status) + "</p>", "text/html");
  }
}
endpoints.serverFromString(reactor, "tcp:8000").listen(new server.Site(new UserStatusTree()));

class Plain extends protocol.Protocol {
  connectionMade() {
    this.transport!.write("Happy and well\\r\\n");
    this.transport!.loseConnection();
  }
}
const plain = new protocol.ServerFactory();
plain.protocol = Plain;
endpoints.serverFromString(reactor, "tcp:1079").listen(plain);

const silent = new protocol.ServerFactory();
silent.protocol = protocol.Protocol;
endpoints.serverFromString(reactor, "tcp:8001").listen(silent);
reactor.run();
`;

/** Runs PROGRAM on the step and opens the Browser tab. */
async function runAndOpenBrowser(page: Page) {
  await page.goto(STEP_URL);
  await replaceCode(page, PROGRAM);
  await page.getByRole("button", { name: "Run" }).click();
  // The terminal wraps the line where it likes: a space at the wrap is not in the rows.
  await expect(terminalRows(page)).toContainText(/listening on ports 1079,\s*8000\s*and\s*8001/);
  const tab = page.getByRole("tab", { name: "Browser" });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-selected", "true");
  return page.getByTestId("browser-pane");
}

/** Types an address and presses Enter, as a learner does. */
async function visit(page: Page, address: string) {
  const bar = page.getByRole("textbox", { name: "Address" });
  await bar.fill(address);
  await bar.press("Enter");
}

test("a learner browses their twisted.web program through the simulated network", async ({ strictPage: page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const pane = await runAndOpenBrowser(page);
  const address = page.getByRole("textbox", { name: "Address" });
  await expect(address).toHaveValue("http://localhost:8000/");
  await expect(pane).toContainText("press Go");

  // Enter in the address bar loads the page; its script is not run.
  await address.press("Enter");
  const frame = page.frameLocator('iframe[title="Page from http://localhost:8000/: Users"]');
  await expect(frame.getByRole("heading", { name: "Users" })).toBeVisible();
  await expect(frame.locator("body")).not.toContainText("scripted");
  await expect(pane).toContainText("1 script not run (the pane runs nothing)");
  await expect(page.getByRole("status").filter({ hasText: "HTTP/1.0 200 OK" })).toContainText("text/html");
  // The frame runs nothing and loads nothing.
  const iframe = page.locator(".browser-frame");
  await expect(iframe).toHaveAttribute("sandbox", "");
  expect(await iframe.getAttribute("srcdoc")).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none';`);

  // Links are numbered in the page, lead nowhere in the frame, and are followed from the list under it.
  await expect(frame.locator("li").first()).toHaveText("moshez[1]");
  await expect(frame.locator("a[href]")).toHaveCount(0);
  await expect(frame.locator("meta[http-equiv=refresh]")).toHaveCount(0);
  await page.getByRole("navigation", { name: "Links on this page" }).getByRole("button", { name: "[1] moshez" }).click();
  await expect(page.frameLocator(".browser-frame").getByRole("heading", { name: "moshez" })).toBeVisible();
  await expect(page.frameLocator(".browser-frame").locator("p")).toHaveText("happy and well");
  await expect(address).toHaveValue("http://localhost:8000/moshez");
  await pane.getByRole("button", { name: "Previous page" }).click();
  await expect(page.frameLocator(".browser-frame").getByRole("heading", { name: "Users" })).toBeVisible();
  await pane.getByRole("button", { name: "Next page" }).click();
  await expect(address).toHaveValue("http://localhost:8000/moshez");

  // A script in the address comes back escaped by the program: shown as text, never run.
  await visit(page, "localhost:8000/<script>alert('hi')");
  await expect(page.frameLocator(".browser-frame").getByRole("heading")).toHaveText("<script>alert('hi')");
  await expect(page.frameLocator(".browser-frame").locator("p")).toHaveText("No such user");
  expect(dialogs).toEqual([]);

  // The headers and the raw reply are one click away.
  await pane.getByRole("button", { name: "Headers" }).click();
  await expect(pane.getByRole("row", { name: /Server/ })).toContainText("TwistedWeb/22.4.0");
  await pane.getByRole("button", { name: "Raw" }).click();
  await expect(pane.getByLabel("Raw reply")).toContainText(/^HTTP\/1\.0 200 OK\s+Server: TwistedWeb\/22\.4\.0\s+Date: /);
  await expect(pane.getByLabel("Raw reply")).toContainText("Content-Type: text/html");
  await expect(pane.getByLabel("Raw reply")).toContainText("<h1>&lt;script&gt;alert(&#x27;hi&#x27;)</h1>");

  // A reply that is not HTTP is named as such, with what came back.
  await visit(page, "localhost:1079");
  await expect(pane.getByRole("alert")).toContainText('The reply is not HTTP: it should start with a status line such as "HTTP/1.0 200 OK", but starts with "Happy and well".');
  await expect(pane.getByLabel("Raw reply")).toHaveText("Happy and well\r\n");

  // A program that never answers: the browser gives up on the reactor's clock.
  await visit(page, "localhost:8001/");
  await expect(pane).toContainText("Waiting for localhost:8001");
  await expect(pane.getByRole("alert")).toContainText("localhost:8001 took the connection, but its reply did not end within 10 seconds");

  // Stopped, the program listens no more.
  await page.getByRole("toolbar", { name: "Program" }).getByRole("button", { name: "Stop" }).click();
  await visit(page, "http://localhost:8000/moshez");
  await expect(pane.getByRole("alert")).toContainText("Nothing is listening on localhost:8000. Is your program running");
  await expect(pane.getByRole("alert")).toContainText("No program is running: press Run, then Reload.");
});

test("a bad address is explained and not sent", async ({ strictPage: page }) => {
  const pane = await runAndOpenBrowser(page);
  await visit(page, "https://localhost:8000/");
  await expect(pane.getByRole("alert")).toHaveText("This Browser tab speaks plain HTTP only: use http://, or curl -k https://... in the terminal for TLS.");
  await expect(page.getByRole("textbox", { name: "Address" })).toHaveAttribute("aria-invalid", "true");
  await expect(pane).toContainText("No page loaded yet.");
});

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`at ${viewport.width}x${viewport.height} the page gets room and the terminal keeps its own`, async ({ strictPage: page }, testInfo) => {
    await page.setViewportSize(viewport);
    await runAndOpenBrowser(page);
    await visit(page, "localhost:8000/moshez");
    await expect(page.frameLocator(".browser-frame").locator("p")).toHaveText("happy and well");
    const frame = (await page.locator(".browser-frame").boundingBox())!;
    const terminal = (await page.getByRole("region", { name: "Terminal" }).boundingBox())!;
    const editor = (await page.getByRole("region", { name: "Editor" }).boundingBox())!;
    expect(frame.height).toBeGreaterThanOrEqual(180);
    expect(frame.width).toBeGreaterThanOrEqual(400);
    expect(terminal.height).toBeGreaterThanOrEqual(frame.height);
    // The terminal (with the server's access log) keeps about half the bottom row.
    const panels = (await page.locator(".side-panels").boundingBox())!;
    expect(terminal.width).toBeGreaterThanOrEqual((terminal.width + panels.width) * 0.45);
    expect(editor.height).toBeGreaterThanOrEqual(300);
    // The four tabs stay on one row, each label on one line.
    const tabs = await page.getByRole("tab").evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        return { y: box.y, height: box.height };
      }),
    );
    expect(tabs).toHaveLength(4);
    for (const tab of tabs) expect([tab.y, tab.height]).toEqual([tabs[0]!.y, tabs[0]!.height]);
    expect(tabs[0]!.height).toBeLessThan(40);
    const size = `${viewport.width}x${viewport.height}`;
    await page.screenshot({ path: testInfo.outputPath(`browser-pane-${size}.png`) });
    await page.getByTestId("browser-pane").getByRole("button", { name: "Raw" }).click();
    await page.screenshot({ path: testInfo.outputPath(`browser-pane-raw-${size}.png`) });
    await page.getByRole("toolbar", { name: "Program" }).getByRole("button", { name: "Stop" }).click();
    await page.getByTestId("browser-pane").getByRole("button", { name: "Reload page" }).click();
    await expect(page.getByTestId("browser-pane").getByRole("alert")).toContainText("Nothing is listening on localhost:8000");
    await page.screenshot({ path: testInfo.outputPath(`browser-pane-refused-${size}.png`) });
  });
}
