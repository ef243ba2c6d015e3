/**
 * `npm run serve` with a process pool: the parent's workers are real child
 * processes, each the same program run by sys.executable (python3-ts, the
 * course's interpreter on the real reactor), speaking AMP over real pipes.
 * What the parent prints is what the Python twin prints on real Twisted 22.4.
 */
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../../test/support/serve-harness";

const PYTHON = "/usr/bin/python3";
const haveTwisted = spawnSync(PYTHON, ["-c", "import twisted"], { stdio: "ignore" }).status === 0;
const STEP = path.join(REPO, "lessons/25-process-pools/03-when-workers-fail");

/** Runs the step's TypeScript solution under `npm run serve`, in a process group that is killed at the end, whatever happens. */
function serveSolution(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), path.join(STEP, "solution/workers.ts")], {
      cwd: REPO,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (data: Buffer) => (stdout += data.toString()));
    child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // The group has ended already.
      }
    };
    const timer = setTimeout(killGroup, 150_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      killGroup();
      resolve({ code, stdout, stderr });
    });
  });
}

describe.skipIf(!haveTwisted)("npm run serve runs a process pool's workers as real processes", () => {
  it("prints what the Python twin prints on real Twisted: a crash and a timeout survived, 4 workers started", async () => {
    const served = await serveSolution();
    const twin = spawnSync(PYTHON, [path.join(STEP, "twin/workers.py")], { encoding: "utf8", timeout: 30_000 });
    const printed = served.stdout.split("\n").filter((line) => line && !/^\d{4}-\d\d-\d\d \S+ \[-\] /.test(line));
    expect(served.stderr).toBe("");
    expect(served.code).toBe(0);
    expect(printed.join("\n") + "\n").toBe(twin.stdout);
    expect(printed).toContain("the pool started 4 workers in all");
  }, 180_000);
});
