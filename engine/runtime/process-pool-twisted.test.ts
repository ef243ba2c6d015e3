/**
 * Process pools against real Twisted 22.4: the worker of chapter 25 answers
 * the same AMP boxes with the same bytes on its stdout whether it is the
 * Python twin on real Twisted (a real child process) or the TypeScript
 * program on the simulated host, and each step's parent prints the same
 * transcript on both.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { World } from "./world";
import { AmpBox } from "../twisted/protocols/amp-box";

const PYTHON = "/usr/bin/python3";
const CHAPTER = path.resolve(import.meta.dirname, "../../lessons/25-process-pools");
const STEPS = ["01-a-worker-process", "02-a-pool-of-workers", "03-when-workers-fail"];
const haveTwisted = existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import twisted"], { stdio: "ignore" }).status === 0;

/** One AMP box as bytes, keys in the order given. */
function box(entries: [string, string][]): Uint8Array {
  const made = new AmpBox();
  for (const [key, value] of entries) made.set(key, new TextEncoder().encode(value));
  return made.serialize();
}

// A command name of 130 characters: its length prefix (0x82) and the answer's are not UTF-8.
const LONG_NAME = "X".repeat(130);
const REQUESTS = [
  box([["_ask", "1"], ["_command", "CountPrimes"], ["n", "1000"]]),
  box([["_ask", "2"], ["_command", LONG_NAME]]),
  box([["_ask", "3"], ["_command", "CountPrimes"], ["n", "not a number"]]),
];

interface ChildRun {
  readonly stdout: number[];
  readonly exitCode: number | null;
}

/** Real Twisted: the twin's worker as a real process, fed `requests`, its stdin closed once `answers` bytes came back. */
function realWorker(requests: Uint8Array[], closeAfter: (out: number[]) => boolean): Promise<ChildRun> {
  const twin = path.join(CHAPTER, STEPS[2]!, "twin", "workers.py");
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [twin, "child"], { stdio: ["pipe", "pipe", "pipe"], detached: true });
    const out: number[] = [];
    const timer = setTimeout(() => {
      process.kill(-child.pid!, "SIGKILL");
      reject(new Error(`the real worker did not finish; stdout ${JSON.stringify(Buffer.from(out).toString("latin1"))}`));
    }, 15_000);
    child.stdout.on("data", (data: Buffer) => {
      out.push(...data);
      if (closeAfter(out)) child.stdin.end();
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ stdout: out, exitCode: code });
    });
    for (const request of requests) child.stdin.write(request);
  });
}

/** The engine: the TypeScript worker as a simulated child process, fed the same. */
function simulatedWorker(requests: Uint8Array[], closeAfter: (out: number[]) => boolean): ChildRun {
  const source = readFileSync(path.join(CHAPTER, STEPS[2]!, "solution", "workers.ts"), "utf8");
  const world = new World({ files: { "/workers.ts": source } });
  expect(world.start(`import { reactor } from "twisted/internet";\nreactor.run();\n`, "parent.ts").status).toBe("running");
  const out: number[] = [];
  const run = world.exec(["/usr/bin/python3", "/workers.ts", "child"], {
    onStdoutBytes: (data) => {
      out.push(...data);
      if (closeAfter(out)) run.closeStdin();
    },
  });
  world.advance(1);
  for (const request of requests) run.write(request);
  world.advance(5);
  return { stdout: out, exitCode: run.exitCode };
}

/** True once `count` whole AMP boxes (each ends with an empty key) have arrived. */
function boxesArrived(count: number): (out: number[]) => boolean {
  return (out) => {
    let seen = 0;
    let at = 0;
    let key = true;
    while (at + 2 <= out.length) {
      const length = (out[at]! << 8) | out[at + 1]!;
      if (at + 2 + length > out.length) break;
      if (key && length === 0) seen++;
      else key = !key;
      at += 2 + length;
      if (length === 0) key = true;
    }
    return seen >= count;
  };
}

describe.skipIf(!haveTwisted)("chapter 25's worker and pool on real Twisted 22.4 and on the engine", () => {
  it("the worker answers the same boxes with the same bytes, then exits 0 when its stdin closes", async () => {
    const real = await realWorker(REQUESTS, boxesArrived(3));
    const simulated = simulatedWorker(REQUESTS, boxesArrived(3));
    expect(Buffer.from(simulated.stdout).toString("latin1")).toBe(Buffer.from(real.stdout).toString("latin1"));
    // The UNHANDLED answer's description is over 127 bytes long: its length prefix is no UTF-8.
    expect(real.stdout.some((byte) => byte >= 0x80)).toBe(true);
    expect([simulated.exitCode, real.exitCode]).toEqual([0, 0]);
  }, 30_000);

  it("a worker that crashes mid-call exits with status 1 and answers nothing, on both", async () => {
    const crash = [box([["_ask", "1"], ["_command", "Crash"]])];
    const real = await realWorker(crash, () => false);
    const simulated = simulatedWorker(crash, () => false);
    expect(simulated).toEqual({ stdout: [], exitCode: 1 });
    expect(real).toEqual({ stdout: [], exitCode: 1 });
  }, 30_000);

  for (const step of STEPS) {
    it(`${step}: the parent prints the same lines with its workers on both`, () => {
      const twin = spawnSync(PYTHON, [path.join(CHAPTER, step, "twin", "workers.py")], { encoding: "utf8", timeout: 20_000 });
      expect(twin.status).toBe(0);
      const world = new World();
      world.start(readFileSync(path.join(CHAPTER, step, "solution", "workers.ts"), "utf8"), "workers.ts");
      world.advance(30);
      const printed = world.output.filter((line) => line.stream === "stdout").map((line) => `${line.text}\n`);
      expect(printed.join("")).toBe(twin.stdout);
      expect(twin.stdout.split("\n").length).toBeGreaterThan(2);
    }, 30_000);
  }
});
