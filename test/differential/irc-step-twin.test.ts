/**
 * The IRC step's solution and its Python twin, on the wire: the TypeScript
 * file under `npm run serve` and twin/finger.tac under real Twisted 22.4's
 * twistd, each run as root and switching to uid/gid 1/1, each connecting to
 * a fake IRC server written here. The server plays the same script to both
 * (welcome, PING, private messages, a channel message), then drops the link;
 * the bytes each sent, the private answers included, must be equal, and
 * both must come back (ClientService) and register again. lessons:check
 * cannot compare this step's checks with the twin (the IRC network and
 * /etc/users exist only in the simulation); this test compares the IRC
 * front end itself. Copies of both files are pointed at free ports, a users
 * file in a temp directory and the fake server, and nothing else changes.
 * Skipped, with the reason, where python3-twisted is missing. Each program
 * runs in its own process group, which the test ends.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, REPO } from "../support/serve-harness";

const PYTHON = process.env.TWISTED_PYTHON ?? "/usr/bin/python3";
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted.words.protocols.irc"], { stdio: "ignore" }).status === 0;
const STEP = path.join(REPO, "lessons/06-finger-stage-2/06-announce-on-irc");

/** What the fake server sends once the client has registered, in order, one line at a time. */
const SCRIPT = [
  ":fake.local 001 fingerbot :Welcome to the fake network fingerbot!fingerbot@127.0.0.1",
  ":fake.local 376 fingerbot :End of MOTD command",
  "PING :fake.local",
  ":fingerbot!fingerbot@127.0.0.1 JOIN :#twisted",
  ":alice!a@localhost PRIVMSG fingerbot :moshez",
  ":alice!a@localhost PRIVMSG #twisted :moshez",
  ":alice!a@localhost PRIVMSG fingerbot :nobody",
  ":bob!b@localhost PRIVMSG FingerBot :shawn",
];

/** What a correct bot sends on its first connection. */
const EXPECTED = [
  "NICK fingerbot",
  "USER fingerbot foo bar :None",
  "JOIN #twisted",
  "PONG fake.local",
  "PRIVMSG alice :Status of moshez: happy and well",
  "PRIVMSG alice :Status of nobody: No such user",
  "PRIVMSG bob :Status of shawn: alive",
  "",
].join("\r\n");

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** `source` with `from` replaced by `to`. @throws Error if `from` is missing (the file changed: the test must follow). */
function redirect(source: string, from: string, to: string): string {
  if (!source.includes(from)) throw new Error(`${JSON.stringify(from)} is no longer in the file: update this test`);
  return source.split(from).join(to);
}

/**
 * Runs the program `start(ircPort)` starts against a fake IRC server and
 * returns what the server received on each connection. The first connection
 * gets SCRIPT after USER and is dropped once the last answer can have
 * arrived; the test ends when a second connection has registered again, or
 * after `timeoutMs`. The program's process group is killed either way.
 */
async function record(start: (ircPort: number) => Promise<{ pid: number; output: () => string }>, timeoutMs = 30000): Promise<{ connections: string[]; output: string }> {
  const connections: string[] = [];
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const server = net.createServer((socket) => {
    const index = connections.push("") - 1;
    let scripted = false;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      connections[index] += chunk;
      const registered = /(^|\r\n)USER [^\r]*\r\n/.test(connections[index]!);
      if (index > 0 && registered) return finish();
      if (index === 0 && registered && !scripted) {
        scripted = true;
        let i = 0;
        const next = () => {
          if (i < SCRIPT.length) {
            socket.write(`${SCRIPT[i++]}\r\n`);
            setTimeout(next, 50);
          } else setTimeout(() => socket.destroy(), 700);
        };
        next();
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const program = await start(port);
  const timer = setTimeout(finish, timeoutMs);
  await finished;
  clearTimeout(timer);
  try {
    process.kill(-program.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { connections, output: program.output() };
}

/** A temp directory the program (uid 1 once it has switched) can read, holding the users file. */
function world(): { dir: string; users: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "irc-step-twin-"));
  made.push(dir);
  fs.chmodSync(dir, 0o755);
  const users = path.join(dir, "users");
  fs.writeFileSync(users, "moshez: happy and well\nshawn: alive\n", { mode: 0o644 });
  return { dir, users };
}

/** Starts `command args` in its own process group, collecting its output. */
function launch(command: string, args: string[]): { pid: number; output: () => string } {
  const child = spawn(command, args, { cwd: REPO, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  return { pid: child.pid!, output: () => output };
}

/** A copy of the step's `file`, pointed at free ports, `users` and the fake server on `ircPort`. */
async function pointed(file: string, users: string, dir: string, ircPort: number): Promise<string> {
  const quote = '"';
  let source = fs.readFileSync(path.join(STEP, file), "utf8");
  source = redirect(source, `${quote}tcp:79${quote}`, `${quote}tcp:${await freePort()}${quote}`);
  source = redirect(source, `${quote}tcp:8000${quote}`, `${quote}tcp:${await freePort()}${quote}`);
  source = redirect(source, `${quote}/etc/users${quote}`, `${quote}${users}${quote}`);
  source = redirect(source, "tcp:irc.freenode.org:6667", `tcp:127.0.0.1:${ircPort}`);
  const copy = path.join(dir, path.basename(file));
  fs.writeFileSync(copy, source, { mode: 0o644 });
  return copy;
}

describe.skipIf(!realTwisted)(
  realTwisted ? "the IRC step's bot sends the same bytes as its Python twin on real Twisted" : `IRC step twin (SKIPPED: ${PYTHON} cannot import twisted.words; install python3-twisted)`,
  () => {
    it("registration, JOIN, PONG and the private answers are byte for byte the twin's; both come back after a drop", async () => {
      const twin = await record(async (ircPort) => {
        const { dir, users } = world();
        const file = await pointed("twin/finger.tac", users, dir, ircPort);
        return launch(PYTHON, ["-c", "import sys; from twisted.scripts.twistd import run; sys.argv = ['twistd', '--nodaemon', '--pidfile=', '--python=' + sys.argv[1]]; run()", file]);
      });
      const engine = await record(async (ircPort) => {
        const { dir, users } = world();
        const file = await pointed("solution/finger.tac.ts", users, dir, ircPort);
        return launch(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), file]);
      });
      expect(twin.connections[0], twin.output).toBe(EXPECTED);
      expect(twin.output).toContain("set uid/gid 1/1");
      expect(twin.connections[1], twin.output).toBe("NICK fingerbot\r\nUSER fingerbot foo bar :None\r\n");
      expect(engine.connections[0], engine.output).toBe(twin.connections[0]);
      expect(engine.output).toContain("set uid/gid 1/1");
      expect(engine.connections[1], engine.output).toBe(twin.connections[1]);
    }, 90000);
  },
);
