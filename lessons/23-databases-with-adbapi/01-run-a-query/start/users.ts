// Read a table through adbapi: the query runs in a pool thread, the rows come back as a Deferred.
import { reactor } from "twisted/internet";
import { adbapi } from "twisted/enterprise";

// A pool of connections to one SQLite file. check_same_thread: false lets the reactor
// thread close the pool threads' connections when the reactor stops.
const dbpool = new adbapi.ConnectionPool("sqlite3", "users.db", { check_same_thread: false });

// Runs in a pool thread, with a cursor on that thread's connection: a fresh table of users.
function createUsers(txn: adbapi.Transaction) {
  txn.execute("drop table if exists users");
  txn.execute("create table users (name text primary key, plan text)");
  txn.executemany("insert into users values (?, ?)", [
    ["moshez", "Happy and well"],
    ["shawn", "Alive"],
  ]);
}

// Runs in the reactor thread once the query is done: one line per row.
function printUsers(rows: adbapi.Row[]) {
  console.log(`${rows.length} users:`);
  for (const [name, plan] of rows) console.log(`  ${name}: ${plan}`);
}

dbpool
  .runInteraction(createUsers)
  .addCallback(() => {
    // TODO: ask the pool for every user's name and plan, sorted by name, print "query sent",
    // and return the Deferred so that printUsers gets the rows.
    console.log("table created");
  })
  .addCallback(() => reactor.stop());

reactor.run();
