/**
 * twisted.web under `npm run serve` against real clients nobody here wrote:
 * curl (GET, HEAD, POST, two URLs on one kept-alive connection, a pipelined
 * slow response) against a Site, and Python's standard xmlrpc.client against
 * an XMLRPC resource (results, Fault 8001 as xmlrpc.client.Fault, 405 on GET).
 * Each server runs in its own process group on a free loopback port and is
 * stopped after; every client has a timeout. Skips, saying why, when curl or
 * python3 is missing.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServeGroup, type ServedGroup } from "../../test/support/raw-http";
import { REPO, freePort, have, runClient } from "../../test/support/serve-harness";

const programs = path.join(REPO, "test/differential/programs");
const haveCurl = have("curl");
const PYTHON = "/usr/bin/python3";
const havePython = have(PYTHON);

function curl(...args: string[]) {
  return runClient("curl", ["--silent", "--show-error", "--max-time", "5", ...args], [], 0, 8000);
}

describe.skipIf(!haveCurl)(haveCurl ? "a twisted.web Site under npm run serve, with curl" : "a twisted.web Site with curl (SKIPPED: curl not installed)", () => {
  let served: ServedGroup;
  let base = "";
  beforeAll(async () => {
    const port = await freePort();
    served = await startServeGroup(REPO, path.join(programs, "web-site.ts"), port);
    base = `http://127.0.0.1:${port}`;
  }, 30_000);
  afterAll(async () => {
    await served?.stop();
  }, 15_000);

  it("GET prints the page, with the query argument escaped", async () => {
    const run = await curl(`${base}/hello?name=%3Cb%3Emoshez`);
    expect(run.stdout).toBe("<p>Hello, &lt;b&gt;moshez!</p>");
    expect(run.code).toBe(0);
  });

  it("-i shows Twisted's status line and headers over HTTP/1.1", async () => {
    const run = await curl("-i", `${base}/`);
    expect(run.stdout).toMatch(/^HTTP\/1.1 200 OK\r\nServer: TwistedWeb\/22.4.0\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\nContent-Type: text\/html\r\nContent-Length: 13\r\n\r\n<h1>Home<\/h1>$/);
  });

  it("HEAD (-I) gets the headers and no body", async () => {
    const run = await curl("-I", `${base}/hello`);
    expect(run.stdout).toMatch(/^HTTP\/1.1 200 OK\r\n[^]*Content-Length: 20\r\n[^]*\r\n\r\n$/);
    expect(run.code).toBe(0);
  });

  it("POST (-d) sends a body the resource reads", async () => {
    const run = await curl("-d", "hello there", `${base}/hello`);
    expect(run.stdout).toBe("got hello there");
  });

  it("a POST that asks for 100 Continue gets it, then sends the body", async () => {
    const run = await curl("-v", "-H", "Expect: 100-continue", "--data-binary", "x".repeat(3000), `${base}/hello`);
    expect(run.stderr).toContain("Expect: 100-continue");
    expect(run.stderr).toContain("HTTP/1.1 100 Continue");
    expect(run.stdout).toBe(`got ${"x".repeat(3000)}`);
  });

  it("a chunked upload is read whole", async () => {
    const run = await curl("-H", "Transfer-Encoding: chunked", "--data-binary", "in pieces", `${base}/hello`);
    expect(run.stdout).toBe("got in pieces");
  });

  it("a chunked NOT_DONE_YET response arrives whole", async () => {
    const run = await curl(`${base}/slow`);
    expect(run.stdout).toBe("first second");
  });

  it("two URLs in one curl reuse one kept-alive connection", async () => {
    const run = await curl("-w", "[%{num_connects}]\\n", `${base}/hello?name=one`, `${base}/hello?name=two`);
    expect(run.stdout).toBe("<p>Hello, one!</p>[1]\n<p>Hello, two!</p>[0]\n");
  });

  it("a missing page is Twisted's 404; a POST to static.Data is its 405 with Allow", async () => {
    const missing = await curl("-w", "%{http_code}", `${base}/nothere`);
    expect(missing.stdout).toMatch(/<title>404 - No Such Resource<\/title>[^]*404$/);
    const post = await curl("-i", "-X", "POST", `${base}/`);
    expect(post.stdout).toMatch(/^HTTP\/1.1 405 Method Not Allowed\r\n[^]*Allow: HEAD, GET\r\n/);
  });

  it("the server logs each request in the combined log format, curl's User-Agent included", () => {
    expect(served.output()).toMatch(/"127\.0\.0\.1" - - \[[^\]]+\] "GET \/hello\?name=two HTTP\/1\.1" 200 18 "-" "curl\/7\.\d+\.\d+"/);
  });
});

/** Runs a Python snippet that talks to the server with xmlrpc.client, and returns what it printed. */
function python(code: string) {
  return runClient(PYTHON, ["-c", code], [], 0, 10_000);
}

describe.skipIf(!havePython)(
  havePython ? "a twisted.web XMLRPC resource under npm run serve, with Python's xmlrpc.client" : "XMLRPC with Python's xmlrpc.client (SKIPPED: no python3)",
  () => {
    let served: ServedGroup;
    let url = "";
    beforeAll(async () => {
      const port = await freePort();
      served = await startServeGroup(REPO, path.join(programs, "xmlrpc-server.ts"), port);
      url = `http://127.0.0.1:${port}/RPC2`;
    }, 30_000);
    afterAll(async () => {
      await served?.stop();
    }, 15_000);

    it("calls procedures and gets their results, of every type", async () => {
      const run = await python(`
import xmlrpc.client
p = xmlrpc.client.ServerProxy(${JSON.stringify(url)})
print(p.echo("Happy and well"))
print(p.add(40, 2))
print(p.later("eventually"))
print(p.math.square(12))
print(repr(p.echo([1, True, 2.5, {"k": "v"}, xmlrpc.client.Binary(b"\\x00\\xff")])))
print(p.system.listMethods())
`);
      expect(run.stderr).toBe("");
      expect(run.stdout.split("\n")).toEqual([
        "Happy and well",
        "42",
        "eventually",
        "144",
        "[1, True, 2.5, {'k': 'v'}, <xmlrpc.client.Binary object at ADDR>]".replace("ADDR", run.stdout.match(/0x[0-9a-f]+/)?.[0] ?? "?"),
        "['echo', 'add', 'fail', 'fault', 'later', 'nothing', 'math.square', 'system.listMethods', 'system.methodHelp', 'system.methodSignature']",
        "",
      ]);
    });

    it("an unknown procedure raises xmlrpc.client.Fault 8001; a failing one Fault 8002", async () => {
      const run = await python(`
import xmlrpc.client
p = xmlrpc.client.ServerProxy(${JSON.stringify(url)})
for call in (lambda: p.nosuch(), lambda: p.fail(), lambda: p.fault()):
    try:
        call()
    except xmlrpc.client.Fault as f:
        print(f.faultCode, f.faultString)
`);
      expect(run.stdout).toBe("8001 procedure nosuch not found\n8002 error\n123 The fault procedure is faulty.\n");
    });

    it("None needs allow_none on the server: Fault 8002 without, nil with", async () => {
      const run = await python(`
import xmlrpc.client
try:
    xmlrpc.client.ServerProxy(${JSON.stringify(url)}).nothing()
except xmlrpc.client.Fault as f:
    print(f.faultCode, f.faultString)
print(xmlrpc.client.ServerProxy(${JSON.stringify(`${url}n`)}, allow_none=True).nothing())
`);
      expect(run.stdout).toBe("8002 Can't serialize output: cannot marshal None unless allow_none is enabled\nNone\n");
    });

    it("GET /RPC2 is 405 Method Not Allowed with Allow: POST", async () => {
      const run = await python(`
import urllib.request, urllib.error
try:
    urllib.request.urlopen(${JSON.stringify(url)}, timeout=5)
except urllib.error.HTTPError as e:
    print(e.code, e.headers["Allow"])
`);
      expect(run.stdout).toBe("405 POST\n");
    });
  },
);
