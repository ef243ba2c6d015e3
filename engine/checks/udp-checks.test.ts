import { describe, expect, it } from "vitest";
import { runChecks } from "./run-checks";
import { ChecksFileSchema } from "./scenario";

const echoProgram = (reply: string) => `
import { reactor, protocol } from "twisted/internet";
class Echo extends protocol.DatagramProtocol {
  datagramReceived(data: string, addr: [string, number]) {
    this.transport!.write(${reply}, addr);
  }
}
reactor.listenUDP(9999, new Echo());
reactor.run();
`;

const udpChecks = ChecksFileSchema.parse({
  checks: [
    {
      id: "echo",
      title: "Each datagram comes back",
      scenario: [
        { udpSend: "client", port: 9999, data: "one" },
        { udpSend: "client", port: 9999, data: "two" },
        { expectUdp: "client", received: ["one", "two"] },
      ],
    },
  ],
}).checks;

const multicastProgram = (loopback: string) => `
import { reactor, protocol } from "twisted/internet";
class Announcer extends protocol.DatagramProtocol {
  startProtocol() {
    this.transport!.setLoopbackMode(${loopback});
    this.transport!.write("hello, group", ["228.0.0.5", 8005]);
  }
}
reactor.callLater(1, () => reactor.listenMulticast(0, new Announcer()));
reactor.run();
`;

const groupChecks = ChecksFileSchema.parse({
  checks: [
    {
      id: "every-member",
      title: "Listeners on two hosts and on this one all hear the announcement",
      scenario: [
        { joinGroup: "alpha", group: "228.0.0.5", port: 8005 },
        { joinGroup: "beta", group: "228.0.0.5", port: 8005 },
        { joinGroup: "local", group: "228.0.0.5", port: 8005, host: "localhost" },
        { expectUdp: "alpha", received: ["hello, group"] },
        { expectUdp: "beta", received: ["hello, group"] },
        { expectUdp: "local", received: ["hello, group"] },
      ],
    },
  ],
}).checks;

const unixProgram = (path: string) => `
import { reactor, protocol, endpoints } from "twisted/internet";
class Echo extends protocol.Protocol {
  dataReceived(data: string) { this.transport!.write(data); }
}
endpoints.serverFromString(reactor, "unix:${path}").listen(protocol.Factory.forProtocol(Echo));
reactor.run();
`;

const unixChecks = ChecksFileSchema.parse({
  checks: [
    {
      id: "unix-echo",
      title: "The socket at /tmp/echo.sock echoes",
      scenario: [
        { connect: "a", path: "/tmp/echo.sock" },
        { send: "a", data: "hi" },
        { expect: "a", received: "hi", state: "open" },
      ],
    },
  ],
}).checks;

describe("UDP, multicast and Unix socket check steps in the simulation", () => {
  it("udpSend and expectUdp pass against an echo server and fail, saying what came back, against a wrong one", async () => {
    const [good] = await runChecks(echoProgram("data"), "echo.ts", udpChecks);
    expect(good).toMatchObject({ passed: true });
    const [bad] = await runChecks(echoProgram("data.toUpperCase()"), "echo.ts", udpChecks);
    expect(bad!.passed).toBe(false);
    expect(bad!.detail).toContain('Expected client to receive "one", "two" within 5 s; it received "ONE", "TWO".');
  });

  it("joinGroup listeners on other hosts hear a group datagram; the sender's own host only with loopback mode on", async () => {
    const [on] = await runChecks(multicastProgram("1"), "mc.ts", groupChecks);
    expect(on).toMatchObject({ passed: true });
    const [off] = await runChecks(multicastProgram("0"), "mc.ts", groupChecks);
    expect(off!.passed).toBe(false);
    expect(off!.detail).toContain('Expected local to receive "hello, group" within 5 s; it received nothing.');
  });

  it("connect with a path reaches a Unix domain socket, and a missing one is refused", async () => {
    const [good] = await runChecks(unixProgram("/tmp/echo.sock"), "unix.ts", unixChecks);
    expect(good).toMatchObject({ passed: true });
    const [missing] = await runChecks(unixProgram("/tmp/other.sock"), "unix.ts", unixChecks);
    expect(missing!.passed).toBe(false);
    expect(missing!.detail).toContain("Connected to /tmp/echo.sock");
  });

  it("rejects a connect step with both a port and a path, and a joinGroup to a unicast address", () => {
    expect(() => ChecksFileSchema.parse({ checks: [{ id: "x", title: "x", scenario: [{ connect: "a", port: 1, path: "/tmp/x" }] }] })).toThrow(
      "give exactly one of port (TCP) or path (a Unix socket)",
    );
    expect(() => ChecksFileSchema.parse({ checks: [{ id: "x", title: "x", scenario: [{ joinGroup: "a", group: "10.0.0.1", port: 9 }] }] })).toThrow(
      "a multicast group address",
    );
  });
});
