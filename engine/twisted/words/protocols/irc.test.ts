import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLog, newSimulation, RecordingProtocol, serverFactory } from "../../../../test/support/simulation";
import type { HostedReactor } from "../../../simulation/simulated-network";
import { ClientFactory } from "../../internet/protocol";
import { StringTransport } from "../../internet/testing";
import { IRCClient, parseModes, parsemsg, split, ctcpExtract, ctcpStringify, lowDequote, lowQuote } from "./irc";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => ({ reactor, restore } = newSimulation()));
afterEach(() => restore());

/** A client that records every hook it hears. */
class Recorder extends IRCClient {
  events: string[] = [];
  override signedOn(): void {
    this.events.push(`signedOn ${this.nickname}`);
  }
  override joined(channel: string): void {
    this.events.push(`joined ${channel}`);
  }
  override left(channel: string): void {
    this.events.push(`left ${channel}`);
  }
  override privmsg(user: string, channel: string, message: string): void {
    this.events.push(`privmsg ${user} ${channel} ${message}`);
  }
  override action(user: string, channel: string, data: string): void {
    this.events.push(`action ${user} ${channel} ${data}`);
  }
  override noticed(user: string, channel: string, message: string): void {
    this.events.push(`noticed ${user} ${channel} ${message}`);
  }
  override userJoined(user: string, channel: string): void {
    this.events.push(`userJoined ${user} ${channel}`);
  }
  override userLeft(user: string, channel: string): void {
    this.events.push(`userLeft ${user} ${channel}`);
  }
  override userQuit(user: string, message: string): void {
    this.events.push(`userQuit ${user} ${message}`);
  }
  override userRenamed(oldname: string, newname: string): void {
    this.events.push(`userRenamed ${oldname} ${newname}`);
  }
  override receivedMOTD(motd: string[] | null): void {
    this.events.push(`motd ${JSON.stringify(motd)}`);
  }
}

/** A client on a StringTransport: what it wrote, and a way to feed it server lines. */
function connected<C extends IRCClient>(client: C) {
  const transport = new StringTransport();
  client.makeConnection(transport);
  return {
    client,
    transport,
    written: () => {
      const value = transport.value();
      transport.clear();
      return value;
    },
    feed: (data: string) => client.dataReceived(data),
  };
}

describe("parsemsg (Twisted's)", () => {
  it("splits prefix, command, middle parameters and the trailing one", () => {
    expect(parsemsg(":alice!a@host PRIVMSG fingerbot :moshez and more")).toEqual(["alice!a@host", "PRIVMSG", ["fingerbot", "moshez and more"]]);
    expect(parsemsg("PING :irc.example.net")).toEqual(["", "PING", ["irc.example.net"]]);
    expect(parsemsg(":srv 001 bot :Welcome to IRC")).toEqual(["srv", "001", ["bot", "Welcome to IRC"]]);
    expect(parsemsg("JOIN   #a   b")).toEqual(["", "JOIN", ["#a", "b"]]);
    expect(parsemsg("PRIVMSG #c :")).toEqual(["", "PRIVMSG", ["#c", ""]]);
    expect(parsemsg("CMD a :b :c")).toEqual(["", "CMD", ["a", "b :c"]]);
  });

  it("raises IRCBadMessage on an empty line, and Python's errors on other garbage", () => {
    expect(() => parsemsg("")).toThrow(expect.objectContaining({ name: "IRCBadMessage" }));
    expect(() => parsemsg(":onlyprefix")).toThrow(expect.objectContaining({ name: "ValueError" }));
    expect(() => parsemsg("   ")).toThrow(expect.objectContaining({ name: "IndexError" }));
  });
});

describe("text helpers", () => {
  it("splits messages as textwrap.wrap does: at newlines, then at whitespace", () => {
    expect(split("hello world", 5)).toEqual(["hello", "world"]);
    expect(split("a\nb")).toEqual(["a", "b"]);
    expect(split("")).toEqual([]);
    expect(split("   ")).toEqual([]);
    expect(split("  lead trail  ")).toEqual(["  lead trail"]);
    expect(split("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
    expect(split("tab\there")).toEqual(["tab     here"]);
  });

  it("quotes and dequotes low-level and CTCP text", () => {
    expect(lowQuote("a\nb\rc\0d\u0010")).toBe("a\u0010nb\u0010rc\u00100d\u0010\u0010");
    expect(lowDequote(lowQuote("a\nb\rc\0d\u0010"))).toBe("a\nb\rc\0d\u0010");
    expect(ctcpStringify([["ACTION", "waves"]])).toBe("\u0001ACTION waves\u0001");
    expect(ctcpStringify([["VERSION", null]])).toBe("\u0001VERSION\u0001");
    expect(ctcpExtract("hi \u0001ACTION waves\u0001 there")).toEqual({ extended: [["ACTION", "waves"]], normal: ["hi ", " there"] });
  });

  it("parses modes with parameters", () => {
    expect(parseModes("+ov-b", ["alice", "bob", "*!*@bad"], ["ovb", "ovb"])).toEqual([
      [["o", "alice"], ["v", "bob"]],
      [["b", "*!*@bad"]],
    ]);
    expect(() => parseModes("+o", [], ["o", "o"])).toThrow(expect.objectContaining({ name: "IRCBadModes" }));
  });
});

describe("IRCClient registration", () => {
  it("sends NICK then USER, as Twisted's bot does (realname None)", () => {
    const bot = new Recorder();
    bot.nickname = "fingerbot";
    const { written } = connected(bot);
    expect(written()).toBe("NICK fingerbot\r\nUSER fingerbot foo bar :None\r\n");
  });

  it("sends PASS first when a password is set, and uses username and realname", () => {
    const bot = new Recorder();
    Object.assign(bot, { nickname: "nick", password: "secret", username: "user", realname: "Real Name" });
    const { written } = connected(bot);
    expect(written()).toBe("PASS secret\r\nNICK nick\r\nUSER user foo bar :Real Name\r\n");
  });

  it("signs on at 001, taking the server's name from its prefix, and then sends heartbeat PINGs", () => {
    const bot = new Recorder();
    bot.nickname = "fingerbot";
    const { written, feed } = connected(bot);
    written();
    feed(":irc.example.net 001 fingerbot :Welcome\r\n");
    expect(bot.events).toEqual(["signedOn fingerbot"]);
    expect(bot.hostname).toBe("irc.example.net");
    reactor.advance(120);
    expect(written()).toBe("PING irc.example.net\r\n");
    bot.connectionLost(null as never);
    expect(reactor.getDelayedCalls()).toEqual([]);
  });

  it("a taken nickname is retried with '_' appended until the server accepts one", () => {
    const bot = new Recorder();
    bot.nickname = "fingerbot";
    const { written, feed } = connected(bot);
    written();
    feed(":srv 433 * fingerbot :Nickname is already in use\r\n");
    expect(written()).toBe("NICK fingerbot_\r\n");
    feed(":srv 433 * fingerbot_ :Nickname is already in use\r\n");
    expect(written()).toBe("NICK fingerbot__\r\n");
    feed(":srv 001 fingerbot__ :Welcome\r\n");
    expect(bot.nickname).toBe("fingerbot__");
    expect(bot.events).toEqual(["signedOn fingerbot__"]);
  });

  it("alterCollidedNick can be overridden", () => {
    class Numbered extends IRCClient {
      override alterCollidedNick(nickname: string): string {
        return `${nickname}2`;
      }
    }
    const bot = new Numbered();
    bot.nickname = "bot";
    const { written, feed } = connected(bot);
    written();
    feed(":srv 433 * bot :in use\r\n");
    expect(written()).toBe("NICK bot2\r\n");
  });

  it("an erroneous nickname before registration falls back to defaultnick", () => {
    const { written, feed } = connected(new Recorder());
    written();
    feed(":srv 432 * b@d :Erroneous nickname\r\n");
    expect(written()).toBe("NICK defaultnick\r\n");
  });

  it("collects the MOTD between 375 and 376", () => {
    const bot = new Recorder();
    const { feed } = connected(bot);
    feed(":srv 375 irc :- srv Message of the day -\r\n:srv 372 irc :- Be nice\r\n:srv 376 irc :End of MOTD\r\n");
    expect(bot.events).toEqual(['motd ["srv Message of the day -","Be nice"]']);
  });
});

describe("IRCClient messages", () => {
  function signedOn() {
    const bot = new Recorder();
    bot.nickname = "fingerbot";
    const c = connected(bot);
    c.feed(":srv 001 fingerbot :Welcome\r\n");
    c.written();
    bot.events.length = 0;
    return c;
  }

  it("answers PING with PONG, with LF-only lines too", () => {
    const { written, feed } = signedOn();
    feed("PING :irc.example.net\r\n");
    feed("PING :second\n");
    expect(written()).toBe("PONG irc.example.net\r\nPONG second\r\n");
  });

  it("dispatches private and channel messages, actions and notices with the full prefix", () => {
    const { client, feed } = signedOn();
    feed(":alice!a@host PRIVMSG fingerbot :moshez\r\n");
    feed(":bob!b@host PRIVMSG #finger :hello all\r\n");
    feed(":bob!b@host PRIVMSG #finger :\u0001ACTION waves\u0001\r\n");
    feed(":bob!b@host NOTICE fingerbot :psst\r\n");
    feed(":bob!b@host PRIVMSG #finger :\r\n");
    expect(client.events).toEqual([
      "privmsg alice!a@host fingerbot moshez",
      "privmsg bob!b@host #finger hello all",
      "action bob!b@host #finger waves",
      "noticed bob!b@host fingerbot psst",
    ]);
  });

  it("tells our own joins and parts from other people's, and sees quits and renames", () => {
    const { client, feed } = signedOn();
    feed(":fingerbot!f@host JOIN :#finger\r\n");
    feed(":alice!a@host JOIN #finger\r\n");
    feed(":alice!a@host PART #finger :bye\r\n");
    feed(":bob!b@host NICK robert\r\n");
    feed(":robert!b@host QUIT :Quit: gone\r\n");
    feed(":fingerbot!f@host PART #finger\r\n");
    expect(client.events).toEqual([
      "joined #finger",
      "userJoined alice #finger",
      "userLeft alice #finger",
      "userRenamed bob robert",
      "userQuit robert Quit: gone",
      "left #finger",
    ]);
  });

  it("sends the commands a bot uses, byte for byte as Twisted does", () => {
    const { client, written } = signedOn();
    client.join("finger");
    client.join("#secret", "key");
    client.msg("alice", "moshez: happy and well");
    client.msg("alice", "two\nlines");
    client.msg("alice", "");
    client.say("finger", "hi");
    client.notice("alice", "psst");
    client.describe("#finger", "waves");
    client.leave("finger", "done");
    client.leave("#finger");
    client.setNick("other");
    client.quit("bye");
    expect(written()).toBe(
      [
        "JOIN #finger",
        "JOIN #secret key",
        "PRIVMSG alice :moshez: happy and well",
        "PRIVMSG alice :two",
        "PRIVMSG alice :lines",
        "PRIVMSG #finger :hi",
        "NOTICE alice :psst",
        "PRIVMSG #finger :\u0001ACTION waves\u0001",
        "PART #finger :done",
        "PART #finger",
        "NICK other",
        "QUIT :bye",
        "",
      ].join("\r\n"),
    );
  });

  it("splits a long message so each command fits Twisted's safe maximum", () => {
    const { client, written } = signedOn();
    client.msg("alice", "word ".repeat(100).trim());
    const lines = written().split("\r\n").filter((l) => l !== "");
    expect(lines.length).toBe(2);
    expect(lines[0]!.length - "PRIVMSG alice :".length).toBeLessThanOrEqual(384);
    expect(() => client.msg("alice", "x", 10)).toThrow(expect.objectContaining({ name: "ValueError" }));
  });

  it("answers CTCP PING and SOURCE queries with notices, and ignores unknown ones (logged)", () => {
    const { written, feed } = signedOn();
    const logged = captureLog();
    feed(":bob!b@host PRIVMSG fingerbot :\u0001PING 123\u0001\r\n");
    feed(":bob!b@host PRIVMSG fingerbot :\u0001SOURCE\u0001\r\n");
    feed(":bob!b@host PRIVMSG fingerbot :\u0001WHATEVER x\u0001\r\n");
    logged.stop();
    expect(written()).toBe(
      "NOTICE bob :\u0001PING 123\u0001\r\nNOTICE bob :\u0001SOURCE http://twistedmatrix.com/downloads/\u0001\u0001SOURCE\u0001\r\n",
    );
    expect(logged.lines).toContain("Unknown CTCP query from 'bob!b@host': 'WHATEVER' 'x'");
  });

  it("ping() measures the round trip on the reactor's clock, and TIME answers with it", () => {
    const { client, written, feed } = signedOn();
    const pongs: [string, number][] = [];
    client.pong = (user, secs) => void pongs.push([user, secs]);
    reactor.advance(100);
    client.ping("bob", "k1");
    expect(written()).toBe("PRIVMSG bob :\u0001PING k1\u0001\r\n");
    reactor.advance(2.5);
    feed(":bob!b@h NOTICE fingerbot :\u0001PING k1\u0001\r\n");
    expect(pongs).toEqual([["bob!b@h", 2.5]]);
    client.ping("bob");
    expect(written()).toMatch(/^PRIVMSG bob :\u0001PING .{12}\u0001\r\n$/);
    feed(":bob!b@h PRIVMSG fingerbot :\u0001TIME\u0001\r\n");
    expect(written()).toBe("NOTICE bob :\u0001TIME :Thu Jan  1 00:01:42 1970\u0001\r\n");
  });

  it("with lineRate, lines leave one per interval", () => {
    const { client, written } = signedOn();
    client.lineRate = 1;
    client.msg("a", "1");
    client.msg("a", "2");
    expect(written()).toBe("PRIVMSG a :1\r\n");
    reactor.advance(1);
    expect(written()).toBe("PRIVMSG a :2\r\n");
  });
});

describe("IRCClient and garbage from the server", () => {
  it("logs an empty line (badMessage) and keeps going", () => {
    const bot = new Recorder();
    const { written, feed } = connected(bot);
    written();
    const logged = captureLog();
    feed("\r\n");
    feed("PING :still-here\r\n");
    logged.stop();
    expect(written()).toBe("PONG still-here\r\n");
    expect(logged.lines.join("\n")).toContain("IRCBadMessage: Empty line.");
  });

  it("logs an error in a handler (a PRIVMSG without parameters) and keeps going", () => {
    const bot = new Recorder();
    const { written, feed } = connected(bot);
    written();
    const logged = captureLog();
    feed("PRIVMSG\r\nPING\r\nNOTICE x :\r\n001\r\n\u0000\u0001\u0002 junk\r\nPING :ok\r\n");
    logged.stop();
    expect(written()).toBe("PONG ok\r\n");
    expect(logged.lines.filter((l) => l.startsWith("Unhandled Error")).length).toBe(3);
    expect(bot.events).toEqual(["signedOn irc"]);
  });

  it("a prefix with no command raises out of lineReceived: the connection drops, as in Twisted", () => {
    const server = serverFactory(() => new RecordingProtocol());
    reactor.listenTCP(6667, server);
    const factory = new ClientFactory();
    factory.noisy = false;
    const bots: Recorder[] = [];
    factory.buildProtocol = () => {
      const bot = new Recorder();
      bots.push(bot);
      return bot;
    };
    reactor.connectTCP("localhost", 6667, factory);
    reactor.runUntilIdle();
    const logged = captureLog();
    server.built[0]!.transport!.write(":garbage\r\nPING :after\r\n");
    reactor.runUntilIdle();
    logged.stop();
    expect(logged.lines.join("\n")).toMatch(/Unhandled Error[\s\S]*ValueError/);
    expect(server.built[0]!.received).toBe("NICK irc\r\nUSER irc foo bar :None\r\n");
    expect(server.built[0]!.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
    expect(bots[0]!.connected).toBe(0);
  });

  it("a line that is not UTF-8 (Latin-1 from an old client) raises UnicodeDecodeError and drops the link, as in Twisted", () => {
    const server = serverFactory(() => new RecordingProtocol());
    reactor.listenTCP(6667, server);
    const factory = new ClientFactory();
    factory.noisy = false;
    const bots: Recorder[] = [];
    factory.buildProtocol = () => {
      const bot = new Recorder();
      bots.push(bot);
      return bot;
    };
    reactor.connectTCP("localhost", 6667, factory);
    reactor.runUntilIdle();
    const logged = captureLog();
    const serverEnd = server.built[0]!.transport!;
    serverEnd.write(":srv 001 irc :Welcome\r\n:bob!b@h PRIVMSG #c :caf\u00e9 ok\r\n");
    reactor.runUntilIdle();
    serverEnd.write(Uint8Array.from([...":bob!b@h PRIVMSG #c :caf", 0xe9, ..."\r\nPING :x\r\n"].map((c) => (typeof c === "number" ? c : c.charCodeAt(0)))));
    reactor.runUntilIdle();
    logged.stop();
    expect(bots[0]!.events).toEqual(["signedOn irc", "privmsg bob!b@h #c caf\u00e9 ok"]);
    expect(logged.lines.join("\n")).toMatch(/Unhandled Error[\s\S]*UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 24/);
    expect(bots[0]!.connected).toBe(0);
    expect(server.built[0]!.received).not.toContain("PONG");
  });
});
