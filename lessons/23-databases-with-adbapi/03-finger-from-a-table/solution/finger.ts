// A finger server whose users live in a SQLite table.
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { adbapi } from "twisted/enterprise";

class FingerProtocol extends basic.LineReceiver<FingerFactory> {
  lineReceived(user: string) {
    const d = this.factory.getUser(user);
    d.addErrback(() => "Internal error in server");
    d.addCallback((message: string) => {
      this.transport!.write(message + "\r\n");
      this.transport!.loseConnection();
    });
  }
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;

  constructor(private dbpool: adbapi.ConnectionPool) {
    super();
  }

  // The user's plan from the table: the name goes in as a parameter, never into the SQL text.
  getUser(user: string): defer.Deferred<string> {
    return this.dbpool
      .runQuery("select plan from users where name = ?", [user])
      .addCallback((rows) => (rows.length > 0 ? String(rows[0]![0]) : "No such user"));
  }
}

function createUsers(txn: adbapi.Transaction) {
  txn.execute("create table if not exists users (name text primary key, plan text)");
  txn.execute("insert or replace into users values ('moshez', 'Happy and well')");
  txn.execute("insert or replace into users values ('shawn', 'Alive')");
}

const dbpool = new adbapi.ConnectionPool("sqlite3", "finger.db", { check_same_thread: false });
dbpool.runInteraction(createUsers);
const fingerEndpoint = endpoints.serverFromString(reactor, "tcp:1079");
fingerEndpoint.listen(new FingerFactory(dbpool));
reactor.run();
