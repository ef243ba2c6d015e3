import { beforeAll, describe, expect, it } from "vitest";
import { World } from "../../runtime/world";
import { loadSqlite } from "../../stdlib/sqlite3/loader";

beforeAll(async () => {
  await loadSqlite();
});

/** Runs `body` (a program that uses `pool`) on a fresh world and returns what it printed. */
function run(body: string, options: { files?: Record<string, string>; advance?: number } = {}): { lines: string[]; world: World } {
  const world = new World({ files: options.files });
  const source = `
import { reactor, defer } from "twisted/internet";
import { adbapi } from "twisted/enterprise";
import * as sqlite3 from "sqlite3";
${body}
`;
  const outcome = world.start(source, "db.ts");
  if (outcome.status !== "running" && outcome.status !== "finished") throw new Error(JSON.stringify(outcome));
  world.advance(options.advance ?? 5);
  return { lines: world.output.map((line) => line.text), world };
}

describe("adbapi.ConnectionPool over sqlite3", () => {
  it("runQuery fires its Deferred with the rows as arrays, later, in the reactor thread", () => {
    const { lines } = run(`
const pool = new adbapi.ConnectionPool("sqlite3", "test.db", { check_same_thread: false });
pool.runOperation("create table users (name text, plan text)")
  .addCallback(() => pool.runOperation("insert into users values (?, ?)", ["moshez", "happy"]))
  .addCallback(() => {
    const d = pool.runQuery("select name, plan from users");
    console.log("asked");
    return d;
  })
  .addCallback((rows) => console.log(JSON.stringify(rows)))
  .addCallback(() => reactor.stop());
reactor.run();
`);
    expect(lines).toEqual(["asked", '[["moshez","happy"]]']);
  });
});
