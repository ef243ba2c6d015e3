import { beforeAll, describe, expect, it } from "vitest";
import { World } from "../../runtime/world";
import { loadSqlite } from "../../stdlib/sqlite3/loader";

beforeAll(async () => {
  await loadSqlite();
});

/** Runs a program (with reactor, defer, adbapi, sqlite3 and time imported) for `advance` virtual seconds. */
function run(body: string, advance = 10): { lines: string[]; timed: string[]; world: World } {
  const world = new World();
  const source = `
import { reactor, defer } from "twisted/internet";
import { adbapi } from "twisted/enterprise";
import * as sqlite3 from "sqlite3";
import * as time from "time";
${body}
`;
  const outcome = world.start(source, "db.ts");
  expect(["running", "exited"]).toContain(outcome.status);
  world.advance(advance);
  return { lines: world.output.map((line) => line.text), timed: world.output.map((line) => `${line.time} ${line.text}`), world };
}

describe("adbapi.ConnectionPool: Deferreds from the pool's threads", () => {
  it("runQuery fires its Deferred with the rows as arrays, in a later turn of the reactor", () => {
    const { lines } = run(`
const pool = new adbapi.ConnectionPool("sqlite3", "test.db", { check_same_thread: false });
pool.runOperation("create table users (name text, plan text)")
  .addCallback(() => pool.runOperation("insert into users values (?, ?)", ["moshez", "happy"]))
  .addCallback(() => {
    const d = pool.runQuery("select name, plan from users");
    console.log("asked, called:", d.called);
    return d;
  })
  .addCallback((rows) => console.log(JSON.stringify(rows)))
  .addCallback(() => reactor.stop());
reactor.run();
`);
    expect(lines).toEqual(["asked, called: false", '[["moshez","happy"]]', "Main loop terminated."]);
  });

  it("an interaction that returns commits; one that throws rolls back and its exception reaches the errback", () => {
    const { lines } = run(`
const pool = new adbapi.ConnectionPool("sqlite3", "bank.db", { check_same_thread: false });
class Overdrawn extends Error {}
function transfer(txn: adbapi.Transaction, amount: number) {
  txn.execute("update accounts set balance = balance - ? where name = 'alice'", [amount]);
  txn.execute("update accounts set balance = balance + ? where name = 'bob'", [amount]);
  txn.execute("select balance from accounts where name = 'alice'");
  if ((txn.fetchone()![0] as number) < 0) throw new Overdrawn("alice would be overdrawn");
  return amount;
}
const balances = () => pool.runQuery("select name, balance from accounts order by name").addCallback((rows) => console.log(JSON.stringify(rows)));
pool.runInteraction((txn) => {
  txn.execute("create table accounts (name text primary key, balance integer)");
  txn.executemany("insert into accounts values (?, ?)", [["alice", 10], ["bob", 0]]);
})
  .addCallback(() => pool.runInteraction(transfer, 4))
  .addCallback((moved) => console.log("moved", moved))
  .addCallback(balances)
  .addCallback(() => pool.runInteraction(transfer, 50))
  .addErrback((f) => console.log("failed:", f.check(Overdrawn) === Overdrawn, f.getErrorMessage()))
  .addCallback(balances)
  .addCallback(() => reactor.stop());
reactor.run();
`);
    expect(lines).toEqual([
      "moved 4",
      '[["alice",6],["bob",4]]',
      "failed: true alice would be overdrawn",
      '[["alice",6],["bob",4]]',
      "Main loop terminated.",
    ]);
  });

  it("SQLite's errors arrive as sqlite3's classes with SQLite's messages", () => {
    const { lines } = run(`
const pool = new adbapi.ConnectionPool("sqlite3", ":memory:", { cp_min: 1, cp_max: 1, check_same_thread: false });
const report = (f: any) => console.log(f.type.name, f.check(sqlite3.DatabaseError) !== null, f.getErrorMessage());
pool.runQuery("select * from users").addErrback(report)
  .addCallback(() => pool.runOperation("create table users (name text unique)"))
  .addCallback(() => pool.runOperation("insert into users values ('moshez')"))
  .addCallback(() => pool.runOperation("insert into users values ('moshez')"))
  .addErrback(report)
  .addCallback(() => pool.runOperation("insert into users values (?)", [{}]))
  .addErrback(report)
  .addCallback(() => reactor.stop());
reactor.run();
`);
    expect(lines.slice(0, 3)).toEqual([
      "OperationalError true no such table: users",
      "IntegrityError true UNIQUE constraint failed: users.name",
      "ProgrammingError true Error binding parameter 1: type 'dict' is not supported",
    ]);
  });

  it("runs interactions side by side in its threads: a slow one does not hold up a quick one", () => {
    const { timed } = run(`
const pool = new adbapi.ConnectionPool("sqlite3", ":memory:", { check_same_thread: false });
const slow = (txn: adbapi.Transaction, name: string, seconds: number) => { time.sleep(seconds); txn.execute("select ?", [name]); return txn.fetchall(); };
pool.runInteraction(slow, "slow", 3).addCallback((rows) => console.log(rows[0]![0]));
pool.runInteraction(slow, "quick", 1).addCallback((rows) => console.log(rows[0]![0]));
reactor.callLater(5, reactor.stop);
reactor.run();
`);
    expect(timed.slice(0, 2)).toEqual(["1 quick", "3 slow"]);
  });

  it("with cp_max 1, one thread runs the interactions one after the other", () => {
    const { timed } = run(`
const pool = new adbapi.ConnectionPool("sqlite3", ":memory:", { cp_min: 1, cp_max: 1 });
const slow = (txn: adbapi.Transaction, name: string, seconds: number) => { time.sleep(seconds); return name; };
pool.runInteraction(slow, "slow", 3).addCallback(console.log);
pool.runInteraction(slow, "quick", 1).addCallback(console.log);
reactor.callLater(5, reactor.stop);
reactor.run();
`);
    expect(timed.slice(0, 2)).toEqual(["3 slow", "4 quick"]);
  });

  it("keeps one connection per thread: a :memory: database is a different database in each of three threads", () => {
    const { lines } = run(`
const pool = new adbapi.ConnectionPool("sqlite3", ":memory:", { check_same_thread: false });
pool.runOperation("create table t (x)")
  .addCallback(() => pool.runQuery("select * from t"))
  .addCallbacks((rows) => console.log("same thread", JSON.stringify(rows)), (f) => console.log("another thread:", f.getErrorMessage()))
  .addCallback(() => reactor.stop());
reactor.run();
`);
    expect(lines[0]).toBe("another thread: no such table: t");
  });

  it("at shutdown closes its connections from the reactor thread: sqlite3 refuses unless check_same_thread is false, as in Twisted", () => {
    const { lines } = run(`
const pool = new adbapi.ConnectionPool("sqlite3", "t.db");
pool.runQuery("select 1").addCallback(() => pool.runQuery("select 2")).addCallback(() => reactor.stop());
reactor.run();
`);
    const failures = lines.filter((line) => line.startsWith("Connection close failed"));
    expect(failures).toHaveLength(2);
    expect(lines.join("\n")).toMatch(/ProgrammingError: SQLite objects created in a thread can only be used in that same thread\. The object was created in thread id \d+ and this is thread id 1\./);
  });

  it("close() stops the pool: an interaction asked for afterwards never runs", () => {
    const { lines, world } = run(`
const pool = new adbapi.ConnectionPool("sqlite3", ":memory:", { check_same_thread: false });
pool.runQuery("select 1").addCallback((rows) => {
  console.log("first", JSON.stringify(rows));
  pool.close();
  console.log("running", pool.running);
  pool.runQuery("select 2").addBoth((r) => console.log("never", r));
});
reactor.run();
`);
    expect(lines).toEqual(["first [[1]]", "running false"]);
    expect(world.reactorRunning).toBe(true);
  });

  it("names the DB-API module as Python imports it: another name raises ModuleNotFoundError", () => {
    const { lines } = run(`
try { new adbapi.ConnectionPool("MySQLdb", { db: "finger" }); } catch (e) { console.log((e as Error).message); }
`);
    expect(lines[0]).toBe("ModuleNotFoundError: No module named 'MySQLdb'");
  });
});

describe("sqlite3 over the simulated host's files", () => {
  it("writes the database to the file on commit: a second connection sees it, and the file is a real SQLite file", () => {
    const { lines, world } = run(`
const a = sqlite3.connect("/home/finger.db");
a.execute("create table users (name text)");
a.execute("insert into users values ('moshez')");
const b = sqlite3.connect("/home/finger.db");
console.log("before commit", JSON.stringify(b.execute("select * from users").fetchall()), a.in_transaction);
a.commit();
console.log("after commit", JSON.stringify(b.execute("select * from users").fetchall()), a.in_transaction);
a.execute("insert into users values ('shawn')");
a.rollback();
console.log("after rollback", JSON.stringify(b.execute("select name from users").fetchall()));
a.close();
try { a.execute("select 1"); } catch (e) { console.log((e as Error).name, (e as Error).message); }
`);
    expect(lines).toEqual([
      "before commit [] true",
      'after commit [["moshez"]] false',
      'after rollback [["moshez"]]',
      "ProgrammingError Cannot operate on a closed database.",
    ]);
    expect(world.readFile("/home/finger.db").startsWith("SQLite format 3\0")).toBe(true);
  });

  it("cannot open a database in a directory that does not exist", () => {
    const { lines } = run(`
try { sqlite3.connect("/no/such/dir/x.db"); } catch (e) { console.log((e as Error).name, (e as Error).message); }
`);
    expect(lines[0]).toBe("OperationalError unable to open database file");
  });
});

describe("adbapi's threads in the reactor view", () => {
  it("are listed after the reactor's own, named for the pool, with the interaction each is running", () => {
    const { world } = run(
      `
const pool = new adbapi.ConnectionPool("sqlite3", ":memory:", { cp_min: 2, cp_max: 2, check_same_thread: false });
pool.runInteraction(function slowReport(txn: adbapi.Transaction) { time.sleep(3); return 1; });
reactor.run();
`,
      1,
    );
    expect(world.threads()).toEqual([
      { name: "PoolThread-twisted.enterprise.adbapi.ConnectionPool-1", job: "slowReport", busyUntil: 3 },
      { name: "PoolThread-twisted.enterprise.adbapi.ConnectionPool-2", job: null, busyUntil: null },
    ]);
  });
});
