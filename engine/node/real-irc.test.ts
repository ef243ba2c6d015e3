/**
 * The IRC bot against a real IRC server nobody here wrote: Debian's ngircd,
 * started by the test on 127.0.0.1 (a free port, a config file in a temp
 * directory, in the foreground), and the learner-style bot
 * (test/fixtures/ircbot.ts) run by `npm run serve`. A plain IRC client
 * written here with node:net talks to the bot privately and in #twisted and
 * reads its answers. The test squats the nickname "fingerbot" first, so the
 * bot meets a real 433 and signs on as "fingerbot_", as Twisted's does.
 * Skips with a message where ngircd is missing; every process is stopped
 * (its whole process group) and every wait is bounded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, REPO, startServe, type Served } from "../../test/support/serve-harness";

const NGIRCD = "/usr/sbin/ngircd";
const haveNgircd = fs.existsSync(NGIRCD);

/** A line-oriented IRC client: send lines, wait (bounded) for a line that matches. */
class IrcPeer {
  readonly lines: string[] = [];
  private buffer = "";
  private readonly waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf("\r\n")) >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.lines.push(line);
        if (line.startsWith("PING ")) this.send(`PONG ${line.slice(5)}`);
        for (const waiter of [...this.waiters]) {
          if (waiter.test(line)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        }
      }
    });
    socket.on("error", () => undefined);
  }

  static connect(port: number): Promise<IrcPeer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => resolve(new IrcPeer(socket)));
      socket.once("error", reject);
    });
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  /** The first line (already received or still to come) matching `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs = 20000, from = 0): Promise<string> {
    const seen = this.lines.slice(from).find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        test: (line: string) => pattern.test(line),
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; got:\n${this.lines.join("\n")}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Waits (bounded) until the served program has printed `text`. */
async function printed(served: Served, text: string, timeoutMs = 10000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!served.stdout.includes(text)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** Starts ngircd in the foreground in its own process group, and waits until it accepts connections. */
async function startNgircd(dir: string, port: number): Promise<{ child: ChildProcess; log: () => string; stop: () => Promise<void> }> {
  const config = path.join(dir, "ngircd.conf");
  fs.writeFileSync(
    config,
    [
      "[Global]",
      "\tName = irc.test.local",
      "\tInfo = Evolution of Finger test server",
      "\tAdminInfo1 = Finger tests",
      "\tAdminInfo2 = Localhost",
      "\tAdminEMail = nobody@localhost",
      "\tListen = 127.0.0.1",
      `\tPorts = ${port}`,
      '\tMotdPhrase = "Hello from the finger test"',
      `\tPidFile = ${path.join(dir, "ngircd.pid")}`,
      `\tServerUID = ${process.getuid?.() ?? 0}`,
      `\tServerGID = ${process.getgid?.() ?? 0}`,
      "[Limits]",
      "\tMaxConnectionsIP = 0",
      "\tMaxNickLength = 16",
      "\tPingTimeout = 120",
      "\tPongTimeout = 20",
      "[Options]",
      "\tDNS = no",
      "\tIdent = no",
      "\tPAM = no",
      "",
    ].join("\n"),
  );
  const child = spawn(NGIRCD, ["-n", "-f", config], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // Already gone.
        }
      }, 5000);
      child.once("exit", () => {
        clearTimeout(killer);
        resolve();
      });
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        resolve();
      }
    });
  const deadline = Date.now() + 10000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const probe = net.connect(port, "127.0.0.1", () => {
        probe.destroy();
        resolve(true);
      });
      probe.once("error", () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`ngircd did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, log: () => output, stop };
}

describe.skipIf(!haveNgircd)(
  haveNgircd ? "the IRC bot (npm run serve) on Debian's ngircd, with a plain IRC client" : "the IRC bot on ngircd (SKIPPED: ngircd not installed; apt-get install ngircd)",
  () => {
    let dir: string;
    let ngircd: Awaited<ReturnType<typeof startNgircd>> | null = null;
    let served: Served | null = null;
    let alice: IrcPeer | null = null;
    let squatter: IrcPeer | null = null;
    let fingerPort: number;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "finger-irc-"));
      const ircPort = await freePort();
      fingerPort = await freePort();
      ngircd = await startNgircd(dir, ircPort);
      // Someone already has the bot's nickname.
      squatter = await IrcPeer.connect(ircPort);
      squatter.send("NICK fingerbot");
      squatter.send("USER squat x y :Squatter");
      await squatter.waitFor(/^:\S+ 001 fingerbot /);
      alice = await IrcPeer.connect(ircPort);
      alice.send("NICK alice");
      alice.send("USER alice x y :Alice");
      await alice.waitFor(/^:\S+ 001 alice /);
      alice.send("JOIN #twisted");
      await alice.waitFor(/^:alice!\S+ JOIN :?#twisted/);
      const source = fs.readFileSync(path.join(REPO, "test/fixtures/ircbot.ts"), "utf8");
      const file = path.join(dir, "ircbot.ts");
      fs.writeFileSync(file, source.replace("tcp:1079", `tcp:${fingerPort}`).replace("tcp:irc.freenode.org:6667", `tcp:127.0.0.1:${ircPort}`));
      served = await startServe(file, fingerPort);
    }, 60000);

    afterAll(async () => {
      alice?.close();
      squatter?.close();
      await served?.interrupt();
      await ngircd?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }, 30000);

    it("the bot meets 433 for 'fingerbot', signs on as 'fingerbot_' and joins #twisted", async () => {
      await alice!.waitFor(/^:fingerbot_!\S+ JOIN :?#twisted$/, 30000);
      expect(await printed(served!, "signed on as fingerbot_")).toBe(true);
      expect(await printed(served!, "joined #twisted")).toBe(true);
    }, 40000);

    it("answers a private message privately", async () => {
      const from = alice!.lines.length;
      alice!.send("PRIVMSG fingerbot_ :moshez");
      expect(await alice!.waitFor(/PRIVMSG alice :/, 20000, from)).toMatch(/^:fingerbot_!\S+ PRIVMSG alice :moshez: happy and well$/);
      alice!.send("PRIVMSG fingerbot_ :nobody");
      expect(await alice!.waitFor(/PRIVMSG alice :nobody/, 20000, from)).toMatch(/^:fingerbot_!\S+ PRIVMSG alice :nobody: No such user$/);
    }, 45000);

    it("answers in the channel when addressed there, and stays quiet otherwise", async () => {
      const from = alice!.lines.length;
      alice!.send("PRIVMSG #twisted :just chatting about moshez");
      alice!.send("PRIVMSG #twisted :fingerbot_: shawn");
      expect(await alice!.waitFor(/PRIVMSG #twisted :/, 20000, from)).toMatch(/^:fingerbot_!\S+ PRIVMSG #twisted :alice: shawn: alive$/);
      expect(alice!.lines.slice(from).filter((l) => l.includes("PRIVMSG #twisted"))).toHaveLength(1);
    }, 30000);

    it("WHOIS shows the bot registered with the USER fields Twisted sends (user name = first nickname, realname None)", async () => {
      const from = alice!.lines.length;
      alice!.send("WHOIS fingerbot_");
      expect(await alice!.waitFor(/ 311 alice fingerbot_ /, 20000, from)).toMatch(/ 311 alice fingerbot_ ~?fingerbot 127\.0\.0\.1 \* :None$/);
    }, 30000);

    it("Ctrl-C stops the bot: its ClientService closes the link and ngircd sees it quit", async () => {
      const from = alice!.lines.length;
      const code = await served!.interrupt();
      expect(code).toBe(0);
      expect(await alice!.waitFor(/^:fingerbot_!\S+ QUIT /, 20000, from)).toBeTruthy();
      expect(served!.stdout).toMatch(/Main loop terminated\./);
    }, 30000);
  },
);
