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
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveNgircd, IrcPeer, startNgircd } from "../../test/support/ngircd";
import { freePort, REPO, startServe, type Served } from "../../test/support/serve-harness";

/** Waits (bounded) until the served program has printed `text`. */
async function printed(served: Served, text: string, timeoutMs = 10000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!served.stdout.includes(text)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
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
