/**
 * Differential tests: every scenario runs on real Twisted (Debian's
 * python3-twisted under /usr/bin/python3, one process for all of them) and
 * on the engine, and the two transcripts must be identical. Without Twisted
 * the tests are skipped, with the reason printed.
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { discardUnhandledErrors } from "../../engine/twisted/internet/defer-debug";
import { flushUnhandled } from "./harness";
import { allScenarios } from "./index";

/** The Python with Twisted; TWISTED_PYTHON overrides it (e.g. to check the skip path). */
const PYTHON = process.env.TWISTED_PYTHON ?? "/usr/bin/python3";
const here = dirname(fileURLToPath(import.meta.url));

function runTwisted(): { transcripts: Record<string, string[]> } | { skip: string } {
  try {
    execFileSync(PYTHON, ["-c", "import twisted"], { stdio: "pipe" });
  } catch {
    return { skip: `${PYTHON} cannot import twisted: install python3-twisted to run the differential tests` };
  }
  const out = execFileSync(PYTHON, [join(here, "run_scenarios.py")], { encoding: "utf8", maxBuffer: 64 << 20, stdio: "pipe" });
  return { transcripts: JSON.parse(out) as Record<string, string[]> };
}

const twisted = runTwisted();
if ("skip" in twisted) console.warn(`SKIPPED differential tests: ${twisted.skip}`);

async function runEngine(run: (log: (line: string) => void) => void | Promise<void>): Promise<string[]> {
  discardUnhandledErrors();
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
  };
  try {
    await run(log);
  } catch (e) {
    lines.push(`scenario raised ${e instanceof Error ? (e.message ? `${e.name}: ${e.message}` : e.name) : String(e)}`);
  }
  flushUnhandled(log);
  return lines;
}

describe.skipIf("skip" in twisted)("the engine matches Twisted 22.4", () => {
  const transcripts = "transcripts" in twisted ? twisted.transcripts : {};

  it("has the same scenarios on both sides", () => {
    expect(allScenarios.map((s) => s.name).sort()).toEqual(Object.keys(transcripts).sort());
    expect(new Set(allScenarios.map((s) => s.name)).size).toBe(allScenarios.length);
  });

  for (const scenario of allScenarios) {
    it(scenario.name, async () => {
      expect(await runEngine(scenario.run)).toEqual(transcripts[scenario.name]);
    });
  }
});
