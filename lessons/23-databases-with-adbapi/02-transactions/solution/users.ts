// Several statements as one transaction: committed when the interaction returns, rolled back when it raises.
import { reactor } from "twisted/internet";
import { adbapi } from "twisted/enterprise";
import type { failure } from "twisted/python";
import { ValueError } from "builtins";

const dbpool = new adbapi.ConnectionPool("sqlite3", "users.db", { check_same_thread: false });

function createUsers(txn: adbapi.Transaction) {
  txn.execute("drop table if exists users");
  txn.execute("create table users (name text primary key, plan text)");
  txn.executemany("insert into users values (?, ?)", [
    ["moshez", "Happy and well"],
    ["shawn", "Alive"],
  ]);
}

// Runs in a pool thread. Adds a user, then counts the users: both statements are one transaction.
function addUser(txn: adbapi.Transaction, name: string, plan: string) {
  txn.execute("insert into users values (?, ?)", [name, plan]);
  if (plan === "") throw new ValueError(`empty plan for ${name}`);
  txn.execute("select count(*) from users");
  return txn.fetchone()![0];
}

const added = (name: string) => (count: unknown) => console.log(`added ${name} (${count} users)`);
const failed = (f: failure.Failure) => console.log(`failed: ${f.type.name}: ${f.getErrorMessage()}`);

dbpool
  .runInteraction(createUsers)
  .addCallback(() => dbpool.runInteraction(addUser, "alice", "Writing a compiler"))
  .addCallbacks(added("alice"), failed)
  .addCallback(() => dbpool.runInteraction(addUser, "bob", ""))
  .addCallbacks(added("bob"), failed)
  .addCallback(() => dbpool.runInteraction(addUser, "moshez", "Happy again"))
  .addCallbacks(added("moshez"), failed)
  .addCallback(() => dbpool.runQuery("select name from users order by name"))
  .addCallback((rows) => console.log("users: " + rows.map((row) => row[0]).join(", ")))
  .addCallback(() => reactor.stop());

reactor.run();
