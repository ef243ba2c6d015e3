import { describe, expect, it } from "vitest";
import { World } from "../../engine";
import { BrowserStore, PAGE_TIMEOUT_SECONDS, pageView, type RunCommand } from "./browser-store";

/** A twisted.web Site on port 8000 with a page per user, as finger stage 2 serves. */
const site = `
import { endpoints, reactor } from "twisted/internet";
import { resource, server } from "twisted/web";
class User extends resource.Resource {
  isLeaf = true;
  render_GET(request: server.Request) {
    const name = request.postpath[0] ?? "";
    return "<h1>" + name + "</h1><p>happy and well</p>";
  }
}
endpoints.serverFromString(reactor, "tcp:8000").listen(new server.Site(new User()));
reactor.run();
`;

/** A program that takes connections on 8000 and never answers. */
const silent = `
import { endpoints, protocol, reactor } from "twisted/internet";
const f = new protocol.ServerFactory();
f.protocol = protocol.Protocol;
endpoints.serverFromString(reactor, "tcp:8000").listen(f);
reactor.run();
`;

/** The pane's curl, run in `world` as the runner runs the terminal's commands. */
function commandsIn(world: World): RunCommand & { argv: string[][] } {
  const argv: string[][] = [];
  const run = (command: string[], handlers: Parameters<RunCommand>[1]) => {
    argv.push(command);
    const handle = world.exec(command, {
      onStdout: (text) => handlers.onOutput(text, "stdout"),
      onStderr: (text) => handlers.onOutput(text, "stderr"),
      onExit: (code) => handlers.onExit(code),
    });
    return { interrupt: () => handle.kill("INT") };
  };
  return Object.assign(run, { argv });
}

function settle(world: World, seconds = 1): void {
  world.advanceTo(world.seconds() + seconds);
}

describe("the browser pane against a program in the simulated world", () => {
  it("loads the page the program serves, through curl -i with a browser's headers", () => {
    const world = new World();
    world.start(site, "web.ts");
    const run = commandsIn(world);
    const browser = new BrowserStore(run, "http://localhost:8000/");
    browser.open("localhost:8000/moshez");
    expect(browser.getSnapshot().view).toEqual({ kind: "loading", url: "http://localhost:8000/moshez" });
    settle(world);
    const view = browser.getSnapshot().view;
    if (view.kind !== "page") throw new Error(`expected a page, got ${JSON.stringify(view)}`);
    expect(view.response.statusLine).toBe("HTTP/1.0 200 OK");
    expect(view.response.body).toBe("<h1>moshez</h1><p>happy and well</p>");
    expect(view.body).toBe("html");
    expect(view.raw).toMatch(/^HTTP\/1.0 200 OK\r\nServer: TwistedWeb\/22.4.0\r\n[^]*\r\n\r\n<h1>moshez<\/h1>/);
    expect(run.argv[0]).toEqual([
      "curl", "-i", "-m", String(PAGE_TIMEOUT_SECONDS),
      "-H", "User-Agent: finger-browser/1.0 (the lesson's browser pane)",
      "-H", "Accept: text/html,*/*;q=0.8",
      "http://localhost:8000/moshez",
    ]);
  });

  it("goes back and forward through its history, loading each page again", () => {
    const world = new World();
    world.start(site, "web.ts");
    const browser = new BrowserStore(commandsIn(world), "http://localhost:8000/");
    browser.open("http://localhost:8000/moshez");
    settle(world);
    browser.open("/glyph");
    settle(world);
    browser.back();
    settle(world);
    expect(browser.getSnapshot()).toMatchObject({ index: 0, address: "http://localhost:8000/moshez", history: ["http://localhost:8000/moshez", "http://localhost:8000/glyph"] });
    expect(browser.getSnapshot().view).toMatchObject({ kind: "page", response: { body: "<h1>moshez</h1><p>happy and well</p>" } });
    browser.forward();
    settle(world);
    expect(browser.getSnapshot().view).toMatchObject({ kind: "page", response: { body: "<h1>glyph</h1><p>happy and well</p>" } });
    browser.open("/x");
    expect(browser.getSnapshot().history).toEqual(["http://localhost:8000/moshez", "http://localhost:8000/glyph", "http://localhost:8000/x"]);
    browser.back();
    browser.open("/moshez");
    browser.open("/moshez");
    expect(browser.getSnapshot()).toMatchObject({ index: 2, history: ["http://localhost:8000/moshez", "http://localhost:8000/glyph", "http://localhost:8000/moshez"] });
  });

  it("says nothing is listening when no program runs", () => {
    const world = new World();
    const browser = new BrowserStore(commandsIn(world), "http://localhost:8000/");
    browser.reload();
    settle(world);
    expect(browser.getSnapshot().view).toEqual({
      kind: "failed",
      url: "http://localhost:8000/",
      reason: "refused",
      message: "Nothing is listening on localhost:8000. Is your program running, and listening on that port?",
    });
  });

  it("gives up on a program that never answers after the timeout on the virtual clock", () => {
    const world = new World();
    world.start(silent, "silent.ts");
    const browser = new BrowserStore(commandsIn(world), "http://localhost:8000/");
    browser.reload();
    settle(world, PAGE_TIMEOUT_SECONDS - 1);
    expect(browser.getSnapshot().view.kind).toBe("loading");
    settle(world, 2);
    expect(browser.getSnapshot().view).toMatchObject({
      kind: "failed",
      reason: "timeout",
      message: expect.stringMatching(/^localhost:8000 took the connection, but its reply did not end within 10 seconds on the reactor's clock, so the browser gave up \(nothing had arrived\)\. /),
    });
  });

  it("Stop abandons the load, and a late reply does not replace what is shown", () => {
    const world = new World();
    world.start(silent, "silent.ts");
    const browser = new BrowserStore(commandsIn(world), "http://localhost:8000/");
    browser.reload();
    settle(world);
    browser.stop();
    settle(world, PAGE_TIMEOUT_SECONDS + 1);
    expect(browser.getSnapshot().view).toMatchObject({ kind: "failed", reason: "stopped" });
  });

  it("keeps a bad address out of the history and says what is wrong", () => {
    const world = new World();
    const run = commandsIn(world);
    const browser = new BrowserStore(run, "http://localhost:8000/");
    browser.open("https://localhost:8000/");
    expect(browser.getSnapshot()).toMatchObject({ history: [], index: -1, addressError: expect.stringMatching(/plain HTTP only/) });
    expect(run.argv).toEqual([]);
  });
});

describe("what a finished curl means", () => {
  it("reports a reply that is not HTTP as malformed, keeping what came back", () => {
    expect(pageView("http://localhost:1079/", 0, "No such user\r\n", "")).toEqual({
      kind: "malformed",
      url: "http://localhost:1079/",
      raw: "No such user\r\n",
      problem: 'The reply is not HTTP: it should start with a status line such as "HTTP/1.0 200 OK", but starts with "No such user".',
    });
  });

  it("counts what had arrived before a timeout", () => {
    const view = pageView("http://localhost:8000/", 28, "", "curl: (28) Operation timed out after 10000 milliseconds with 17 bytes received\n");
    expect(view).toMatchObject({ reason: "timeout", message: expect.stringContaining("so the browser gave up (17 bytes had arrived).") });
  });

  it("names an unknown host, and a request cut off by a new Run", () => {
    expect(pageView("http://nowhere.example/", 6, "", "curl: (6) ...")).toMatchObject({ reason: "unknown-host", message: "There is no host called nowhere.example on the simulated network." });
    expect(pageView("http://localhost:8000/", null, "", "")).toMatchObject({ reason: "stopped" });
  });
});
