import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";
import { tuple } from "../twisted/spread/jelly";
import { pbRepr } from "./pb-command";

const SOURCE = readFileSync(new URL("../../test/fixtures/pb-finger.ts", import.meta.url), "utf8");

describe("the pb command (the tutorial's fingerPBclient.py)", () => {
  it("prints the root object and what the server sent", () => {
    const world = new World();
    world.start(SOURCE, "pb-finger.ts");
    const call = world.exec(["pb", "localhost:8889", "getUser", "moshez"]);
    world.advance(2);
    expect(call.stdout).toMatch(/^got object: <twisted\.spread\.pb\.RemoteReference object at 0x[0-9a-f]+>\nserver sent: Happy and well\n$/);
    expect(call.exitCode).toBe(0);
    const users = world.exec(["pb", "localhost:8889", "getUsers"]);
    world.advance(2);
    expect(users.stdout.split("\n")[1]).toBe("server sent: ['moshez', 'foo']");
  });

  it("reports a remote error, a refused connection and bad usage", () => {
    const world = new World();
    world.start(SOURCE, "pb-finger.ts");
    const missing = world.exec(["pb", "localhost:8889", "nosuch"]);
    const refused = world.exec(["pb", "localhost:9999", "getUser"]);
    const usage = world.exec(["pb", "getUser"]);
    world.advance(2);
    expect([missing.stderr, missing.exitCode]).toEqual(["remote error: twisted.spread.flavors.NoSuchMethod: No such method: remote_nosuch\n", 1]);
    expect(refused.stdout).toMatch(/^no object: \[Failure instance: .*ConnectionRefusedError/);
    expect(usage.exitCode).toBe(2);
  });

  it("writes values as Python's repr does", () => {
    expect(pbRepr([new TextEncoder().encode("b'x"), "it's", tuple(1), tuple(1, 2.5), null, true, { a: new Map([[1, 2]]) }])).toBe(
      `[b"b'x", "it's", (1,), (1, 2.5), None, True, {'a': {1: 2}}]`,
    );
  });
});
