// adbapi over sqlite3: the same program as adbapi_semantics.py, on the engine.
import { defer, reactor } from "twisted/internet";
import { adbapi } from "twisted/enterprise";
import type { Failure } from "twisted/python/failure";
import { FilePath } from "twisted/python/filepath";
import { ValueError } from "builtins";

const file = new FilePath("adbapi-semantics.db");
if (file.exists()) file.remove();
const pool = new adbapi.ConnectionPool("sqlite3", "adbapi-semantics.db", { check_same_thread: false });

const show = (label: string) => (value: unknown) => console.log(label, JSON.stringify(value));
const failed = (label: string) => (f: Failure) => console.log(label, f.type.name, f.getErrorMessage());

function setup(txn: adbapi.Transaction) {
  txn.execute("create table users (name text unique, plan text)");
  txn.execute("insert into users values (?, ?)", ["moshez", "happy and well"]);
  const first = txn.lastrowid;
  txn.executemany("insert into users values (?, ?)", [["shawn", "alive"], ["glyph", "busy"]]);
  return [first, txn.rowcount];
}

function halfThenFail(txn: adbapi.Transaction, name: string): never {
  txn.execute("insert into users values (?, ?)", [name, "never seen"]);
  throw new ValueError("changed my mind about " + name);
}

function updateAndCount(txn: adbapi.Transaction) {
  txn.execute("update users set plan = ? where name != ?", ["away", "moshez"]);
  const count = txn.rowcount;
  txn.execute("select name from users order by name");
  return [count, txn.fetchone(), txn.fetchall()];
}

const main = defer.inlineCallbacks(function* () {
  yield pool.runInteraction(setup).addCallback(show("setup"));
  yield pool.runQuery("select * from users order by name").addCallback(show("rows"));
  yield pool.runInteraction(halfThenFail, "radix").addCallbacks(show("unexpected"), failed("rolled back"));
  yield pool.runQuery("select count(*) from users where name = ?", ["radix"]).addCallback(show("radix rows"));
  yield pool.runOperation("insert into users values ('moshez', 'again')").addCallbacks(show("unexpected"), failed("duplicate"));
  yield pool.runQuery("select * from nosuch").addCallbacks(show("unexpected"), failed("missing"));
  yield pool.runQuery("selec 1").addCallbacks(show("unexpected"), failed("syntax"));
  yield pool.runOperation("select 1; select 2").addCallbacks(show("unexpected"), failed("two"));
  yield pool.runInteraction(updateAndCount).addCallback(show("updated"));
  yield pool.runOperation("delete from users where name = ?", ["glyph"]).addCallback(show("deleted"));
  // Three queries asked at once: each Deferred fires, in the reactor thread, after this function returns.
  const order: unknown[] = [];
  const ds = [1, 2, 3].map((n) => pool.runQuery("select ?", [n]).addCallback((rows) => order.push(rows[0]![0])));
  console.log("asked three");
  yield defer.gatherResults(ds);
  console.log("answers", JSON.stringify([...order].sort()).replace(/,/g, ", "));
  yield pool.runQuery("select name, plan from users order by name").addCallback(show("final"));
  pool.close();
  const reopened = new adbapi.ConnectionPool("sqlite3", "adbapi-semantics.db", { cp_max: 1, check_same_thread: false });
  yield reopened.runQuery("select count(*) from users").addCallback(show("persisted"));
  reopened.close();
  try {
    new adbapi.ConnectionPool("nosuchdb", "x");
  } catch (e) {
    console.log("import", ...String((e as Error).message).split(/: (.*)/s, 2));
  }
  reactor.stop();
});

reactor.callWhenRunning(main);
reactor.run();
file.remove();
