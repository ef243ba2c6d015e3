/**
 * SQLite loads only for programs that may open a database: a runner worker
 * that loaded it for every program paid for it before any could start.
 */
import { describe, expect, it } from "vitest";
import { sqliteLoaded } from "../stdlib/sqlite3/loader";
import { SimulatedDriver } from "./driver";

const FINGER = `import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
class FingerProtocol extends basic.LineReceiver {
  lineReceived(user: string) { this.sendLine("No such user"); this.transport!.loseConnection(); }
}
class FingerFactory extends protocol.ServerFactory { protocol = FingerProtocol; }
endpoints.serverFromString(reactor, "tcp:1079").listen(new FingerFactory());
reactor.run();`;

const DATABASE = `import * as sqlite3 from "sqlite3";
const db = sqlite3.connect("users.db");
db.execute("create table users (name text)");
console.log("tables: " + db.execute("select count(*) from sqlite_master").fetchone()![0]);`;

describe("SimulatedDriver and SQLite", () => {
  it("starts a program that never names SQLite without loading it, and one that opens a database with it", async () => {
    const finger = new SimulatedDriver(FINGER, "finger.ts");
    expect(await finger.start()).toBeNull();
    expect(sqliteLoaded()).toBe(false);
    await finger.signal("SIGTERM");

    const database = new SimulatedDriver(DATABASE, "users.ts");
    expect(await database.start()).toBeNull();
    expect(sqliteLoaded()).toBe(true);
    expect(database.stdout()).toEqual(["tables: 1"]);
  });
});
