/**
 * twisted.trial's report, engine against real Twisted 22.4: the same test
 * module (programs/trial/test_report.ts and its twin test_report.py), with a
 * test of every outcome (ok, fail, error, skip, a Deferred, a Clock, cleanups,
 * a dirty reactor), run by `npm run serve` and by real trial. The tree of
 * results, the order and grouping of the summary's sections, the test ids
 * and the final count must be the same; tracebacks and timings may differ.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../support/serve-harness";

const PYTHON = "/usr/bin/python3";
const programs = path.join(REPO, "test/differential/programs/trial");
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted.trial"], { stdio: "ignore" }).status === 0;

/** The parts of a trial report that do not depend on the language: result lines, section headings, test ids, the verdict. */
function skeleton(report: string): string[] {
  return report
    .split("\n")
    .filter((line) => /^\s*test_\w+ \.\.\. +\[\w+\]$/.test(line) || /^(  )?[A-Za-z_]+$/.test(line) || /^\[(OK|FAIL|ERROR|SKIPPED)\]$/.test(line) || /^test_report\.\w+\.test_\w+$/.test(line) || /^(PASSED|FAILED)/.test(line) || /^Ran \d+ tests/.test(line))
    .map((line) => line.replace(/^Ran (\d+) tests in [\d.]+s$/, "Ran $1 tests"));
}

describe.skipIf(!realTwisted)("trial's report, engine and real Twisted 22.4", () => {
  it("reports the same results in the same shape", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trial-"));
    try {
      fs.copyFileSync(path.join(programs, "test_report.py"), path.join(dir, "test_report.py"));
      const real = spawnSync(PYTHON, ["-m", "twisted.trial", "test_report"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      const engine = spawnSync(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), path.join(programs, "test_report.ts")], { cwd: REPO, encoding: "utf8", timeout: 60_000 });
      expect(real.status).toBe(1);
      expect(engine.status, engine.stderr).toBe(1);
      const expected = skeleton(real.stdout);
      expect(expected).toContain("FAILED (skips=1, failures=2, errors=2, successes=8)");
      expect(skeleton(engine.stdout)).toEqual(expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
