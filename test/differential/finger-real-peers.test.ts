/**
 * The lessons' own solution files answer clients nobody here wrote. The
 * XML-RPC step's finger17 and stage 3's finger18 run under `npm run serve`
 * (a .tac.ts runs as twistd -ny would) on free ports, reading a users file
 * of the test's own, their IRC bot pointed at loopback: at a port nothing
 * listens on (it retries there), or at a small IRC server of the test's own;
 * the test needs no Internet. Real `curl` fetches the pages and Python's
 * standard xmlrpc.client makes the calls.
 * Each server runs in its own process group, which is killed afterwards.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServeGroup, type ServedGroup } from "../support/raw-http";
import { REPO, freePort } from "../support/serve-harness";
import { curl, fingerQuery as finger, pythonXmlrpc as python, realClients } from "../support/real-clients";

const USERS = "moshez: happy and well\nshawn: alive \nmallory: <script>alert(1)</script> & co\n";

/** A running lesson solution and the ports it answers on. */
interface Running {
  readonly served: ServedGroup;
  readonly fingerPort: number;
  readonly webPort: number;
}

/** Runs a lesson's solution with its ports, its users file and its IRC server (by default a dead loopback port) replaced. */
async function serveSolution(step: string, ircPort?: number): Promise<Running> {
  const [fingerPort, webPort] = [await freePort(), await freePort()];
  ircPort ??= await freePort();
  // A server that switches to the application's uid 1 for real still reads the file: folder and file readable by all.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finger-peers-"));
  fs.chmodSync(dir, 0o755);
  const users = path.join(dir, "users");
  fs.writeFileSync(users, USERS, { mode: 0o644 });
  const file = path.join(REPO, "lessons", step, "solution", "finger.tac.ts");
  const source = fs.readFileSync(file, "utf8");
  for (const original of ['"tcp:79"', '"tcp:8000"', '"/etc/users"', "tcp:irc.freenode.org:6667"]) expect(source).toContain(original);
  const served = await startServeGroup(REPO, file, fingerPort, 30_000, {
    '"tcp:79"': `"tcp:${fingerPort}"`,
    '"tcp:8000"': `"tcp:${webPort}"`,
    '"/etc/users"': JSON.stringify(users),
    "tcp:irc.freenode.org:6667": `tcp:127.0.0.1:${ircPort}`,
  });
  const started = Date.now();
  while (!served.output().includes(`starting on ${webPort}`)) {
    if (Date.now() - started > 10_000) throw new Error(`the web port did not open:\n${served.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { served, fingerPort, webPort };
}



/**
 * A one-client IRC server on loopback, enough for the bot: it welcomes the
 * client (001), then alice sends it a private message, and every line the
 * client sends is kept.
 */
interface FakeIrc {
  readonly port: number;
  readonly lines: string[];
  close(): Promise<void>;
}

async function fakeIrcServer(message: string): Promise<FakeIrc> {
  const lines: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let buffer = "";
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        lines.push(line);
        if (line.startsWith("USER ")) {
          socket.write(":irc.test 001 fingerbot :Welcome\r\n");
          socket.write(`:alice!alice@localhost PRIVMSG fingerbot :${message}\r\n`);
        }
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    lines,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}


describe.skipIf(!realClients)(
  realClients ? "the XML-RPC step's finger17, under npm run serve, with curl and Python's xmlrpc.client" : "finger17 with real clients (SKIPPED: curl or python3 missing)",
  () => {
    let running: Running | null = null;
    beforeAll(async () => {
      running = await serveSolution("06-finger-stage-2/07-announce-over-xml-rpc");
    }, 45_000);
    afterAll(async () => {
      await running?.served.stop();
    }, 20_000);

    it("curl gets a user's page, an escaped status, and the index (the page of the user called '')", () => {
      const base = `http://127.0.0.1:${running!.webPort}`;
      expect(curl(`${base}/moshez`)).toBe("<h1>moshez</h1><p>happy and well</p>");
      expect(curl(`${base}/mallory`)).toBe("<h1>mallory</h1><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>");
      expect(curl(`${base}/`)).toBe("<h1></h1><p>No such user</p>");
    });

    it("Python's xmlrpc.client gets the status, and Fault 8001 for a procedure that is not published", () => {
      expect(python(`http://127.0.0.1:${running!.webPort}/RPC2`, ['getUser("moshez")', 'getUser("shawn")', 'setUser("moshez", "away")'])).toEqual([
        "'happy and well'",
        "'alive'",
        "<Fault 8001: 'procedure setUser not found'>",
      ]);
    });

    it("curl's GET of /RPC2 is a 405 that allows only POST", () => {
      const answer = curl("-i", `http://127.0.0.1:${running!.webPort}/RPC2`);
      expect(answer).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
      expect(answer).toContain("\r\nAllow: POST\r\n");
    });

    it("the finger port answers as before, and the bot only retries its unreachable IRC server", async () => {
      expect(await finger(running!.fingerPort, "shawn\r\n")).toBe("alive\r\n");
      expect(running!.served.output()).toMatch(/Scheduling retry \d+ to connect <TCP4ClientEndpoint object>/);
    });
  },
);

describe.skipIf(!realClients)(
  realClients ? "stage 3's finger18, under npm run serve, with curl and Python's xmlrpc.client" : "finger18 with real clients (SKIPPED: curl or python3 missing)",
  () => {
    let running: Running | null = null;
    let irc: FakeIrc | null = null;
    beforeAll(async () => {
      irc = await fakeIrcServer("moshez");
      running = await serveSolution("07-finger-stage-3/03-recap", irc.port);
    }, 45_000);
    afterAll(async () => {
      await running?.served.stop();
      await irc?.close();
    }, 20_000);

    it("curl gets the index: one link per user, in the file's order", () => {
      expect(curl(`http://127.0.0.1:${running!.webPort}/`)).toBe(
        '<ul><li><a href="moshez">moshez</a></li><li><a href="shawn">shawn</a></li><li><a href="mallory">mallory</a></li></ul>',
      );
    });

    it("curl gets a user's page and an escaped status, rendered after render_GET returned (no Content-Length)", () => {
      const base = `http://127.0.0.1:${running!.webPort}`;
      expect(curl(`${base}/shawn`)).toBe("<h1>shawn</h1><p>alive</p>");
      const page = curl("-i", "--http1.0", `${base}/mallory`);
      expect(page).toMatch(/^HTTP\/1\.0 200 OK\r\n/);
      expect(page).not.toMatch(/Content-Length/i);
      expect(page.endsWith("\r\n\r\n<h1>mallory</h1><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>")).toBe(true);
      expect(curl("-i", `${base}/shawn`)).toMatch(/\r\nTransfer-Encoding: chunked\r\n/);
    });

    it("Python's xmlrpc.client gets getUser, getUsers, and Fault 8001 for an unknown procedure", () => {
      expect(python(`http://127.0.0.1:${running!.webPort}/RPC2`, ['getUser("moshez")', "getUsers()", "nosuch()"])).toEqual([
        "'happy and well'",
        "['moshez', 'shawn', 'mallory']",
        "<Fault 8001: 'procedure nosuch not found'>",
      ]);
    });

    it("the IRC bot registers with a real socket's server and answers a private message with the status", async () => {
      const started = Date.now();
      while (!irc!.lines.some((line) => line.startsWith("PRIVMSG alice ")) && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 100));
      expect(irc!.lines.slice(0, 2)).toEqual(["NICK fingerbot", "USER fingerbot foo bar :None"]);
      expect(irc!.lines).toContain("PRIVMSG alice :Status of moshez: happy and well");
    });

    it("the finger port is unchanged", async () => {
      expect(await finger(running!.fingerPort, "moshez\r\n")).toBe("happy and well\r\n");
      expect(await finger(running!.fingerPort, "nobody\r\n")).toBe("No such user\r\n");
    });
  },
);
