import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { World } from "./world";

const FIXTURE = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../test/fixtures/twistd-finger");

/** The twistd-finger fixture (a finger library, its plugin, a .tac) at the root of a new world's disk. */
function fingerWorld(extra: Record<string, string> = {}): World {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[`/${path.relative(FIXTURE, full)}`] = fs.readFileSync(full, "utf8");
    }
  };
  walk(FIXTURE);
  return new World({ files: { ...files, ...extra } });
}

/** Runs a command in the world to its end, or until the world is idle. */
function run(world: World, argv: string[]): { code: number | null; stdout: string; stderr: string; ended: boolean } {
  let code: number | null = null;
  const handle = world.exec(argv, { onExit: (exit) => (code = exit) });
  world.runUntilIdle();
  return { code, stdout: handle.stdout, stderr: handle.stderr, ended: handle.ended };
}

const withoutTime = (text: string) => text.split("\n").map((line) => line.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000 /, ""));

describe("twistd in the simulated terminal", () => {
  it("prints twistd's help with the learner's plugin as a command", () => {
    const help = run(fingerWorld(), ["twistd", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: twistd [options]\nOptions:\n  -b, --debug ");
    expect(help.stdout).toMatch(/Commands:\n {4}finger {6}Run a finger service\n\n$/);
  });

  it("reports a plugin file that fails to load with its file and line, and still lists the other plugins", () => {
    const world = fingerWorld({ "/twisted/plugins/broken.ts": "// not finished\nthrow new RangeError(\"not yet\");\n" });
    const help = run(world, ["twistd", "--help"]);
    expect(help.stderr).toBe('Unhandled Error\nTraceback (most recent call last):\n  File "twisted/plugins/broken.ts", line 2\nRangeError: not yet\n');
    expect(help.stdout).toMatch(/Commands:\n {4}finger {6}Run a finger service\n\n$/);
  });

  it("runs a .tac in the background: the shell returns, the daemon answers, logs to twistd.log, and kill stops it cleanly", () => {
    const world = fingerWorld();
    const start = run(world, ["twistd", "-y", "finger.tac.ts"]);
    expect(start).toEqual({ code: 0, stdout: "", stderr: "", ended: true });
    const pid = Number(world.readFile("/twistd.pid"));
    expect(world.processes().find((p) => p.pid === pid)).toMatchObject({ command: "twistd -y finger.tac.ts", state: "running" });
    // The log does not echo into the program's output: it is in twistd.log.
    expect(world.output.map((line) => line.text)).toEqual([]);

    expect(run(world, ["finger", "moshez@localhost:1079"]).stdout).toBe("Happy and well\n");
    expect(run(world, ["tail", "-n", "2", "twistd.log"]).stdout).toMatch(/\[-\] Starting factory <FingerFactory object>\n$/);

    const again = run(world, ["twistd", "-y", "finger.tac.ts"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Another twistd server is running, PID ${pid}\n`);

    expect(run(world, ["kill", String(pid)]).code).toBe(0);
    world.advance(1);
    expect(world.processes().find((p) => p.pid === pid)?.state).toBe("exited");
    expect(() => world.readFile("/twistd.pid")).toThrow();
    expect(withoutTime(world.readFile("/twistd.log"))).toEqual([
      "[-] Loading finger.tac.ts...",
      "[-] Loaded.",
      "[twisted.scripts._twistd_unix.UnixAppLogger#info] twistd 22.4.0 (simulated Twisted) starting up.",
      "[twisted.scripts._twistd_unix.UnixAppLogger#info] reactor class: SimulatedReactor.",
      "[-] FingerFactory starting on 1079",
      "[-] Starting factory <FingerFactory object>",
      "[-] Received SIGTERM, shutting down.",
      "[-] (TCP Port 1079 Closed)",
      "[-] Stopping factory <FingerFactory object>",
      "[stdout#info] FingerService stopped after 0.2 s",
      "[-] Main loop terminated.",
      "[twisted.scripts._twistd_unix.UnixAppLogger#info] Server Shut Down.",
      "",
    ]);
  });

  it("runs a plugin in the foreground with its options, logging to the terminal, until SIGINT", () => {
    const world = fingerWorld();
    let code: number | null = null;
    const handle = world.exec(["twistd", "-n", "--reactor=epoll", "finger", "--file=/users", "--port=79"], { onExit: (exit) => (code = exit) });
    world.runUntilIdle();
    expect(handle.ended).toBe(false);
    expect(run(world, ["finger", "glyph@localhost"]).stdout).toBe("Busy\n");
    handle.kill("INT");
    world.advance(1);
    expect(code).toBe(0);
    const lines = withoutTime(handle.stdout);
    expect(lines.slice(0, 2)).toEqual([
      "[-] --reactor=epoll: this twistd runs every application on its own reactor, SimulatedReactor",
      "[twisted.scripts._twistd_unix.UnixAppLogger#info] twistd 22.4.0 (simulated Twisted) starting up.",
    ]);
    expect(lines).toContain("[-] Received SIGINT, shutting down.");
    expect(lines.at(-2)).toBe("[twisted.scripts._twistd_unix.UnixAppLogger#info] Server Shut Down.");
  });

  it("starts again after a daemon was stopped, and the second daemon shuts down as cleanly as the first", () => {
    const world = fingerWorld();
    for (const round of [1, 2]) {
      const start = run(world, ["twistd", "-y", "finger.tac.ts"]);
      expect(start.code, `round ${round}: ${start.stderr}`).toBe(0);
      expect(run(world, ["finger", "moshez@localhost:1079"]).stdout).toBe("Happy and well\n");
      const pid = Number(world.readFile("/twistd.pid"));
      run(world, ["kill", String(pid)]);
      world.advance(1);
      expect(world.processes().find((p) => p.pid === pid)?.state, `round ${round}`).toBe("exited");
      expect(() => world.readFile("/twistd.pid"), `round ${round}`).toThrow();
      expect(withoutTime(world.readFile("/twistd.log")).slice(-4), `round ${round}`).toEqual([
        "[stdout#info] FingerService stopped after 0.2 s",
        "[-] Main loop terminated.",
        "[twisted.scripts._twistd_unix.UnixAppLogger#info] Server Shut Down.",
        "",
      ]);
    }
  });

  it("with --syslog, logs to the simulated syslog under twistd's prefix and pid instead", () => {
    const world = fingerWorld();
    const handle = world.exec(["twistd", "--syslog", "--prefix=fingerd", "-n", "finger", "--file=/users", "--port=1079"]);
    world.runUntilIdle();
    expect(handle.stdout).toBe("");
    expect(world.readFile("/var/log/syslog")).toContain(`Jan  1 00:00:00 finger fingerd[${handle.pid}]: twistd 22.4.0 (simulated Twisted) starting up.\n`);
    handle.kill("TERM");
    world.advance(1);
    expect(world.readFile("/var/log/syslog")).toContain(`fingerd[${handle.pid}]: Server Shut Down.\n`);
  });

  it("says what twistd says for a missing application, an unknown command and a stale pid file", () => {
    const world = fingerWorld({ "/empty.tac.ts": "export const nothing = 1;\n", "/twistd.pid": "4242\n" });
    const missing = run(world, ["twistd", "-ny", "empty.tac.ts"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Removing stale pidfile /twistd.pid");
    expect(missing.stderr).toContain("Failed to load application: 'application'");
    const unknown = run(world, ["twistd", "fnger"]);
    expect(unknown.stdout.trimEnd().split("\n").at(-1)).toBe("twistd fnger: Unknown command: fnger");
  });
});

const haveRealTwistd = spawnSync("/usr/bin/twistd3", ["--version"], { stdio: "ignore" }).status === 0;

describe.skipIf(!haveRealTwistd)("the simulated twistd beside real twistd 22.4", () => {
  /** What real twistd prints, its program name written "twistd" and Twisted's own plugins left out. */
  function realTwistd(args: string[]): { code: number | null; stdout: string; stderr: string } {
    const result = spawnSync("/usr/bin/twistd3", args, { cwd: os.tmpdir(), encoding: "utf8", timeout: 30_000 });
    const clean = (text: string) => text.replaceAll("/usr/bin/twistd3", "twistd").replace(/Commands:\n(?: {4}.*\n| {10,}.*\n)*/, "Commands:\n");
    return { code: result.status, stdout: clean(result.stdout), stderr: clean(result.stderr) };
  }

  for (const args of [["--version"], ["--help-reactors"], ["--reactor=foo"], ["--umask=9"], ["--bogus"], ["-y"], ["--pidfile"], ["--help"], ["nosuch"]]) {
    it(`prints what real twistd prints for twistd ${args.join(" ")}`, () => {
      const ours = run(new World(), ["twistd", ...args]);
      const real = realTwistd(args);
      expect({ code: ours.code, stdout: ours.stdout, stderr: ours.stderr }).toEqual(real);
    });
  }
});
