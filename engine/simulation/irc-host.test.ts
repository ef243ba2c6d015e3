import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";

/** A raw client on the simulated network: lines in, lines out. */
function rawClient(world: World, host = "irc.freenode.org") {
  const client = world.connect(host, 6667);
  world.advance(1);
  return {
    client,
    send(...lines: string[]) {
      const before = client.received.length;
      client.send(lines.map((l) => `${l}\r\n`).join(""));
      world.advance(1);
      return client.received.slice(before).split("\r\n").filter((l) => l !== "");
    },
  };
}

describe("the simulated IRC network", () => {
  it("irc.freenode.org is on every world's Internet: registration gets 001-005 and the MOTD", () => {
    const world = new World();
    const { send } = rawClient(world);
    expect(send("NICK fingerbot", "USER fingerbot foo bar :None")).toEqual([
      ":irc.freenode.org 001 fingerbot :Welcome to the Internet Relay Network fingerbot!~fingerbot@10.0.0.1",
      ":irc.freenode.org 002 fingerbot :Your host is irc.freenode.org, running version finger-ircd-1.0",
      ":irc.freenode.org 003 fingerbot :This server has been started Mon Dec 07 2026 at 00:00:00 (UTC)",
      ":irc.freenode.org 004 fingerbot irc.freenode.org finger-ircd-1.0 iorw biklmnoprstv",
      ":irc.freenode.org 005 fingerbot RFC2812 CASEMAPPING=rfc1459 PREFIX=(ov)@+ CHANTYPES=#& CHANMODES=b,k,l,imnpst NICKLEN=16 CHANNELLEN=50 TOPICLEN=490 NETWORK=SimNet :are supported on this server",
      ":irc.freenode.org 251 fingerbot :There are 3 users and 0 services on 1 servers",
      ":irc.freenode.org 254 fingerbot 1 :channels formed",
      ":irc.freenode.org 255 fingerbot :I have 1 users, 0 services and 0 servers",
      ":irc.freenode.org 375 fingerbot :- irc.freenode.org message of the day",
      ":irc.freenode.org 372 fingerbot :- Welcome to the simulated IRC network.",
      ":irc.freenode.org 372 fingerbot :- Be nice; the bots are listening.",
      ":irc.freenode.org 376 fingerbot :End of MOTD command",
    ]);
    // Scenery: its port is not the program's business.
    expect(world.output).toEqual([]);
  });

  it("a taken nickname gets 433, a bad one 432, commands before registration 451", () => {
    const world = new World();
    const { send } = rawClient(world);
    expect(send("NICK alice")).toEqual([":irc.freenode.org 433 * alice :Nickname already in use"]);
    expect(send("NICK 9lives")).toEqual([":irc.freenode.org 432 * 9lives :Erroneous nickname"]);
    expect(send("NICK abcdefghijklmnopq")).toEqual([":irc.freenode.org 432 * abcdefghijklmnopq :Erroneous nickname"]);
    expect(send("JOIN #twisted")).toEqual([":irc.freenode.org 451 * :Connection not registered"]);
    expect(send("NICK alice_", "USER a b c :d")[0]).toMatch(/ 001 alice_ /);
  });

  it("a server without a MOTD sends 422", () => {
    const world = new World();
    world.ircNetwork("irc.example.net", { motd: null });
    const { send } = rawClient(world, "irc.example.net");
    expect(send("NICK bot", "USER bot foo bar :None").slice(-1)).toEqual([":irc.example.net 422 bot :MOTD file is missing"]);
  });

  it("JOIN echoes, sends topic and names; alice and bob talk in the channel and privately", () => {
    const world = new World();
    const { send } = rawClient(world);
    send("NICK bot", "USER bot foo bar :None");
    expect(send("JOIN #twisted")).toEqual([
      ":bot!~bot@10.0.0.1 JOIN :#twisted",
      ":irc.freenode.org 332 bot #twisted :Twisted, the event-driven networking engine | finger tutorial",
      ":irc.freenode.org 353 bot = #twisted :@alice bob bot",
      ":irc.freenode.org 366 bot #twisted :End of NAMES list",
    ]);
    const irc = world.ircNetwork("irc.freenode.org");
    const alice = irc.user("alice");
    expect(alice.lines).toContain(":bot!~bot@10.0.0.1 JOIN :#twisted");
    alice.say("#twisted", "hello all");
    alice.say("bot", "moshez");
    irc.user("bob").describe("#twisted", "waves", 2);
    expect(send()).toEqual([":alice!~alice@users.sim PRIVMSG #twisted :hello all", ":alice!~alice@users.sim PRIVMSG bot :moshez"]);
    expect(send()).toEqual([":bob!~bob@users.sim PRIVMSG #twisted :\u0001ACTION waves\u0001"]);
    send("PRIVMSG alice :moshez: happy and well", "PRIVMSG #twisted :hi", "NOTICE bob :psst");
    expect(alice.heard.map((m) => `${m.kind} ${m.from}>${m.to}: ${m.text}`)).toEqual(["action bob>#twisted: waves", "privmsg bot>alice: moshez: happy and well", "privmsg bot>#twisted: hi"]);
    expect(alice.heardFrom("bot")).toEqual(["moshez: happy and well"]);
    expect(irc.user("bob").heard.at(-1)).toMatchObject({ kind: "notice", from: "bot", text: "psst" });
  });

  it("answers PING, NAMES, PART and QUIT as an ircd does", () => {
    const world = new World();
    const { client, send } = rawClient(world);
    send("NICK bot", "USER bot foo bar :None", "JOIN #twisted");
    expect(send("PING :12345")).toEqual([":irc.freenode.org PONG irc.freenode.org :12345"]);
    expect(send("NAMES #twisted")).toEqual([":irc.freenode.org 353 bot = #twisted :@alice bob bot", ":irc.freenode.org 366 bot #twisted :End of NAMES list"]);
    expect(send("PART #twisted :bye")).toEqual([":bot!~bot@10.0.0.1 PART #twisted :bye"]);
    expect(send("PRIVMSG #twisted :still here?")).toEqual([":irc.freenode.org 404 bot #twisted :Cannot send to channel"]);
    expect(send("PRIVMSG nobody :hi")).toEqual([":irc.freenode.org 401 bot nobody :No such nick or channel name"]);
    expect(send("FROB")).toEqual([":irc.freenode.org 421 bot FROB :Unknown command"]);
    send("JOIN #twisted");
    expect(send("QUIT :gone")).toEqual(["ERROR :Closing connection"]);
    expect(client.state).toBe("closed");
    expect(world.ircNetwork("irc.freenode.org").user("alice").lines.at(-1)).toBe(":bot!~bot@10.0.0.1 QUIT :gone");
  });

  it("closes a client that floods it (a bot looping on 432 cannot hang the simulation)", () => {
    const world = new World();
    const { client, send } = rawClient(world);
    const reply = send(...Array.from({ length: 150 }, () => "NICK 9bad"));
    expect(reply.length).toBe(101);
    expect(reply.at(-1)).toBe("ERROR :Closing connection: Excess Flood");
    expect(client.state).toBe("closed");
  });

  it("a simulated user with a responder answers what it hears, privately or in the channel, but never a NOTICE", () => {
    const world = new World();
    const { send } = rawClient(world);
    send("NICK bot", "USER bot foo bar :None", "JOIN #twisted");
    const bob = world.ircNetwork("irc.freenode.org").user("bob");
    bob.responder = (message) => (message.text.includes("bob") ? `hi ${message.from}` : null);
    expect(send("PRIVMSG bob :hello bob", "PRIVMSG #twisted :where is bob?", "PRIVMSG #twisted :nobody", "NOTICE bob :bob?")).toEqual([
      ":bob!~bob@users.sim PRIVMSG bot :hi bot",
      ":bob!~bob@users.sim PRIVMSG #twisted :hi bot",
    ]);
  });

  it("keeps a transcript of every line with its virtual time", () => {
    const world = new World();
    const { send } = rawClient(world);
    send("NICK bot", "USER bot foo bar :None");
    const irc = world.ircNetwork("irc.freenode.org");
    expect(irc.transcript.slice(0, 3)).toEqual([
      { time: 1, nick: "*", direction: "in", line: "NICK bot" },
      { time: 1, nick: "bot", direction: "in", line: "USER bot foo bar :None" },
      expect.objectContaining({ nick: "bot", direction: "out", line: expect.stringMatching(/ 001 bot /) }),
    ]);
  });
});

const FINGER_BOT = `
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { internet, service } from "twisted/application";
import { irc } from "twisted/words/protocols";

class IRCReplyBot extends irc.IRCClient {
  connectionMade() {
    this.nickname = this.factory.nickname;
    super.connectionMade();
  }

  signedOn() {
    console.log("signed on as " + this.nickname);
  }

  privmsg(user: string, channel: string, msg: string) {
    const nick = user.split("!")[0];
    if (this.nickname.toLowerCase() === channel.toLowerCase()) {
      this.factory.getUser(msg)
        .addErrback(() => "Internal error in server")
        .addCallback((message: string) => this.msg(nick, msg + ": " + message));
    }
  }
}

const users: Record<string, string> = { moshez: "happy and well" };
const f = new protocol.ClientFactory();
f.protocol = IRCReplyBot;
Object.assign(f, { nickname: "fingerbot", getUser: (u: string) => defer.succeed(users[u] ?? "No such user") });

export const application = service.Application("finger");
new internet.ClientService(endpoints.clientFromString(reactor, "tcp:irc.freenode.org:6667"), f)
  .setServiceParent(service.IServiceCollection(application));
`;

describe("a finger16-style bot on the simulated network", () => {
  it("registers as fingerbot, answers alice privately, ignores the channel, and reconnects after a kill", () => {
    const world = new World();
    expect(world.start(FINGER_BOT, "finger16.tac.ts")).toEqual({ status: "running" });
    world.advance(1);
    const irc = world.ircNetwork("irc.freenode.org");
    expect(irc.transcript.filter((t) => t.direction === "in").map((t) => t.line)).toEqual(["NICK fingerbot", "USER fingerbot foo bar :None"]);
    expect(world.output.map((l) => l.text)).toContain("signed on as fingerbot");

    const alice = irc.user("alice");
    alice.say("fingerbot", "moshez");
    alice.say("fingerbot", "nobody");
    alice.say("#twisted", "moshez");
    world.advance(1);
    expect(alice.heardFrom("fingerbot")).toEqual(["moshez: happy and well", "nobody: No such user"]);
    expect(alice.heard.filter((m) => m.to === "#twisted")).toEqual([]);

    // A dropped link: ClientService schedules a retry and the bot comes back.
    expect(irc.disconnect("fingerbot")).toBe(true);
    world.advance(0.5);
    expect(irc.clientNicks()).toEqual([]);
    expect(world.output.map((l) => l.text).join("\n")).toMatch(/Scheduling retry 1 to connect <TCP4ClientEndpoint object> in \d+\.\d+ seconds\./);
    world.advance(5);
    expect(irc.clientNicks()).toEqual(["fingerbot"]);
    alice.say("fingerbot", "moshez");
    world.advance(1);
    expect(alice.heardFrom("fingerbot")).toEqual(["moshez: happy and well", "nobody: No such user", "moshez: happy and well"]);
  });

  it("answers the server's PING, and while the server is down retries with growing delays until it is back", () => {
    const world = new World();
    world.start(FINGER_BOT, "finger16.tac.ts");
    world.advance(1);
    const irc = world.ircNetwork("irc.freenode.org");
    expect(irc.ping("fingerbot", "are-you-there")).toBe(true);
    world.advance(1);
    expect(irc.transcript.at(-1)).toMatchObject({ direction: "in", nick: "fingerbot", line: "PONG are-you-there" });
    irc.stop();
    world.advance(30);
    const retries = world.output.map((l) => l.text).filter((t) => t.startsWith("Scheduling retry"));
    expect(retries.length).toBeGreaterThanOrEqual(4);
    const delays = retries.map((t) => Number(/in ([\d.]+) seconds/.exec(t)![1]));
    expect(delays.every((d, i) => i === 0 || d > delays[i - 1]! - 1)).toBe(true);
    irc.start();
    world.advance(60);
    expect(irc.clientNicks()).toEqual(["fingerbot"]);
    irc.user("alice").say("fingerbot", "moshez");
    world.advance(1);
    expect(irc.user("alice").heardFrom("fingerbot")).toEqual(["moshez: happy and well"]);
  });

  it("survives garbage from the server: logged lines are shrugged off, a line that breaks the parser drops the link and ClientService reconnects", () => {
    const world = new World();
    world.start(FINGER_BOT, "finger16.tac.ts");
    world.advance(1);
    const irc = world.ircNetwork("irc.freenode.org");
    const alice = irc.user("alice");
    irc.sendRaw("fingerbot", "\r\nPRIVMSG\r\nNOTICE x :\r\n");
    world.advance(1);
    expect(irc.clientNicks()).toEqual(["fingerbot"]);
    irc.sendRaw("fingerbot", Uint8Array.from([0x3a, 0x78, 0x20, 0x50, 0x49, 0x4e, 0x47, 0x20, 0xe9, 0x0d, 0x0a]));
    world.advance(0.5);
    expect(irc.clientNicks()).toEqual([]);
    expect(world.output.map((l) => l.text).join("\n")).toMatch(/UnicodeDecodeError[\s\S]*Scheduling retry 1/);
    world.advance(5);
    irc.sendRaw("fingerbot", ":lonelyprefix\r\n");
    world.advance(5);
    expect(irc.clientNicks()).toEqual(["fingerbot"]);
    alice.say("fingerbot", "moshez");
    world.advance(1);
    expect(alice.heardFrom("fingerbot")).toEqual(["moshez: happy and well"]);
    expect(world.output.map((l) => l.text).join("\n")).toMatch(/ValueError[\s\S]*Scheduling retry 1/);
  });

  it("a handler that never returns blocks the reactor: the world stops it instead of logging and carrying on", () => {
    const world = new World();
    world.start(FINGER_BOT.replace("const nick = user.split", "while (msg === \"loop\") {}\n    const nick = user.split"), "finger16.tac.ts");
    world.advance(1);
    world.ircNetwork("irc.freenode.org").user("alice").say("fingerbot", "loop");
    world.advance(1);
    expect(world.blocked?.message).toMatch(/^finger16.tac.ts, line 17: your code l/);
    expect(world.output.map((l) => l.text).join("\n")).not.toContain("Unhandled Error");
  });

  it("when fingerbot is taken, the bot registers as fingerbot_ (433, then NICK fingerbot_)", () => {
    const world = new World();
    const irc = world.ircNetwork("irc.freenode.org");
    irc.addUser("fingerbot");
    world.start(FINGER_BOT, "finger16.tac.ts");
    world.advance(1);
    expect(irc.transcript.map((t) => `${t.direction} ${t.line}`).slice(0, 4)).toEqual([
      "in NICK fingerbot",
      "out :irc.freenode.org 433 * fingerbot :Nickname already in use",
      "in USER fingerbot foo bar :None",
      "in NICK fingerbot_",
    ]);
    expect(world.output.map((l) => l.text)).toContain("signed on as fingerbot_");
    expect(irc.clientNicks()).toEqual(["fingerbot_"]);
  });
});

describe("the real-peer fixture (test/fixtures/ircbot.ts) in the simulation", () => {
  it("the same file signs on to the simulated irc.freenode.org, joins #twisted and answers there and privately", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync(new URL("../../test/fixtures/ircbot.ts", import.meta.url), "utf8");
    const world = new World();
    expect(world.start(source, "ircbot.ts")).toEqual({ status: "running" });
    world.advance(1);
    expect(world.output.map((l) => l.text)).toEqual(expect.arrayContaining(["signed on as fingerbot", "joined #twisted"]));
    const irc = world.ircNetwork("irc.freenode.org");
    const alice = irc.user("alice");
    alice.say("fingerbot", "moshez");
    alice.say("#twisted", "fingerbot: shawn");
    alice.say("#twisted", "shawn");
    world.advance(1);
    expect(alice.heardFrom("fingerbot")).toEqual(["moshez: happy and well"]);
    expect(alice.heard.filter((m) => m.to === "#twisted").map((m) => `${m.from}: ${m.text}`)).toEqual(["fingerbot: alice: shawn: alive"]);
    const finger = world.connect("localhost", 1079);
    world.advance(1);
    finger.send("moshez\r\n");
    world.advance(1);
    expect(finger.received).toBe("happy and well\r\n");
    // Ctrl-C: the services stop (the bot's link closes) before the main loop ends.
    world.signal("SIGINT");
    world.advance(1);
    expect(irc.clientNicks()).toEqual([]);
    expect(alice.lines.at(-1)).toMatch(/^:fingerbot!~fingerbot@\S+ QUIT :/);
    expect(world.reactorRunning).toBe(false);
  });
});

describe("a recorded run (the debugger's view)", () => {
  it("records the bot's run event by event, and the bot still answers", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync(new URL("../../test/fixtures/ircbot.ts", import.meta.url), "utf8");
    const world = new World({ record: {} });
    world.startPaused(source, "ircbot.ts");
    for (let i = 0; i < 100 && !world.output.some((l) => l.text === "joined #twisted") && world.stepNext(); i++);
    expect(world.output.map((l) => l.text)).toContain("joined #twisted");
    const alice = world.ircNetwork("irc.freenode.org").user("alice");
    alice.say("fingerbot", "moshez");
    for (let i = 0; i < 20 && alice.heardFrom("fingerbot").length === 0 && world.stepNext(); i++);
    expect(alice.heardFrom("fingerbot")).toEqual(["moshez: happy and well"]);
    expect(world.trace.length).toBeGreaterThan(100);
  });
});
