/**
 * The IRC bot on the wire, differentially: the same bot (programs/irc-bot.ts
 * under `npm run serve`, its twin programs/irc_bot.py on real Twisted 22.4)
 * connects over real sockets to a fake IRC server written here, which plays
 * the same script to each (welcome, PING, private and channel messages, a
 * CTCP VERSION, "quit") and records every byte it receives. The bytes must
 * be equal. Skipped, with the reason, where python3-twisted is missing.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { REPO } from "../support/serve-harness";

const PYTHON = process.env.TWISTED_PYTHON ?? "/usr/bin/python3";
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted.words.protocols.irc"], { stdio: "ignore" }).status === 0;
const programs = path.join(REPO, "test/differential/programs");

/** What the fake server sends once the client has registered, in order, one line at a time. */
const SCRIPT = [
  ":fake.local 001 fingerbot :Welcome to the fake network fingerbot!fingerbot@127.0.0.1",
  ":fake.local 376 fingerbot :End of MOTD command",
  "PING :fake.local",
  ":fingerbot!fingerbot@127.0.0.1 JOIN :#chan",
  ":alice!a@localhost PRIVMSG fingerbot :moshez",
  ":alice!a@localhost PRIVMSG #chan :moshez",
  ":alice!a@localhost PRIVMSG fingerbot :nobody",
  ":alice!a@localhost PRIVMSG fingerbot :\u0001VERSION\u0001",
  ":alice!a@localhost PRIVMSG fingerbot :\u0001PING 42\u0001",
  ":alice!a@localhost PRIVMSG fingerbot :quit",
];

/**
 * Runs `command` against a fake IRC server on a free port and returns what
 * the server received. The server waits for USER before its script and for
 * QUIT before hanging up; everything is bounded by `timeoutMs`.
 */
async function recordBot(command: string, args: (port: number) => string[], timeoutMs = 20000): Promise<{ received: string; output: string }> {
  let received = "";
  let scripted = false;
  const server = net.createServer((socket) => {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
      if (!scripted && /\r\nUSER [^\r]*\r\n/.test(`\r\n${received}`)) {
        scripted = true;
        let i = 0;
        const next = () => {
          if (i < SCRIPT.length) {
            socket.write(`${SCRIPT[i++]}\r\n`);
            setTimeout(next, 30);
          }
        };
        next();
      }
      if (/\r\nQUIT [^\r]*\r\n/.test(`\r\n${received}`)) setTimeout(() => socket.end(), 100);
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const child = spawn(command, args(port), { cwd: REPO, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const killer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Already gone.
    }
  }, timeoutMs);
  await new Promise<void>((resolve) => child.once("exit", () => resolve()));
  clearTimeout(killer);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { received, output };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of program `name` with PORT = 6667 changed to `port`. */
function onPort(name: string, port: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "irc-wire-"));
  made.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, fs.readFileSync(path.join(programs, name), "utf8").replace(/PORT = 6667/, `PORT = ${port}`));
  return file;
}

describe.skipIf(!realTwisted)(
  realTwisted ? "the IRC bot sends the same bytes as real Twisted's, over real sockets" : `IRC wire differential (SKIPPED: ${PYTHON} cannot import twisted.words; install python3-twisted)`,
  () => {
    it("registration, PONG, answers, channel talk, CTCP replies and QUIT are byte for byte Twisted's", async () => {
      const twisted = await recordBot(PYTHON, (port) => [onPort("irc_bot.py", port)]);
      const engine = await recordBot(path.join(REPO, "node_modules/.bin/tsx"), (port) => [path.join(REPO, "engine/node/serve.ts"), onPort("irc-bot.ts", port)]);
      expect(twisted.received, twisted.output).toBe(
        [
          "NICK fingerbot",
          "USER fingerbot foo bar :None",
          "JOIN #chan",
          "PRIVMSG #chan :\u0001ACTION is here\u0001",
          "PRIVMSG #chan :hello, I answer finger queries",
          "PONG fake.local",
          "PRIVMSG alice :moshez: happy and well",
          "PRIVMSG alice :nobody: No such user",
          "NOTICE alice :\u0001PING 42\u0001",
          "QUIT :bye",
          "",
        ].join("\r\n"),
      );
      expect(engine.received, engine.output).toBe(twisted.received);
    }, 60000);
  },
);
