/**
 * Stage 6's finger20 answers clients nobody here wrote. The stage's recap
 * (the last step's solution) runs under `npm run serve` (a .tac.ts runs as
 * twistd -ny would) on free ports, reading a users file of the test's own,
 * its IRC bot pointed at a loopback port nothing listens on (it only
 * retries), so the test needs no Internet. Real `curl` fetches the pages,
 * Python's standard xmlrpc.client makes the calls, and a raw socket sends
 * two pipelined HTTP/1.1 requests. The server runs in its own process
 * group, which is killed afterwards.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchange, startServeGroup, type ServedGroup } from "../support/raw-http";
import { REPO, freePort } from "../support/serve-harness";
import { curl, fingerQuery as finger, pythonXmlrpc as python, realClients } from "../support/real-clients";

const STEP = "10-finger-stage-6/03-recap";
const USERS = "moshez: happy and well\nshawn: alive \nmallory: <script>alert(1)</script> & co\n";




describe.skipIf(!realClients)(
  realClients ? "stage 6's finger20, under npm run serve, with curl and Python's xmlrpc.client" : "finger20 with real clients (SKIPPED: curl or python3 missing)",
  () => {
    let served: ServedGroup | null = null;
    let fingerPort = 0;
    let base = "";

    beforeAll(async () => {
      const [finger, web, irc] = [await freePort(), await freePort(), await freePort()];
      fingerPort = finger;
      base = `http://127.0.0.1:${web}`;
      // A server that switches to the application's uid 1 for real still reads the file: folder and file readable by all.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finger20-peers-"));
      fs.chmodSync(dir, 0o755);
      const users = path.join(dir, "users");
      fs.writeFileSync(users, USERS, { mode: 0o644 });
      const file = path.join(REPO, "lessons", STEP, "solution", "finger.tac.ts");
      const source = fs.readFileSync(file, "utf8");
      for (const original of ['"tcp:79"', '"tcp:8000"', '"/etc/users"', "tcp:irc.freenode.org:6667"]) expect(source).toContain(original);
      served = await startServeGroup(REPO, file, finger, 30_000, {
        '"tcp:79"': `"tcp:${finger}"`,
        '"tcp:8000"': `"tcp:${web}"`,
        '"/etc/users"': JSON.stringify(users),
        "tcp:irc.freenode.org:6667": `tcp:127.0.0.1:${irc}`,
      });
      const started = Date.now();
      while (!served.output().includes(`starting on ${web}`)) {
        if (Date.now() - started > 10_000) throw new Error(`the web port did not open:\n${served.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }, 45_000);

    afterAll(async () => {
      await served?.stop();
    }, 20_000);

    it("curl gets the index: a whole page titled Users, with one link per user in the file's order", () => {
      expect(curl(`${base}/`)).toBe(
        "<html><head><title>Users</title></head><body><h1>Users</h1><ul>" +
          '<li><a href="moshez">moshez</a></li><li><a href="shawn">shawn</a></li><li><a href="mallory">mallory</a></li>' +
          "</ul></body></html>",
      );
    });

    it("curl gets a user's page, and a status with markup in it escaped, written after render_GET returned", () => {
      expect(curl(`${base}/shawn`)).toBe("<html><head><title>shawn</title></head><body><h1>shawn</h1><p>alive</p></body></html>");
      const page = curl("-i", `${base}/mallory`);
      expect(page).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(page).toMatch(/\r\nTransfer-Encoding: chunked\r\n/);
      expect(curl(`${base}/mallory`)).toBe(
        "<html><head><title>mallory</title></head><body><h1>mallory</h1><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p></body></html>",
      );
      expect(curl(`${base}/%3Cb%3E`)).toBe("<html><head><title>&lt;b&gt;</title></head><body><h1>&lt;b&gt;</h1><p>No such user</p></body></html>");
    });

    it("curl's GET of /RPC2 is a 405 that allows only POST", () => {
      const answer = curl("-i", `${base}/RPC2`);
      expect(answer).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
      expect(answer).toContain("\r\nAllow: POST\r\n");
    });

    it("Python's xmlrpc.client gets getUsers, getUser (the status as text, not HTML), and a Fault for an unknown procedure", () => {
      expect(python(`${base}/RPC2`, ["getUsers()", 'getUser("moshez")', 'getUser("mallory")', 'getUser("nobody")', 'setUser("moshez", "away")'])).toEqual([
        "['moshez', 'shawn', 'mallory']",
        "'happy and well'",
        "'<script>alert(1)</script> & co'",
        "'No such user'",
        "<Fault 8001: 'procedure setUser not found'>",
      ]);
    });

    it("answers two pipelined HTTP/1.1 requests on one kept-alive connection, in order", async () => {
      const port = Number(new URL(base).port);
      const { response, closed } = await exchange(port, [
        "GET /moshez HTTP/1.1\r\nHost: localhost\r\n\r\nGET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
      ]);
      expect(closed).toBe(true);
      expect(response.match(/HTTP\/1\.1 200 OK\r\n/g)).toHaveLength(2);
      const first = response.indexOf("<h1>moshez</h1><p>happy and well</p>");
      const second = response.indexOf("<h1>Users</h1>");
      expect(first).toBeGreaterThan(0);
      expect(second).toBeGreaterThan(first);
      expect(response.slice(first, second)).toContain("</body></html>\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n");
    });

    it("the finger port is unchanged, and the bot only retries its unreachable IRC server", async () => {
      expect(await finger(fingerPort, "moshez\r\n")).toBe("happy and well\r\n");
      expect(await finger(fingerPort, "nobody\r\n")).toBe("No such user\r\n");
      expect(served!.output()).toMatch(/Scheduling retry \d+ to connect <TCP4ClientEndpoint object>/);
    });
  },
);
