import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mayUseSqlite } from "./loader";

const lessonFile = (...parts: string[]) => readFileSync(new URL(`../../../lessons/${parts.join("/")}`, import.meta.url), "utf8");

describe("mayUseSqlite", () => {
  it("says yes for every chapter 23 program: each names adbapi or sqlite3", () => {
    for (const [step, file] of [
      ["01-run-a-query", "users.ts"],
      ["02-transactions", "users.ts"],
      ["03-finger-from-a-table", "finger.ts"],
    ]) {
      expect(mayUseSqlite([lessonFile("23-databases-with-adbapi", step!, "solution", file!)])).toBe(true);
    }
    expect(mayUseSqlite(["", 'import * as sqlite3 from "sqlite3";\nsqlite3.connect("a.db");'])).toBe(true);
  });

  it("says no for a program that never names them, such as a finger server", () => {
    expect(mayUseSqlite([lessonFile("02-finger-stage-1", "07-output-from-a-non-empty-factory", "solution", "finger.ts")])).toBe(false);
    expect(mayUseSqlite([])).toBe(false);
  });

  it("looks at every text it is given: a file on the host that opens a database counts", () => {
    expect(mayUseSqlite(['console.log("hi");', 'const pool = new adbapi.ConnectionPool("sqlite3", "x.db");'])).toBe(true);
  });
});
