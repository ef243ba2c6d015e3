import { describe, expect, it } from "vitest";
import { World } from "../runtime/world";

function ask(world: World, host: string, line: string, port = 79) {
  const client = world.connect(host, port);
  world.advance(0.01);
  world.enter(() => client.send(line));
  return client;
}

describe("scripted finger daemons", () => {
  it("answers a query with its reply, closes, and keeps what was sent", () => {
    const world = new World();
    world.serveFinger("fingerhost.example", { segments: ["Happy and well\r\n"] });
    const client = ask(world, "fingerhost.example", "moshez\r\n");
    world.advance(1);
    expect(client.received).toBe("Happy and well\r\n");
    expect(client.state).toBe("closed");
    expect(world.fingerRequests("fingerhost.example")).toEqual(["moshez\r\n"]);
    // Scenery: its port is not the program's business, so nothing is logged.
    expect(world.output).toEqual([]);
  });

  it("waits for the whole line, then writes its pieces with pauses between them", () => {
    const world = new World();
    world.serveFinger("localhost", { segments: ["Happy ", "and ", "well\r\n"], gap: 0.5, delay: 1 });
    const client = world.connect("127.0.0.1", 79);
    world.advance(0.01);
    world.enter(() => client.send("mos"));
    world.advance(2);
    expect(client.received).toBe("");
    world.enter(() => client.send("hez\r\n"));
    world.advance(1.2);
    expect(client.received).toBe("Happy ");
    world.advance(0.5);
    expect(client.received).toBe("Happy and ");
    expect(client.state).toBe("open");
    world.advance(0.5);
    expect(client.received).toBe("Happy and well\r\n");
    expect(client.state).toBe("closed");
    // "localhost" and 127.0.0.1 are the same (the learner's) host.
    expect(world.fingerRequests("localhost")).toEqual(["moshez\r\n"]);
  });

  it("keeps one entry per connection, even one that closes before the answer", () => {
    const world = new World();
    world.serveFinger("up.example", { segments: ["x\r\n"], delay: 2 });
    const early = ask(world, "up.example", "first\r\n");
    world.enter(() => early.close());
    world.advance(3);
    const later = ask(world, "up.example", "second\r\n");
    world.advance(3);
    expect(later.received).toBe("x\r\n");
    expect(world.fingerRequests("up.example")).toEqual(["first\r\n", "second\r\n"]);
  });

  it("stops, so connections are refused", () => {
    const world = new World();
    world.serveFinger("up.example", { segments: ["x\r\n"] });
    world.serveFinger("up.example", null);
    const client = world.connect("up.example", 79);
    world.advance(1);
    expect(client.state).toBe("refused");
    expect(world.fingerRequests("nowhere.example")).toEqual([]);
  });
});

describe("finger.example.org", () => {
  it("is on every world's Internet and answers like the tutorial's finger11", () => {
    const world = new World();
    const moshez = ask(world, "finger.example.org", "moshez\r\n");
    const nobody = ask(world, "finger.example.org", "nobody\r\n");
    world.advance(1);
    expect(moshez.received).toBe("Happy and well\r\n");
    expect(nobody.received).toBe("No such user\r\n");
    expect(world.output).toEqual([]);
  });
});
