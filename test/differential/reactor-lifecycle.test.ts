/**
 * The reactor's lifecycle, three ways: the same program on the simulated
 * reactor, on the NodeReactor (`npm run serve`, a real process) and its
 * Python twin on real Twisted. Startup and shutdown triggers run in
 * Twisted's phases, a "before shutdown" Deferred holds the shutdown back,
 * stop() twice raises ReactorNotRunning, and the lines after reactor.run()
 * run once the reactor has stopped, where run() again raises
 * ReactorNotRestartable.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { World } from "../../engine/runtime/world";
import { REPO } from "../support/serve-harness";

const PYTHON = "/usr/bin/python3";
const programs = path.join(REPO, "test/differential/programs");
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted"], { stdio: "ignore" }).status === 0;

/** What real Twisted 22.4 prints for reactor_lifecycle.py (also checked live below where it is installed). */
const TWISTED_TRANSCRIPT = [
  "calling run",
  "before-startup",
  "during-startup running=True",
  "after-startup running=True",
  "callWhenRunning",
  "callLater(0)",
  "first done",
  "callFromThread A",
  "timer B",
  "stopping",
  "second stop: ReactorNotRunning",
  "before-shutdown: waiting for cleanup",
  "callLater(0) after stop",
  "cleanup done",
  "during-shutdown",
  "after-shutdown",
  "run returned",
  "run again: ReactorNotRestartable",
];

function simulated(file: string): { lines: string[]; world: World } {
  const world = new World();
  expect(world.start(fs.readFileSync(path.join(programs, file), "utf8"), file)).toEqual({ status: "running" });
  world.advance(5);
  return { lines: world.output.filter((line) => line.stream === "stdout").map((line) => line.text), world };
}

/** Runs `npm run serve -- FILE` to its end and returns its standard output, without the log's lines. */
function onNodeReactor(file: string): string[] {
  const result = spawnSync(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), path.join(programs, file)], {
    cwd: REPO,
    encoding: "utf8",
    timeout: 20_000,
    killSignal: "SIGKILL",
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split("\n").filter((line) => line !== "" && !/^\d{4}-\d\d-\d\d \S+ \[-\]/.test(line));
}

describe("the reactor's lifecycle, as real Twisted runs it", () => {
  it("on the simulated reactor: phases, a waited-for Deferred, stop twice, and what follows run()", () => {
    const { lines, world } = simulated("reactor-lifecycle.ts");
    expect(lines).toEqual(TWISTED_TRANSCRIPT);
    // The shutdown waited a virtual second for the Deferred, and the loop's end was logged before run() returned.
    const texts = world.output.map((line) => `${line.time} ${line.text}`);
    expect(texts.indexOf("1.5 Main loop terminated.")).toBeLessThan(texts.indexOf("1.5 run returned"));
  });

  it("on the NodeReactor, with real timers", () => {
    expect(onNodeReactor("reactor-lifecycle.ts")).toEqual(TWISTED_TRANSCRIPT);
  }, 30_000);

  it.skipIf(!realTwisted)("on real Twisted (the twin)", () => {
    const result = spawnSync(PYTHON, [path.join(programs, "reactor_lifecycle.py")], { encoding: "utf8", timeout: 20_000, killSignal: "SIGKILL" });
    expect(result.stdout.trim().split("\n")).toEqual(TWISTED_TRANSCRIPT);
  }, 30_000);
});
