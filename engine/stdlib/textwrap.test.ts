import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { wrap } from "./textwrap";

const PYTHON = "/usr/bin/python3";
const havePython = spawnSync(PYTHON, ["-c", "import textwrap"], { stdio: "ignore" }).status === 0;

const CASES: [string, number][] = [
  ["Display this help and exit.", 20],
  ["Run in foreground, don't daemonize (never on Windows). Set umask for daemon process", 46],
  ["Name of the pidfile [default: twistd.pid]", 12],
  ["a self-contained well-known re-implementation of twisted.python.usage", 15],
  ["averyveryverylongwordwithouthyphens and-a-hyphenated-averyveryverylongword", 10],
  ["Display this help and\n        exit. Several   spaces stay.", 30],
  ["tabs\there and\tthere", 9],
  ["em--dash between -- words and --long-option=value here", 14],
  ["", 10],
  ["   leading and trailing   ", 8],
  ["xxx", 1],
];

describe("textwrap.wrap", () => {
  it("wraps a paragraph between words", () => {
    expect(wrap("Display this help and exit.", 12)).toEqual(["Display this", "help and", "exit."]);
  });

  it("refuses a width below 1 as Python does", () => {
    expect(() => wrap("x", 0)).toThrow("invalid width 0 (must be > 0)");
  });

  it.skipIf(!havePython)("breaks every case where Python's textwrap breaks it", () => {
    const cases = CASES.map(([text, width]) => [text, width]);
    const result = spawnSync(PYTHON, ["-c", "import json,sys,textwrap; print(json.dumps([textwrap.wrap(t, w) for t, w in json.load(sys.stdin)]))"], {
      input: JSON.stringify(cases),
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    expect(cases.map(([text, width]) => wrap(text as string, width as number))).toEqual(JSON.parse(result.stdout));
  });
});
