/**
 * IRCClient, differentially: the same scenarios (what the server sends, what
 * the program calls) run on the engine's twisted.words.protocols.irc and on
 * real Twisted 22.4's (irc_client.py), each over a StringTransport. After
 * every step both sides report the bytes written, the hooks called with
 * their arguments, the errors logged and the exception raised; they must be
 * equal. Skipped, with the reason, where python3-twisted is missing.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as log from "../../engine/twisted/python/log";
import { StringTransport } from "../../engine/twisted/internet/testing";
import { IRCClient } from "../../engine/twisted/words/protocols/irc";
import { newSimulation } from "../support/simulation";
import { REPO } from "../support/serve-harness";

const PYTHON = process.env.TWISTED_PYTHON ?? "/usr/bin/python3";
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted.words.protocols.irc"], { stdio: "ignore" }).status === 0;

type Step =
  | { connect: Record<string, unknown> }
  | { feed: string }
  | { feedLatin1: string }
  | { call: [string, ...unknown[]] }
  | { set: Record<string, unknown> };

interface Scenario {
  readonly name: string;
  readonly steps: readonly Step[];
}

interface StepReport {
  wire: string;
  events: unknown[][];
  errors: string[];
  raised: string | null;
  nickname: string;
}

const BOT = { connect: { nickname: "fingerbot" } };
const WELCOME = { feed: ":irc.example.net 001 fingerbot :Welcome to the network fingerbot!f@h\r\n" };

const SCENARIOS: Scenario[] = [
  { name: "registers with NICK then USER (realname None)", steps: [BOT] },
  { name: "registers with PASS, username and realname", steps: [{ connect: { nickname: "nick", password: "pw", username: "me", realname: "Real Name" } }] },
  { name: "performLogin off sends nothing", steps: [{ connect: { nickname: "x", performLogin: 0 } }] },
  {
    name: "the welcome burst: 001-005, LUSER numerics and the MOTD",
    steps: [
      BOT,
      {
        feed:
          ":srv 001 fingerbot :Welcome\r\n:srv 002 fingerbot :Your host is srv\r\n:srv 003 fingerbot :This server was created today\r\n" +
          ":srv 004 fingerbot srv ircd-1 iorw biklmnopstv\r\n:srv 005 fingerbot NICKLEN=30 PREFIX=(ov)@+ NETWORK=Sim :are supported\r\n" +
          ":srv 251 fingerbot :There are 3 users\r\n:srv 252 fingerbot 2 :operators online\r\n:srv 254 fingerbot x :channels\r\n:srv 255 fingerbot :I have 3 clients\r\n" +
          ":srv 375 fingerbot :- srv Message of the day -\r\n:srv 372 fingerbot :- line one\r\n:srv 372 fingerbot :plain\r\n:srv 376 fingerbot :End of MOTD\r\n:srv 422 fingerbot :MOTD File is missing\r\n",
      },
      { call: ["msg", "alice", "word ".repeat(120)] },
    ],
  },
  {
    name: "a taken nickname is retried with underscores until welcomed",
    steps: [BOT, { feed: ":srv 433 * fingerbot :Nickname is already in use\r\n" }, { feed: ":srv 433 * fingerbot_ :in use\r\n" }, { feed: ":srv 001 fingerbot__ :Welcome\r\n" }],
  },
  {
    name: "an erroneous nickname falls back to defaultnick only before registration",
    steps: [BOT, { feed: ":srv 432 * fingerbot :Erroneous Nickname\r\n" }, { feed: ":srv 001 defaultnick :Welcome\r\n" }, { call: ["setNick", "b@d"] }, { feed: ":srv 432 defaultnick b@d :Erroneous\r\n" }],
  },
  { name: "a wrong password is logged", steps: [BOT, { feed: ":srv 464 * :Password incorrect\r\n" }] },
  {
    name: "PING is answered with PONG in every form",
    steps: [BOT, WELCOME, { feed: "PING :irc.example.net\r\n" }, { feed: "PING bare\n" }, { feed: "PING a b :c d\r\n" }, { feed: "PING\r\n" }],
  },
  {
    name: "private and channel messages, actions, CTCP queries",
    steps: [
      BOT,
      WELCOME,
      { feed: ":alice!a@h PRIVMSG fingerbot :moshez\r\n" },
      { feed: ":alice!a@h PRIVMSG #twisted :hello all\r\n" },
      { feed: ":alice!a@h PRIVMSG #twisted :\r\n" },
      { feed: ":bob!b@h PRIVMSG #twisted :\u0001ACTION waves\u0001\r\n" },
      { feed: ":bob!b@h PRIVMSG fingerbot :before \u0001ACTION mid\u0001 after\r\n" },
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001PING 1234\u0001\r\n" },
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001SOURCE\u0001\r\n" },
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001VERSION\u0001\r\n" },
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001FINGER\u0001\r\n" },
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001ERRMSG oops\u0001\r\n" },
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001PING a\u0001\u0001PING b\u0001\r\n" },
      { set: { versionName: "finger", versionNum: "1", userinfo: "a bot", fingerReply: "pull my finger" } },
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001VERSION\u0001\u0001USERINFO\u0001\u0001FINGER\u0001\r\n" },
    ],
  },
  {
    name: "CTCP CLIENTINFO, DCC and a bogus PING reply",
    steps: [
      BOT,
      WELCOME,
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001CLIENTINFO\u0001\r\n" },
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001CLIENTINFO PING\u0001\r\n" },
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001CLIENTINFO NOPE x\u0001\r\n" },
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001DCC\u0001\r\n" },
      { feed: ":bob!b@h PRIVMSG fingerbot :\u0001DCC FROB x y\u0001\r\n" },
      { feed: ":bob!b@h NOTICE fingerbot :\u0001PING nobody-asked\u0001\r\n" },
      { call: ["ping", "bob", "key1"] },
    ],
  },
  {
    name: "notices, CTCP replies and an empty notice",
    steps: [BOT, WELCOME, { feed: ":bob!b@h NOTICE fingerbot :psst\r\n" }, { feed: ":srv NOTICE * :*** Looking up your hostname\r\n" }, { feed: ":bob!b@h NOTICE fingerbot :\u0001WHAT x\u0001\r\n" }, { feed: ":bob!b@h NOTICE fingerbot :\r\n" }],
  },
  {
    name: "joins, parts, quits, renames, kicks, topics and modes",
    steps: [
      BOT,
      WELCOME,
      { feed: ":fingerbot!f@h JOIN :#twisted\r\n:srv 332 fingerbot #twisted :the topic\r\n:srv 353 fingerbot = #twisted :@alice fingerbot\r\n:srv 366 fingerbot #twisted :End\r\n" },
      { feed: ":srv 331 fingerbot #empty :No topic is set\r\n" },
      { feed: ":alice!a@h JOIN #twisted\r\n:alice!a@h PART #twisted :bye\r\n:alice!a@h PART #twisted\r\n:bob!b@h NICK robert\r\n:robert!b@h QUIT :Quit: gone\r\n" },
      { feed: ":alice!a@h TOPIC #twisted :new topic\r\n:alice!a@h KICK #twisted bob :spam\r\n:alice!a@h KICK #twisted FingerBot :you too\r\n" },
      { feed: ":alice!a@h MODE #twisted +o-v bob carol\r\n:fingerbot MODE fingerbot :+i\r\n:alice!a@h MODE #twisted +lk 10 key\r\n:alice!a@h MODE #twisted +o\r\n" },
      { feed: ":fingerbot!f@h NICK :newbot\r\n:newbot!f@h PART #twisted\r\n" },
    ],
  },
  {
    name: "garbage from the server: what is logged, what drops the connection",
    steps: [
      BOT,
      WELCOME,
      { feed: "\r\n" },
      { feed: "PRIVMSG\r\n" },
      { feed: "001\r\n" },
      { feed: "JOIN\r\nQUIT\r\nKICK #a\r\n" },
      { feed: "\u0000\u0002 junk here\r\n" },
      { feed: ":srv 999 fingerbot some unknown numeric\r\nFROB a b :c\r\n" },
      { feed: ":onlyprefix\r\n" },
      { feed: "   \r\n" },
      { feed: "PING :\u0010n\u0010r\u0010\u0010quoted\r\n" },
      { feed: "PING :after\r\n" },
    ],
  },
  {
    name: "text that is not UTF-8 raises UnicodeDecodeError (the connection would drop); UTF-8 split across reads is fine",
    steps: [BOT, WELCOME, { feedLatin1: "PING :\u00c3" }, { feedLatin1: "\u00a9\r\n" }, { feedLatin1: ":bob!b@h PRIVMSG #c :caf\u00e9\r\nPING :never\r\n" }],
  },
  {
    name: "line endings: LF only, CRLF, CR inside, split across reads",
    steps: [BOT, { feed: "PING :a\nPING :b\r\nPI" }, { feed: "NG :c\r" }, { feed: "\nPING :d\re\r\n" }],
  },
  {
    name: "the commands a bot sends",
    steps: [
      BOT,
      WELCOME,
      { call: ["join", "twisted"] },
      { call: ["join", "#secret", "key"] },
      { call: ["join", "&local"] },
      { call: ["leave", "twisted", "done"] },
      { call: ["leave", "#twisted"] },
      { call: ["part", "twisted"] },
      { call: ["say", "twisted", "hi"] },
      { call: ["msg", "alice", "moshez: happy and well"] },
      { call: ["msg", "alice", "two\nlines\n\nand a gap"] },
      { call: ["msg", "alice", ""] },
      { call: ["msg", "alice", "   "] },
      { call: ["msg", "alice", "  leading and trailing  "] },
      { call: ["msg", "alice", "tab\there\tand\tthere"] },
      { call: ["msg", "alice", "x", 10] },
      { call: ["msg", "alice", "short words split at twenty", 40] },
      { call: ["notice", "alice", "psst"] },
      { call: ["describe", "#twisted", "waves"] },
      { call: ["setNick", "other"] },
      { call: ["kick", "twisted", "bob"] },
      { call: ["kick", "#twisted", "bob", "spam"] },
      { call: ["invite", "bob", "twisted"] },
      { call: ["topic", "twisted"] },
      { call: ["topic", "twisted", "new topic"] },
      { call: ["topic", "twisted", ""] },
      { call: ["mode", "#twisted", true, "o", null, "bob"] },
      { call: ["mode", "#twisted", false, "l", 5] },
      { call: ["away", "lunch"] },
      { call: ["back"] },
      { call: ["whois", "alice"] },
      { call: ["whois", "alice", "srv"] },
      { call: ["quit", "bye"] },
      { call: ["quit"] },
    ],
  },
  {
    name: "long messages split as textwrap does: spaces, hyphens, long words, unicode",
    steps: [
      BOT,
      WELCOME,
      { call: ["msg", "alice", "well-known hyphenated-words in a long-ish sentence that goes on and on", 40] },
      { call: ["msg", "alice", "a".repeat(50) + " tail", 40] },
      { call: ["msg", "alice", "déjà vu, naïve café — ünïcödé wörds everywhere in this line", 40] },
      { call: ["msg", "alice", "x--y em--dash and trailing-", 30] },
      { call: ["msg", "alice", ("lorem ipsum dolor sit amet ".repeat(40)).trim()] },
    ],
  },
  {
    name: "control characters are low-quoted on the wire",
    steps: [BOT, WELCOME, { call: ["notice", "alice", "a\rb\u0000c\u0010d"] }, { call: ["msg", "alice", "cr\rinside"] }],
  },
];

/** The engine's side of one scenario, reported as irc_client.py reports it. */
function runOnEngine(scenario: Scenario): StepReport[] {
  const events: unknown[][] = [];
  const errors: string[] = [];
  const observer = (event: log.LogEvent) => {
    // The last line of the traceback names the exception: "IndexError: list index out of range".
    if (event.isError) errors.push(/^(?:Failure: )?(?:[\w.]+\.)?(\w+)(?::|$)/.exec(event.text.trim().split("\n").at(-1) ?? "")?.[1] ?? event.text);
  };
  class Recorder extends IRCClient {
    override irc_unknown(prefix: string, command: string, params: string[]): void {
      events.push(["irc_unknown", prefix, command, [...params]]);
    }
    override nickChanged(nick: string): void {
      events.push(["nickChanged", nick]);
      super.nickChanged(nick);
    }
  }
  const HOOKS = [
    "signedOn", "joined", "left", "privmsg", "noticed", "action", "userJoined", "userLeft", "userQuit", "userRenamed", "userKicked",
    "kickedFrom", "topicUpdated", "modeChanged", "receivedMOTD", "created", "yourHost", "myInfo", "luserClient", "isupport",
    "luserChannels", "luserOp", "luserMe", "bounce", "pong",
  ];
  for (const hook of HOOKS) {
    (Recorder.prototype as unknown as Record<string, unknown>)[hook] = (...args: unknown[]) => {
      events.push([hook, ...args.map((a) => (Array.isArray(a) ? [...a] : a))]);
    };
  }
  const client = new Recorder();
  const transport = new StringTransport();
  const out: StepReport[] = [];
  log.addObserver(observer);
  try {
    for (const step of scenario.steps) {
      let raised: string | null = null;
      try {
        if ("connect" in step) {
          Object.assign(client, step.connect);
          client.makeConnection(transport);
        } else if ("feed" in step) {
          client.dataReceived(step.feed);
        } else if ("feedLatin1" in step) {
          client.dataReceived(Uint8Array.from(step.feedLatin1, (c) => c.charCodeAt(0)));
        } else if ("call" in step) {
          const [name, ...args] = step.call;
          (client as unknown as Record<string, (...a: unknown[]) => void>)[name]!(...args);
        } else {
          Object.assign(client, step.set);
        }
      } catch (thrown) {
        raised = (thrown as Error).name;
      }
      out.push({ wire: transport.value(), events: events.splice(0), errors: errors.splice(0), raised, nickname: client.nickname });
      transport.clear();
    }
  } finally {
    log.removeObserver(observer);
    client.stopHeartbeat();
  }
  return out;
}

let restore: () => void = () => undefined;
let twisted: Record<string, StepReport[]> = {};

describe.skipIf(!realTwisted)(
  realTwisted ? "IRCClient matches Twisted 22.4's on the wire and in its hooks" : `IRCClient differential (SKIPPED: ${PYTHON} cannot import twisted.words; install python3-twisted)`,
  () => {
    beforeAll(() => {
      ({ restore } = newSimulation());
      const run = spawnSync(PYTHON, [path.join(REPO, "test/differential/irc_client.py")], { input: JSON.stringify(SCENARIOS), encoding: "utf8", timeout: 60000 });
      if (run.status !== 0) throw new Error(`irc_client.py failed:\n${run.stderr}`);
      twisted = JSON.parse(run.stdout) as Record<string, StepReport[]>;
    }, 70000);
    afterAll(() => restore());

    for (const scenario of SCENARIOS) {
      it(scenario.name, () => {
        const engine = runOnEngine(scenario);
        scenario.steps.forEach((step, i) => {
          expect({ step, ...engine[i] }).toEqual({ step, ...twisted[scenario.name]![i] });
        });
      });
    }
  },
);
