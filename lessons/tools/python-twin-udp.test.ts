/**
 * The Python twin's driver carries out the UDP, multicast and Unix socket
 * check steps on real sockets, and gets the same transcripts as the
 * simulation for the same programs.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChecksFileSchema, SimulatedDriver, runCheck } from "../../engine";
import { PYTHON, PythonTwinDriver, realTwistedAvailable } from "./python-twin-driver";

function writeTwin(source: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "twin-")), "twin.py");
  writeFileSync(file, source);
  return file;
}

const parse = (scenario: unknown[]) => ChecksFileSchema.parse({ checks: [{ id: "c", title: "c", scenario }] }).checks[0]!;

/** True when a datagram sent to a multicast group comes back on this machine. */
function multicastWorks(): boolean {
  const probe = "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('',0))\ns.setsockopt(socket.IPPROTO_IP,socket.IP_ADD_MEMBERSHIP,socket.inet_aton('228.0.0.5')+socket.inet_aton('0.0.0.0'))\ns.settimeout(1)\ns.sendto(b'p',('228.0.0.5',s.getsockname()[1]))\nprint(s.recv(9).decode())";
  return spawnSync(PYTHON, ["-c", probe], { encoding: "utf8", timeout: 5000 }).stdout.trim() === "p";
}

const udpEcho = {
  twin: `
from twisted.internet import reactor, protocol
class Echo(protocol.DatagramProtocol):
    def datagramReceived(self, data, addr):
        self.transport.write(b"echo " + data, addr)
reactor.listenUDP(9999, Echo())
reactor.run()
`,
  solution: `
import { reactor, protocol } from "twisted/internet";
class Echo extends protocol.DatagramProtocol {
  datagramReceived(data: string, addr: [string, number]) { this.transport!.write("echo " + data, addr); }
}
reactor.listenUDP(9999, new Echo());
reactor.run();
`,
  check: parse([
    { udpSend: "client", port: 9999, data: "one" },
    { udpSend: "client", port: 9999, data: "two" },
    { expectUdp: "client", received: ["echo one", "echo two"] },
  ]),
};

const unixEcho = {
  twin: `
from twisted.internet import reactor, protocol, endpoints
class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)
endpoints.serverFromString(reactor, "unix:/tmp/echo.sock").listen(protocol.Factory.forProtocol(Echo))
reactor.run()
`,
  solution: `
import { reactor, protocol, endpoints } from "twisted/internet";
class Echo extends protocol.Protocol { dataReceived(data: string) { this.transport!.write(data); } }
endpoints.serverFromString(reactor, "unix:/tmp/echo.sock").listen(protocol.Factory.forProtocol(Echo));
reactor.run();
`,
  check: parse([
    { connect: "a", path: "/tmp/echo.sock" },
    { send: "a", data: "over the socket" },
    { expect: "a", received: "over the socket", state: "open" },
    { connect: "b", path: "/tmp/elsewhere.sock" },
    { expect: "b", state: "refused" },
  ]),
};

const multicastSender = {
  twin: `
from twisted.internet import reactor, protocol
class Announcer(protocol.DatagramProtocol):
    def startProtocol(self):
        self.transport.setLoopbackMode(1)
        self.transport.write(b"hello, group", ("228.0.0.5", 8005))
reactor.callLater(1, reactor.listenMulticast, 0, Announcer())
reactor.run()
`,
  solution: `
import { reactor, protocol } from "twisted/internet";
class Announcer extends protocol.DatagramProtocol {
  startProtocol() {
    this.transport!.setLoopbackMode(1);
    this.transport!.write("hello, group", ["228.0.0.5", 8005]);
  }
}
reactor.callLater(1, () => reactor.listenMulticast(0, new Announcer()));
reactor.run();
`,
  check: parse([
    { joinGroup: "alpha", group: "228.0.0.5", port: 8005 },
    { joinGroup: "beta", group: "228.0.0.5", port: 8005 },
    { expectUdp: "alpha", received: ["hello, group"] },
    { expectUdp: "beta", received: ["hello, group"] },
  ]),
};

describe.skipIf(!realTwistedAvailable())("UDP, multicast and Unix socket steps on a Python twin", () => {
  it("udpSend and expectUdp: real Twisted's echo gives the simulation's transcript", async () => {
    const real = await runCheck(new PythonTwinDriver(udpEcho.solution, writeTwin(udpEcho.twin)), udpEcho.check);
    const simulated = await runCheck(new SimulatedDriver(udpEcho.solution, "echo.ts"), udpEcho.check);
    expect(real.transcript).toEqual(['client: ["echo one","echo two"]']);
    expect(real.transcript).toEqual(simulated.transcript);
    expect(real.passed && simulated.passed).toBe(true);
  });

  it("connect with a path: the twin's Unix socket lives in its private folder, and a missing one is refused", async () => {
    const real = await runCheck(new PythonTwinDriver(unixEcho.solution, writeTwin(unixEcho.twin)), unixEcho.check);
    const simulated = await runCheck(new SimulatedDriver(unixEcho.solution, "echo.ts"), unixEcho.check);
    expect(real.transcript).toEqual(['a: "over the socket" open', 'b: "" refused']);
    expect(real.transcript).toEqual(simulated.transcript);
  });

  it.skipIf(!multicastWorks())("joinGroup: real listeners on this machine hear the twin's datagram to the group", async () => {
    const real = await runCheck(new PythonTwinDriver(multicastSender.solution, writeTwin(multicastSender.twin)), multicastSender.check);
    const simulated = await runCheck(new SimulatedDriver(multicastSender.solution, "mc.ts"), multicastSender.check);
    expect(real.transcript).toEqual(['alpha: ["hello, group"]', 'beta: ["hello, group"]']);
    expect(real.transcript).toEqual(simulated.transcript);
  });
});
