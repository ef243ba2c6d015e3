import { describe, expect, it } from "vitest";
import { World } from "./world";

const fingerServer = `
import { reactor, protocol, endpoints } from "twisted/internet";
import { basic } from "twisted/protocols";

class FingerProtocol extends basic.LineReceiver<FingerFactory> {
  lineReceived(user: string) {
    this.transport!.write(this.factory.getUser(user) + "\\r\\n");
    this.transport!.loseConnection();
  }
}

class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;
  constructor(private users: Record<string, string>) { super(); }
  getUser(user: string) { return this.users[user] ?? "No such user"; }
}

endpoints.serverFromString(reactor, "tcp:1079").listen(new FingerFactory({ moshez: "Happy and well" }));
reactor.run();
`;

describe("a world running a finger server", () => {
  it("answers a known user and closes the connection", () => {
    const world = new World();
    expect(world.start(fingerServer, "finger.ts")).toEqual({ status: "running" });
    const client = world.connect("localhost", 1079);
    world.runUntilIdle();
    expect(client.state).toBe("open");
    client.send("moshez\r\n");
    world.advanceTo(5, () => client.state === "closed");
    expect(client.received).toBe("Happy and well\r\n");
    expect(client.state).toBe("closed");
  });

  it("logs the factory starting on its port", () => {
    const world = new World();
    world.start(fingerServer, "finger.ts");
    expect(world.output.map((line) => line.text)).toEqual([
      "FingerFactory starting on 1079",
      "Starting factory <FingerFactory object>",
    ]);
  });

  it("waits for CRLF: a bare LF does not end a line", () => {
    const world = new World();
    world.start(fingerServer, "finger.ts");
    const client = world.connect("localhost", 1079);
    world.runUntilIdle();
    client.send("moshez\n");
    world.advanceTo(5);
    expect(client.received).toBe("");
    expect(client.state).toBe("open");
  });

  it("answers each of several clients whose lines arrive interleaved", () => {
    const world = new World();
    world.start(fingerServer, "finger.ts");
    const a = world.connect("localhost", 1079);
    const b = world.connect("localhost", 1079);
    world.runUntilIdle();
    a.send("mos");
    b.send("nob");
    world.runUntilIdle();
    b.send("ody\r\n");
    a.send("hez\r\n");
    world.advanceTo(1);
    expect(a.received).toBe("Happy and well\r\n");
    expect(b.received).toBe("No such user\r\n");
  });

  it("refuses connections when the program never calls reactor.run()", () => {
    const world = new World();
    const outcome = world.start(fingerServer.replace("reactor.run();", ""), "finger.ts");
    expect(outcome.status).toBe("exited");
    const client = world.connect("localhost", 1079);
    world.runUntilIdle();
    expect(client.state).toBe("refused");
  });

  it("reports a syntax error with its line", () => {
    const world = new World();
    const outcome = world.start("const x = ;\n", "finger.ts");
    expect(outcome.status).toBe("error");
    if (outcome.status === "error") expect(outcome.error.location?.line).toBe(1);
  });

  it("reports an exception at load time with the learner's line", () => {
    const world = new World();
    const outcome = world.start("const a = 1;\nnull!.boom();\n", "finger.ts");
    expect(outcome.status).toBe("error");
    if (outcome.status === "error") {
      expect(outcome.error.message).toMatch(/TypeError/);
      expect(outcome.error.location?.line).toBe(2);
    }
  });

  it("logs Unhandled Error and drops the connection when lineReceived throws", () => {
    const world = new World();
    world.start(fingerServer.replace("this.transport!.write(", "throw new Error('oops'); this.transport!.write("), "finger.ts");
    const client = world.connect("localhost", 1079);
    world.runUntilIdle();
    client.send("moshez\r\n");
    world.advanceTo(1);
    expect(client.state).toBe("closed");
    expect(client.received).toBe("");
    const errors = world.output.filter((line) => line.stream === "error");
    expect(errors[0]?.text).toMatch(/^Unhandled Error\nTraceback \(most recent call last\):\n  File "finger.ts", line \d+, in lineReceived/);
  });
});
