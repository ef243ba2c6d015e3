/**
 * twisted.web on the wire, two ways: the same little Site (programs/web-site.ts
 * under `npm run serve`, and its twin programs/web_site.py on real Twisted
 * 22.4) receives the same raw bytes, and must send back the same bytes, Date
 * aside: status lines, header order and spelling, Content-Length or chunked
 * bodies, keep-alive and pipelining, Twisted's own error pages, and the bare
 * 400 for a request it cannot parse. Each exchange is its own connection.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchange, normaliseDate, startPython, startServeGroup, type PythonServer, type ServedGroup } from "../support/raw-http";
import { REPO, freePort } from "../support/serve-harness";

const PYTHON = "/usr/bin/python3";
const programs = path.join(REPO, "test/differential/programs");
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted.web.server"], { stdio: "ignore" }).status === 0;

const close = "Host: example.com\r\nConnection: close\r\n";

/** Each exchange: a name, the pieces the client writes, and how long a quiet connection is waited on. */
const EXCHANGES: { name: string; pieces: string[]; quietMs?: number; silent?: boolean }[] = [
  { name: "GET / (static.Data) over HTTP/1.1 with Connection: close", pieces: [`GET / HTTP/1.1\r\n${close}\r\n`] },
  { name: "GET over HTTP/1.0: no Connection header, the server closes", pieces: ["GET /hello HTTP/1.0\r\n\r\n"] },
  { name: "query arguments, escaped into the page", pieces: [`GET /hello?name=%3Cb%3Emoshez%3C/b%3E&name=x HTTP/1.1\r\n${close}\r\n`] },
  { name: "path, prepath, postpath and args of a leaf", pieces: ["GET /info/a/b%20c?x=1&x=2&y=%3Cz%3E+w;z= HTTP/1.0\r\nUser-Agent: raw\r\n\r\n"] },
  { name: "404 No Such Resource", pieces: [`GET /nothere HTTP/1.1\r\n${close}\r\n`] },
  { name: "404 below a missing child", pieces: [`GET /nothere/deeper/still HTTP/1.1\r\n${close}\r\n`] },
  { name: "405 with Allow for POST to static.Data", pieces: [`POST / HTTP/1.1\r\n${close}Content-Length: 3\r\n\r\nabc`] },
  { name: "405 escapes the URI on its page", pieces: [`POST /?<script> HTTP/1.1\r\n${close}Content-Length: 0\r\n\r\n`] },
  { name: "501 for a method Twisted does not know", pieces: [`DELETE /hello HTTP/1.1\r\n${close}\r\n`] },
  { name: "HEAD faked from render_GET: a Content-Length and no body", pieces: [`HEAD /hello HTTP/1.1\r\n${close}\r\n`] },
  { name: "HEAD of static.Data", pieces: [`HEAD / HTTP/1.1\r\n${close}\r\n`] },
  { name: "POST with a Content-Length body", pieces: [`POST /hello HTTP/1.1\r\n${close}Content-Length: 11\r\n\r\nhello there`] },
  { name: "POST with the body in a later segment", pieces: [`POST /hello HTTP/1.1\r\n${close}Content-Length: 6\r\n\r\nab`, "cdef"] },
  { name: "POST with a chunked request body", pieces: [`POST /hello HTTP/1.1\r\n${close}Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n`] },
  { name: "NOT_DONE_YET over HTTP/1.1: a chunked response", pieces: [`GET /slow HTTP/1.1\r\n${close}\r\n`] },
  { name: "NOT_DONE_YET over HTTP/1.0: the body ends when the server closes", pieces: ["GET /slow HTTP/1.0\r\n\r\n"] },
  { name: "util.Redirect: 302, Location and Twisted's refresh page", pieces: [`GET /old HTTP/1.1\r\n${close}\r\n`] },
  { name: "a custom code and reason phrase, an empty body", pieces: [`GET /teapot HTTP/1.1\r\n${close}\r\n`] },
  {
    name: "keep-alive: two requests, one after the other, on one connection",
    pieces: ["GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", `GET /info/z HTTP/1.1\r\n${close}\r\n`],
  },
  {
    name: "pipelined: three requests in one segment, the slow one first, answered in order",
    pieces: [`GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /hello?name=two HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n${close}\r\n`],
  },
  { name: "keep-alive without close: the connection stays open", pieces: ["GET / HTTP/1.1\r\nHost: x\r\n\r\n"], quietMs: 600 },
  { name: "a blank line before the request is tolerated", pieces: [`\r\nGET / HTTP/1.1\r\n${close}\r\n`] },
  { name: "folded header lines", pieces: [`GET /info HTTP/1.1\r\n${close}User-Agent: a\r\n  b\r\n\r\n`] },
  { name: "400 for a request line without three parts", pieces: ["GARBAGE\r\n\r\n"] },
  { name: "400 for a header line without a colon", pieces: ["GET / HTTP/1.1\r\nNo colon here\r\n\r\n"] },
  { name: "400 for a space before the colon", pieces: ["GET / HTTP/1.1\r\nHost : x\r\n\r\n"] },
  { name: "400 for a bad Content-Length", pieces: ["POST /hello HTTP/1.1\r\nContent-Length: ten\r\n\r\n"] },
  { name: "400 for two Content-Lengths", pieces: ["POST /hello HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx"] },
  { name: "400 for a bad chunk size", pieces: ["POST /hello HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"] },
  { name: "400 for an unknown transfer coding", pieces: ["POST /hello HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"] },
  { name: "a request line over LineReceiver's 16384 bytes: closed without an answer", pieces: [`GET /${"a".repeat(16400)} HTTP/1.1\r\n\r\n`], silent: true },
  { name: "400 for headers over 16384 bytes in all", pieces: [`GET / HTTP/1.1\r\n${`X-Big: ${"a".repeat(6000)}\r\n`.repeat(3)}\r\n`] },
  { name: "static.File: a text file", pieces: [`GET /files/notes.txt HTTP/1.1\r\n${close}\r\n`] },
  { name: "static.File: a directory's index.html", pieces: [`GET /files/ HTTP/1.0\r\n\r\n`] },
  { name: "static.File: a directory without its slash redirects", pieces: [`GET /files/sub?x=1 HTTP/1.0\r\n\r\n`] },
  { name: "static.File: a missing file is 404 'File not found.'", pieces: [`GET /files/nope.css HTTP/1.0\r\n\r\n`] },
  { name: "static.File: HEAD", pieces: [`HEAD /files/sub/style.css HTTP/1.0\r\n\r\n`] },
  { name: "a good request, then garbage on the same connection", pieces: ["GET / HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP\r\n\r\n"] },
];

describe.skipIf(!realTwisted)(
  realTwisted ? "twisted.web on the wire, engine vs real Twisted 22.4" : "twisted.web on the wire (SKIPPED: python3-twisted not installed)",
  () => {
    let twin: PythonServer | null = null;
    let served: ServedGroup | null = null;
    let twinPort = 0;
    let enginePort = 0;

    beforeAll(async () => {
      twinPort = await freePort();
      enginePort = await freePort();
      // The files both static.File resources serve (the engine reads them through the NodeReactor's file system).
      const www = fs.mkdtempSync(path.join(os.tmpdir(), "www-"));
      fs.mkdirSync(path.join(www, "sub"));
      fs.writeFileSync(path.join(www, "index.html"), "<h1>Index</h1>\n");
      fs.writeFileSync(path.join(www, "notes.txt"), "plain text\n");
      fs.writeFileSync(path.join(www, "sub", "style.css"), "b { color: red }\n");
      const replacements = { WWW_ROOT: www };
      [twin, served] = await Promise.all([
        startPython(PYTHON, path.join(programs, "web_site.py"), twinPort, 15000, replacements),
        startServeGroup(REPO, path.join(programs, "web-site.ts"), enginePort, 20000, replacements),
      ]);
    }, 40_000);

    afterAll(async () => {
      await Promise.all([twin?.stop(), served?.stop()]);
    }, 20_000);

    for (const { name, pieces, quietMs, silent } of EXCHANGES) {
      it(name, async () => {
        const [expected, actual] = await Promise.all([exchange(twinPort, pieces, { quietMs }), exchange(enginePort, pieces, { quietMs })]);
        if (!silent) expect(expected.response.length, "real Twisted answered").toBeGreaterThan(0);
        // static.File: Twisted sends Last-Modified; the engine's file systems keep no modification times.
        const withoutLastModified = normaliseDate(expected.response).replace(/\r\nLast-Modified: [^\r\n]*\r\n/, "\r\n");
        expect(normaliseDate(actual.response)).toBe(withoutLastModified);
        expect(actual.closed).toBe(expected.closed);
      }, 20_000);
    }

    it("the engine's access log has Twisted's combined format", () => {
      expect(served!.output()).toMatch(/"127\.0\.0\.1" - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/info\/a\/b%20c\?x=1&x=2&y=%3Cz%3E\+w;z= HTTP\/1\.0" 200 \d+ "-" "raw"/);
    });
  },
);
