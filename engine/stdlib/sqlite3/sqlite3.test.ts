import { beforeAll, describe, expect, it } from "vitest";
import * as sqlite3 from ".";
import { loadSqlite } from "./loader";

beforeAll(async () => {
  await loadSqlite();
});

// Every expectation below is what Python 3.11's sqlite3 printed for the same calls.
describe("sqlite3 as Python 3.11 has it, over sql.js", () => {
  it("rowcount, lastrowid, description and the implicit transaction", () => {
    const c = sqlite3.connect(":memory:");
    let cur = c.execute("create table t (id integer primary key, name text, data blob, score real)");
    expect([cur.rowcount, cur.lastrowid, cur.description]).toEqual([-1, 0, null]);
    cur = c.execute("insert into t (name, data, score) values (:name, :data, :score)", { name: "a", data: new Uint8Array([0, 1]), score: 1.5 });
    expect([cur.rowcount, cur.lastrowid, c.in_transaction]).toEqual([1, 1, true]);
    c.commit();
    expect(c.in_transaction).toBe(false);
    cur = c.executemany("insert into t (name) values (?)", [["b"], ["c"]]);
    expect([cur.rowcount, cur.lastrowid]).toEqual([2, null]);
    cur = c.execute("select id, name, data, score from t order by id");
    expect(cur.description!.map((column) => column[0])).toEqual(["id", "name", "data", "score"]);
    expect(cur.fetchmany(2)).toEqual([
      [1, "a", new Uint8Array([0, 1]), 1.5],
      [2, "b", null, null],
    ]);
    expect(cur.fetchone()).toEqual([3, "c", null, null]);
    expect(cur.fetchone()).toBeNull();
  });

  it("executescript commits first and leaves no transaction; isolation_level null is autocommit; rollback undoes a delete", () => {
    const c = sqlite3.connect(":memory:");
    c.execute("create table t (id integer primary key)");
    c.executemany("insert into t values (?)", [[1], [2], [3]]);
    c.executescript("create table u (x); insert into u values (1);");
    expect(c.in_transaction).toBe(false);
    const a = sqlite3.connect(":memory:", { isolation_level: null });
    a.execute("create table v (x)");
    a.execute("insert into v values (1)");
    expect(a.in_transaction).toBe(false);
    expect(c.execute("delete from t where id > 1").rowcount).toBe(2);
    c.rollback();
    expect(c.execute("select count(*) from t").fetchall()).toEqual([[3]]);
  });

  it("refuses what Python refuses, with Python's messages", () => {
    const c = sqlite3.connect(":memory:");
    expect(() => c.execute("select 1; select 2")).toThrow(new sqlite3.ProgrammingError("You can only execute one statement at a time."));
    expect(() => c.execute("selec 1")).toThrow(new sqlite3.OperationalError('near "selec": syntax error'));
    expect(() => c.execute("select ?", [{}])).toThrow(new sqlite3.ProgrammingError("Error binding parameter 1: type 'dict' is not supported"));
    const cur = c.cursor();
    cur.close();
    expect(() => cur.execute("select 1")).toThrow(new sqlite3.ProgrammingError("Cannot operate on a closed cursor."));
    c.close();
    expect(() => c.execute("select 1")).toThrow(new sqlite3.ProgrammingError("Cannot operate on a closed database."));
    expect(new sqlite3.IntegrityError("x")).toBeInstanceOf(sqlite3.DatabaseError);
    expect(new sqlite3.OperationalError("x")).toBeInstanceOf(sqlite3.Error);
  });

  it("is DB-API 2.0 with qmark parameters, over a real SQLite", () => {
    expect([sqlite3.apilevel, sqlite3.paramstyle]).toEqual(["2.0", "qmark"]);
    expect(sqlite3.sqlite_version()).toMatch(/^3\.\d+\.\d+$/);
  });
});
