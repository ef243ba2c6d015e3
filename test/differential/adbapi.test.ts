/**
 * adbapi over sqlite3, three ways: the same program on the simulated reactor
 * (sql.js over the simulated host's file), on the NodeReactor
 * (`npm run serve`: sql.js over a real file) and its Python twin on real
 * Twisted 22.4 with Python's sqlite3. Commit, rollback with the Failure in the
 * errback, SQLite's own error messages, rowcount and lastrowid, three queries
 * at once, and a database that outlives its pool.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { World } from "../../engine/runtime/world";
import { loadSqlite } from "../../engine/stdlib/sqlite3/loader";
import { REPO } from "../support/serve-harness";

const PYTHON = "/usr/bin/python3";
const programs = path.join(REPO, "test/differential/programs");
const realTwisted = spawnSync(PYTHON, ["-c", "import twisted.enterprise.adbapi, sqlite3"], { stdio: "ignore" }).status === 0;

/** What real Twisted 22.4 prints for adbapi_semantics.py (also checked live below where it is installed). */
const TWISTED_TRANSCRIPT = [
  "setup [1,2]",
  'rows [["glyph","busy"],["moshez","happy and well"],["shawn","alive"]]',
  "rolled back ValueError changed my mind about radix",
  "radix rows [[0]]",
  "duplicate IntegrityError UNIQUE constraint failed: users.name",
  "missing OperationalError no such table: nosuch",
  'syntax OperationalError near "selec": syntax error',
  "two ProgrammingError You can only execute one statement at a time.",
  'updated [2,["glyph"],[["moshez"],["shawn"]]]',
  "deleted null",
  "asked three",
  "answers [1, 2, 3]",
  'final [["moshez","happy and well"],["shawn","away"]]',
  "persisted [[2]]",
  "import ModuleNotFoundError No module named 'nosuchdb'",
];

beforeAll(async () => {
  await loadSqlite();
});

describe("adbapi over sqlite3, as real Twisted runs it", () => {
  it("on the simulated reactor, with the database in the simulated host's file", () => {
    const world = new World();
    const source = fs.readFileSync(path.join(programs, "adbapi-semantics.ts"), "utf8");
    expect(world.start(source, "adbapi-semantics.ts")).toEqual({ status: "running" });
    world.advance(5);
    expect(world.output.filter((line) => line.stream === "stdout").map((line) => line.text)).toEqual(TWISTED_TRANSCRIPT);
    expect(world.output.some((line) => line.stream === "stderr")).toBe(false);
  });

  it("on the NodeReactor (npm run serve), with the database in a real file", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "adbapi-"));
    try {
      const result = spawnSync(path.join(REPO, "node_modules/.bin/tsx"), [path.join(REPO, "engine/node/serve.ts"), path.join(programs, "adbapi-semantics.ts")], {
        cwd,
        encoding: "utf8",
        timeout: 30_000,
        killSignal: "SIGKILL",
      });
      expect(result.status, result.stderr).toBe(0);
      const lines = result.stdout.split("\n").filter((line) => line !== "" && !/^\d{4}-\d\d-\d\d \S+ \[-\]/.test(line));
      expect(lines).toEqual(TWISTED_TRANSCRIPT);
      expect(fs.readdirSync(cwd)).toEqual([]);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 40_000);

  it.skipIf(!realTwisted)("on real Twisted with Python's sqlite3 (the twin)", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "adbapi-"));
    try {
      const result = spawnSync(PYTHON, [path.join(programs, "adbapi_semantics.py")], { cwd, encoding: "utf8", timeout: 20_000, killSignal: "SIGKILL" });
      expect(result.stdout.trim().split("\n"), result.stderr).toEqual(TWISTED_TRANSCRIPT);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 30_000);
});
