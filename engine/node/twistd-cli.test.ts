/**
 * `npm run twistd -- ARGS` on real sockets: the same .tac.ts files and
 * plugins as the browser's terminal, with twistd's options, answering real
 * clients on loopback. Every process a test starts is killed by its end.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fingerQuery, PYTHON } from "../../test/support/real-clients";
import { REPO, freePort, have } from "../../test/support/serve-harness";

const TSX = path.join(REPO, "node_modules/.bin/tsx");
const TWISTD = path.join(REPO, "engine/node/twistd.ts");
const haveFinger = have("finger");
const haveRealTwistd = spawnSync(PYTHON, ["-c", "import twisted.scripts.twistd"], { stdio: "ignore" }).status === 0;
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const started: number[] = [];

afterAll(() => {
  for (const pid of started) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone, as it should be.
    }
  }
});

/** A copy of test/fixtures/twistd-finger in a fresh directory, the .tac's port changed to `port`. */
function project(port: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twistd-"));
  fs.cpSync(path.join(REPO, "test/fixtures/twistd-finger"), dir, { recursive: true });
  const tac = path.join(dir, "finger.tac.ts");
  fs.writeFileSync(tac, fs.readFileSync(tac, "utf8").replace('"1079"', `"${port}"`));
  return dir;
}

/** Runs twistd to its end (a background start ends when the daemon has started). */
function twistdSync(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(TSX, [TWISTD, ...args], { cwd, encoding: "utf8", timeout: 30_000, killSignal: "SIGKILL" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** Debian's finger, which asks port 79 only. */
function debianFinger(query: string): string {
  const result = spawnSync("finger", [query], { encoding: "utf8", timeout: 15_000, killSignal: "SIGKILL" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe("npm run twistd", () => {
  it.skipIf(!haveRealTwistd)("prints real twistd's option help, then the learner's plugin as a command", () => {
    const dir = project(1079);
    const ours = twistdSync(dir, ["--help"]);
    const real = spawnSync("/usr/bin/twistd3", ["--help"], { cwd: os.tmpdir(), encoding: "utf8", timeout: 30_000 });
    expect(ours.status).toBe(0);
    const [ourOptions, ourCommands] = ours.stdout.split("Commands:\n");
    expect(ourOptions).toBe(real.stdout.split("Commands:\n")[0]);
    expect(ourCommands).toBe("    finger      Run a finger service\n\n");
  }, 60_000);

  it("prints the plugin's own help, and Twisted's usage error for an unknown command", () => {
    const dir = project(1079);
    expect(twistdSync(dir, ["finger", "--help"]).stdout).toBe(
      [
        "Usage: twistd [options] finger [options]",
        "Options:",
        "  -f, --file=    The users file [default: /etc/users]",
        "      --help     Display this help and exit.",
        "  -p, --port=    The port to listen on [default: 79]. Must be an int between 0",
        "                 and 65535.",
        "      --version  Display Twisted version and exit.",
        "",
        "",
      ].join("\n"),
    );
    const unknown = twistdSync(dir, ["fnger"]);
    expect(unknown.stdout.trimEnd().split("\n").at(-1)).toBe("twistd fnger: Unknown command: fnger");
  }, 60_000);

  it("reports a plugin file that fails to load with its file and line, and still lists the others", () => {
    const dir = project(1079);
    fs.writeFileSync(path.join(dir, "twisted/plugins/broken.ts"), "// a plugin cut short\nconst x = (\n");
    const result = twistdSync(dir, ["--help"]);
    expect(result.stderr).toContain('File "twisted/plugins/broken.ts", line 3');
    expect(result.stdout).toContain("    finger      Run a finger service");
  }, 60_000);

  it("runs a .tac in the background: pid and log files, answers, refuses a second start, stops cleanly on SIGTERM", async () => {
    const port = await freePort();
    const dir = project(port);
    const start = twistdSync(dir, ["-y", "finger.tac.ts"]);
    expect(start, start.stderr).toMatchObject({ status: 0, stdout: "" });
    const pid = Number(fs.readFileSync(path.join(dir, "twistd.pid"), "utf8"));
    started.push(pid);
    expect(alive(pid)).toBe(true);
    expect(await fingerQuery(port, "moshez\r\n")).toBe("Happy and well\r\n");

    const second = twistdSync(dir, ["-y", "finger.tac.ts"]);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`Another twistd server is running, PID ${pid}\n`);

    process.kill(pid, "SIGTERM");
    await until(() => !alive(pid), "the daemon to exit");
    expect(fs.existsSync(path.join(dir, "twistd.pid"))).toBe(false);
    const log = fs.readFileSync(path.join(dir, "twistd.log"), "utf8").split("\n").map((line) => line.replace(/^\S+ \[[^\]]+\] /, ""));
    expect(log.slice(0, 2)).toEqual(["Loading finger.tac.ts...", "Loaded."]);
    const order = ["Received SIGTERM, shutting down.", "FingerService stopped after 0.2 s", "Main loop terminated.", "Server Shut Down."].map((line) => log.indexOf(line));
    expect(order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!)), log.join("\n")).toBe(true);
  }, 60_000);

  it("removes a stale pid file, as twistd does, and starts", async () => {
    const port = await freePort();
    const dir = project(port);
    fs.writeFileSync(path.join(dir, "twistd.pid"), "999999");
    const start = twistdSync(dir, ["-y", "finger.tac.ts", "--logfile", "finger.log"]);
    expect(start.status, start.stderr).toBe(0);
    expect(start.stderr).toContain(`Removing stale pidfile ${dir}/twistd.pid`);
    const pid = Number(fs.readFileSync(path.join(dir, "twistd.pid"), "utf8"));
    started.push(pid);
    expect(pid).not.toBe(999999);
    process.kill(pid, "SIGTERM");
    await until(() => !alive(pid), "the daemon to exit");
    expect(fs.readFileSync(path.join(dir, "finger.log"), "utf8")).toContain("Server Shut Down.");
  }, 60_000);

  it("runs the plugin in the foreground and stops on Ctrl-C; Debian's finger asks it on port 79", async () => {
    const useFinger = haveFinger && isRoot && (await portFree(79));
    const port = useFinger ? 79 : await freePort();
    const dir = project(port);
    const child = spawn(TSX, [TWISTD, "-n", "finger", "--file=users", `--port=${port}`], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], detached: true });
    started.push(-child.pid!);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await until(() => output.includes(`starting on ${port}`), "the port to open");
    if (useFinger) expect(debianFinger("moshez@127.0.0.1")).toContain("Happy and well");
    else expect(await fingerQuery(port, "glyph\r\n")).toBe("Busy\r\n");
    // tsx runs twistd in a node process of its own: the pid file names that one, and it is alive.
    expect(alive(Number(fs.readFileSync(path.join(dir, "twistd.pid"), "utf8")))).toBe(true);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    const lines = output.trimEnd().split("\n");
    const stopping = lines.slice(lines.findIndex((line) => line.endsWith("[-] Received SIGINT, shutting down.")));
    expect(stopping.map((line) => line.replace(/^\S+ /, ""))).toEqual([
      "[-] Received SIGINT, shutting down.",
      `[-] (TCP Port ${port} Closed)`,
      "[-] Stopping factory <FingerFactory object>",
      "[stdout#info] FingerService stopped after 0.2 s",
      "[-] Main loop terminated.",
      "[twisted.scripts._twistd_unix.UnixAppLogger#info] Server Shut Down.",
    ]);
    expect(output).not.toContain("Loading");
    expect(fs.existsSync(path.join(dir, "twistd.pid"))).toBe(false);
  }, 60_000);
});

