import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runChecks } from "./run-checks";
import { ChecksFileSchema, CheckSchema } from "./scenario";

/** The checks the finger16 step could use: the analysis's §3 part 2 IRC checks. */
const ircChecks = ChecksFileSchema.parse({
  checks: [
    {
      id: "registers",
      title: "The bot registers as fingerbot, as Twisted's IRCClient does",
      twin: "not comparable",
      scenario: [{ expectIrcSent: "NICK fingerbot" }, { expectIrcSent: "USER fingerbot foo bar :None" }],
    },
    {
      id: "answers-privately",
      title: "A private message with a user name gets that user's status",
      twin: "not comparable",
      scenario: [
        { wait: 1 },
        { ircSay: "moshez", from: "alice", to: "fingerbot" },
        { expectIrc: "moshez: happy and well", heardBy: "alice", from: "fingerbot" },
        { ircSay: "nobody", to: "fingerbot" },
        { expectIrc: "nobody: No such user", from: "fingerbot" },
      ],
    },
    {
      id: "quiet-in-channels",
      title: "Channel messages get no reply",
      twin: "not comparable",
      scenario: [
        { wait: 1 },
        { ircSay: "moshez", to: "#twisted" },
        { expectIrc: "moshez: happy and well", heardBy: "alice", in: "#twisted", absent: true },
        { expectIrc: "moshez: happy and well", absent: true },
      ],
    },
    {
      id: "reconnects",
      title: "After the link drops, the bot comes back and answers again",
      twin: "not comparable",
      scenario: [
        { wait: 1 },
        { ircDrop: "fingerbot" },
        { expectOutput: "Scheduling retry 1" },
        { wait: 10 },
        { ircSay: "moshez", to: "fingerbot" },
        { expectIrc: "moshez: happy and well" },
      ],
    },
  ],
}).checks;

const fixture = readFileSync(new URL("../simulation/irc-host.test.ts", import.meta.url), "utf8");
const FINGER_BOT = fixture.slice(fixture.indexOf("const FINGER_BOT = `") + 20, fixture.indexOf("`;\n\ndescribe(\"a finger16"));

describe("IRC check steps", () => {
  it("pass for a finger16 bot", async () => {
    const results = await runChecks(FINGER_BOT, "finger16.tac.ts", ircChecks);
    expect(results.map((r) => [r.id, r.passed, r.passed ? "" : r.detail])).toEqual([
      ["registers", true, ""],
      ["answers-privately", true, ""],
      ["quiet-in-channels", true, ""],
      ["reconnects", true, ""],
    ]);
    expect(results[1]!.detail).toBe(
      'alice said "moshez" to fingerbot. alice heard "moshez: happy and well" from fingerbot privately. alice said "nobody" to fingerbot. alice heard "nobody: No such user" from fingerbot privately.',
    );
  });

  it("fail with what was heard when the bot answers in the wrong place or with the wrong text", async () => {
    const wrong = FINGER_BOT.replace('this.msg(nick, msg + ": " + message)', 'this.msg("#twisted", "Status of " + msg + ": " + message)').replace(
      "if (this.nickname.toLowerCase() === channel.toLowerCase()) {",
      'if (true) { this.join("#twisted");',
    );
    const results = await runChecks(wrong, "finger16.tac.ts", ircChecks);
    const privately = results.find((r) => r.id === "answers-privately")!;
    expect(privately.passed).toBe(false);
    expect(privately.detail).toBe('Expected alice to hear "moshez: happy and well" from fingerbot privately; alice heard nothing privately from fingerbot.');
    const channel = await runChecks(wrong, "finger16.tac.ts", [
      CheckSchema.parse({
        id: "in-channel",
        title: "x",
        twin: "not comparable",
        scenario: [{ wait: 1 }, { ircSay: "moshez", to: "fingerbot" }, { expectIrc: "moshez: happy and well", in: "#twisted" }],
      }),
    ]);
    expect(channel[0]!.detail).toBe('Expected alice to hear "moshez: happy and well" in #twisted; alice heard:\n  <fingerbot> Status of moshez: happy and well');
  });

  it("fail with what the server received when the bot never registers", async () => {
    const results = await runChecks(FINGER_BOT.replace('nickname: "fingerbot"', 'nickname: "otherbot"'), "finger16.tac.ts", ircChecks.slice(0, 1));
    expect(results[0]!.passed).toBe(false);
    expect(results[0]!.detail).toBe('Expected irc.freenode.org to receive the line "NICK fingerbot"; it received:\n  NICK otherbot\n  USER otherbot foo bar :None');
  });

  it("ircPing: the server PINGs the bot, and expectIrcSent sees its PONG; a bot that never answers PING fails", async () => {
    const ping = CheckSchema.parse({
      id: "pong",
      title: "x",
      twin: "not comparable",
      scenario: [{ wait: 1 }, { ircPing: "fingerbot" }, { expectIrcSent: "PONG irc.freenode.org" }],
    });
    const [answered] = await runChecks(FINGER_BOT, "finger16.tac.ts", [ping]);
    expect(answered).toMatchObject({ passed: true, detail: 'irc.freenode.org sent fingerbot PING :irc.freenode.org. irc.freenode.org received "PONG irc.freenode.org".' });
    const deaf = FINGER_BOT.replace("class IRCReplyBot extends irc.IRCClient {", "class IRCReplyBot extends irc.IRCClient {\n  irc_PING() {}");
    const [silent] = await runChecks(deaf, "finger16.tac.ts", [ping]);
    expect(silent!.passed).toBe(false);
    const [nobody] = await runChecks(FINGER_BOT, "finger16.tac.ts", [CheckSchema.parse({ ...ping, scenario: [{ ircPing: "otherbot" }] })]);
    expect(nobody!.detail).toBe("Nobody called otherbot is connected to irc.freenode.org, so there was nobody to PING. Connected: fingerbot.");
  });

  it("must be marked twin: not comparable", () => {
    const parsed = CheckSchema.safeParse({ id: "x", title: "x", scenario: [{ ircSay: "hi", to: "fingerbot" }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toBe("step 1 (ircSay:) changes the simulated world, which the Python twin cannot follow: add twin: not comparable");
  });
});
