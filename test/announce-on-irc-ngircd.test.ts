/**
 * The IRC step's own solution (lessons/06-finger-stage-2/06-announce-on-irc/
 * solution/finger.tac.ts) on real sockets against a real IRC server: Debian's
 * ngircd on 127.0.0.1. `npm run serve` runs the file as twistd would (ports
 * bound, then the switch to uid/gid 1/1, for real), from a copy whose only
 * changes are where it points: free ports instead of 79 and 8000, a users
 * file in a temp directory instead of /etc/users, the local ngircd instead of
 * irc.freenode.org (as engine/node/real-irc.test.ts redirects its bot). A
 * plain IRC client, alice, asks the bot privately and in #twisted; ngircd is
 * restarted to see ClientService bring the bot back. Every process runs in
 * its own process group, which the test ends; every wait is bounded.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveNgircd, IrcPeer, startNgircd } from "./support/ngircd";
import { fingerQuery } from "./support/real-clients";
import { freePort, REPO } from "./support/serve-harness";

const SOLUTION = path.join(REPO, "lessons/06-finger-stage-2/06-announce-on-irc/solution/finger.tac.ts");

/** `source` with `from` replaced by `to` everywhere. @throws Error if `from` is not there (the solution changed: the test must follow). */
function redirect(source: string, from: string, to: string): string {
  if (!source.includes(from)) throw new Error(`the solution no longer contains ${JSON.stringify(from)}: update this test`);
  return source.split(from).join(to);
}

/** `npm run serve -- FILE` in its own process group, its output collected. */
function serveInGroup(file: string) {
  const child: ChildProcess = spawn(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), file], {
    cwd: REPO,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const served = { child, output: "" };
  child.stdout!.on("data", (chunk) => (served.output += chunk));
  child.stderr!.on("data", (chunk) => (served.output += chunk));
  return served;
}

/**
 * Sends `signal` to tsx (which passes it to the node process it runs, as a
 * terminal's Ctrl-C would reach both once), then SIGKILL to the whole group
 * after `graceMs`; resolves with the exit code.
 */
function stopGroup(child: ChildProcess, signal: NodeJS.Signals, graceMs = 5000): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, graceMs);
    child.once("exit", (code) => {
      clearTimeout(killer);
      resolve(code);
    });
    try {
      if (signal === "SIGKILL") process.kill(-child.pid!, signal);
      else child.kill(signal);
    } catch {
      resolve(child.exitCode);
    }
  });
}

/** Waits (bounded) until `condition` holds. */
async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** alice: registered on ngircd and sitting in #twisted. */
async function alice(port: number): Promise<IrcPeer> {
  const peer = await IrcPeer.connect(port);
  peer.send("NICK alice");
  peer.send("USER alice x y :Alice");
  await peer.waitFor(/^:\S+ 001 alice /);
  peer.send("JOIN #twisted");
  await peer.waitFor(/^:alice!\S+ JOIN :?#twisted/);
  return peer;
}

describe.skipIf(!haveNgircd)(
  haveNgircd ? "the IRC step's solution under npm run serve, on Debian's ngircd" : "the IRC step's solution on ngircd (SKIPPED: ngircd not installed; apt-get install ngircd)",
  () => {
    let dir: string;
    let ircPort: number;
    let fingerPort: number;
    let ngircd: Awaited<ReturnType<typeof startNgircd>> | null = null;
    let served: ReturnType<typeof serveInGroup> | null = null;
    let peer: IrcPeer | null = null;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "finger-irc-step-"));
      // The bot's process becomes uid 1 before it reads the users file: let it.
      fs.chmodSync(dir, 0o755);
      const users = path.join(dir, "users");
      fs.writeFileSync(users, "moshez: happy and well\nshawn: alive\n", { mode: 0o644 });
      ircPort = await freePort();
      fingerPort = await freePort();
      const webPort = await freePort();
      ngircd = await startNgircd(dir, ircPort);
      peer = await alice(ircPort);
      let source = fs.readFileSync(SOLUTION, "utf8");
      source = redirect(source, '"tcp:79"', `"tcp:${fingerPort}"`);
      source = redirect(source, '"tcp:8000"', `"tcp:${webPort}"`);
      source = redirect(source, '"/etc/users"', JSON.stringify(users));
      source = redirect(source, "tcp:irc.freenode.org:6667", `tcp:127.0.0.1:${ircPort}`);
      const file = path.join(dir, "finger.tac.ts");
      fs.writeFileSync(file, source, { mode: 0o644 });
      served = serveInGroup(file);
      await until(() => served!.output.includes(`FingerFactory starting on ${fingerPort}`), 20000, "the finger port");
    }, 60000);

    afterAll(async () => {
      peer?.close();
      if (served) await stopGroup(served.child, "SIGKILL");
      await ngircd?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }, 30000);

    it("twistd binds the ports, then really becomes uid/gid 1/1", () => {
      expect(served!.output).toContain("set uid/gid 1/1");
      const status = fs.readFileSync(`/proc/${findNode(served!.child.pid!)}/status`, "utf8");
      expect(status).toMatch(/^Uid:\s+1\s/m);
      expect(status).toMatch(/^Gid:\s+1\s/m);
    });

    it("the bot registers as fingerbot and joins #twisted, where alice sees it arrive", async () => {
      expect(await peer!.waitFor(/^:fingerbot!\S+ JOIN :?#twisted$/, 20000)).toBeTruthy();
    }, 30000);

    it("answers alice's private message privately: Status of moshez: happy and well", async () => {
      const from = peer!.lines.length;
      peer!.send("PRIVMSG fingerbot :moshez");
      expect(await peer!.waitFor(/ PRIVMSG alice :/, 20000, from)).toMatch(/^:fingerbot!\S+ PRIVMSG alice :Status of moshez: happy and well$/);
    }, 30000);

    it("stays quiet when the name is said in #twisted, and answers the private message after it", async () => {
      const from = peer!.lines.length;
      peer!.send("PRIVMSG #twisted :moshez");
      peer!.send("PRIVMSG fingerbot :shawn");
      // The bot handles the lines in order: had it answered the channel, that answer would come first.
      expect(await peer!.waitFor(/^:fingerbot!/, 20000, from)).toMatch(/^:fingerbot!\S+ PRIVMSG alice :Status of shawn: alive$/);
      expect(peer!.lines.slice(from).filter((line) => line.startsWith(":fingerbot!") && line.includes("PRIVMSG #twisted"))).toEqual([]);
    }, 30000);

    it("the finger front end still answers on its port", async () => {
      expect(await fingerQuery(fingerPort, "moshez\r\n")).toBe("happy and well\r\n");
    }, 15000);

    it("when the IRC server goes away and comes back, ClientService reconnects the bot and it answers again", async () => {
      peer!.close();
      await ngircd!.stop();
      await until(() => /Scheduling retry 1 to connect/.test(served!.output.split("set uid/gid")[1] ?? ""), 15000, "a retry after the server went away");
      ngircd = await startNgircd(dir, ircPort);
      peer = await alice(ircPort);
      const from = peer.lines.length;
      // ClientService's waits grow (1.5, 2.25, 3.4 s ... each plus up to 1 s of jitter): bounded well above that.
      await until(() => peer!.lines.slice(from).some((line) => /^:fingerbot!\S+ JOIN :?#twisted$/.test(line)), 40000, "the bot back in #twisted");
      peer.send("PRIVMSG fingerbot :moshez");
      expect(await peer.waitFor(/ PRIVMSG alice :/, 20000, from)).toMatch(/^:fingerbot!\S+ PRIVMSG alice :Status of moshez: happy and well$/);
    }, 90000);

    it("SIGINT stops twistd: the bot quits IRC and the main loop ends", async () => {
      const from = peer!.lines.length;
      const code = await stopGroup(served!.child, "SIGINT");
      expect(code).toBe(0);
      expect(await peer!.waitFor(/^:fingerbot!\S+ QUIT /, 20000, from)).toBeTruthy();
      expect(served!.output).toContain("Main loop terminated.");
    }, 30000);
  },
);

/** The node process tsx started for `pid` (tsx runs the script in a child). */
function findNode(pid: number): number {
  const children = fs.existsSync(`/proc/${pid}/task/${pid}/children`) ? fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean) : [];
  return children.length ? Number(children[0]) : pid;
}
