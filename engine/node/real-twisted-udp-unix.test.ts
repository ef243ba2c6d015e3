/**
 * The real-network reactor's UDP, IP multicast and Unix domain sockets
 * against real Twisted (Debian's python3-twisted) on this machine: each side
 * talks to the other, and where both report an error they must report the
 * same text. Multicast needs a route for 224.0.0.0/4 (here, the default
 * route); without one those tests are skipped and say so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { installReactor } from "../twisted/internet/reactor";
import type { IReactor, UDPAddress } from "../twisted/internet/interfaces";
import { DatagramProtocol, Factory, Protocol } from "../twisted/internet/protocol";
import { clientFromString, serverFromString } from "../twisted/internet/endpoints";
import type { Failure } from "../twisted/python/failure";
import { NodeReactor } from "./node-reactor";
import { freePort } from "../../test/support/serve-harness";

const PYTHON = "/usr/bin/python3";
const GROUP = "228.0.0.5";
const twisted = fs.existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import twisted"]).status === 0;

/** True when this machine can send a datagram to a multicast group and hear it back (loopback mode). */
function multicastWorks(): boolean {
  if (!twisted) return false;
  const probe = [
    "import socket, struct",
    "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
    "s.bind(('', 0))",
    `s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton('${GROUP}') + socket.inet_aton('0.0.0.0'))`,
    "s.settimeout(1)",
    `s.sendto(b'probe', ('${GROUP}', s.getsockname()[1]))`,
    "print(s.recv(100).decode())",
  ].join("\n");
  return spawnSync(PYTHON, ["-c", probe], { encoding: "utf8", timeout: 5000 }).stdout.trim() === "probe";
}
const multicast = multicastWorks();

let reactor: NodeReactor;
let previous: IReactor;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  reactor = new NodeReactor({ installSignalHandlers: false });
  previous = installReactor(reactor);
  reactor.run();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "finger-unix-"));
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
  installReactor(previous);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A real Twisted program, in its own process group; `lines` collects what it prints. */
function python(source: string): { lines: string[]; done: Promise<void> } {
  const child = spawn(PYTHON, ["-u", "-c", source], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const lines: string[] = [];
  let buffer = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => {
    buffer += text;
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.setEncoding("utf8").on("data", (text: string) => lines.push(`stderr: ${text.trim()}`));
  const done = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { lines, done };
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

class Recorder extends DatagramProtocol {
  override noisy = false;
  readonly got: [string, UDPAddress][] = [];
  refused = 0;
  override datagramReceived(datagram: string, addr: UDPAddress): void {
    this.got.push([datagram, addr]);
  }
  override connectionRefused(): void {
    this.refused++;
  }
}

const PREAMBLE = "from twisted.internet import reactor, protocol, endpoints, error\nimport sys\n";

describe.skipIf(!twisted)("UDP, multicast and Unix sockets against real Twisted", () => {
  // Real Twisted's select reactor calls connectionRefused, as the engine does; its
  // default reactor on Linux (epoll) instead loses the port (stopProtocol) when
  // the ICMP error arrives, so this twin installs the select reactor.
  it("UDP: the engine's client gets real Twisted's echo, and connected UDP hears connectionRefused as Twisted's select reactor does", async () => {
    const port = await freePort();
    const closed = await freePort();
    const twin = python(`from twisted.internet import selectreactor
selectreactor.install()
${PREAMBLE}
class Echo(protocol.DatagramProtocol):
    def datagramReceived(self, data, addr):
        self.transport.write(b"echo " + data, addr)
class Refused(protocol.DatagramProtocol):
    def startProtocol(self):
        self.transport.connect("127.0.0.1", ${closed})
        self.transport.write(b"anyone?")
    def connectionRefused(self):
        print("connectionRefused")
reactor.listenUDP(${port}, Echo(), interface="127.0.0.1")
reactor.listenUDP(0, Refused())
reactor.callWhenRunning(print, "ready")
reactor.callLater(8, reactor.stop)
reactor.run()
`);
    await until(() => twin.lines.includes("ready"));
    const client = new Recorder();
    const udp = reactor.listenUDP(0, client);
    await until(() => udp.listening);
    udp.write("ping", ["127.0.0.1", port]);
    await until(() => client.got.length > 0);
    expect(client.got[0]).toEqual(["echo ping", ["127.0.0.1", port]]);
    const lonely = new Recorder();
    const connected = reactor.listenUDP(0, lonely);
    await until(() => connected.listening);
    connected.connect("127.0.0.1", closed);
    connected.write("anyone?");
    await until(() => lonely.refused > 0 && twin.lines.includes("connectionRefused")).catch((e) => {
      throw new Error(`${e}: engine heard ${lonely.refused}, twin said ${JSON.stringify(twin.lines)}`);
    });
    await udp.stopListening();
    await connected.stopListening();
  });

  it("Unix sockets: each side's client reaches the other's server, and a stale socket file fails both alike", async () => {
    const twistedSocket = path.join(dir, "twisted.sock");
    const engineSocket = path.join(dir, "engine.sock");
    const stale = path.join(dir, "stale.sock");
    fs.writeFileSync(stale, "");
    class Echo extends Protocol {
      override dataReceived(data: string): void {
        this.transport!.write(`engine echo ${data}`);
      }
    }
    const listening: unknown[] = [];
    serverFromString(reactor, `unix:${engineSocket}`)
      .listen(Factory.forProtocol(Echo))
      .addCallback((p) => listening.push(p));
    await until(() => listening.length === 1);
    const twin = python(`${PREAMBLE}
class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(b"twisted echo " + data)
class Ask(protocol.Protocol):
    def connectionMade(self):
        print("peer", self.transport.getPeer())
        self.transport.write(b"hi")
    def dataReceived(self, data):
        print("got", data.decode())
try:
    reactor.listenUNIX("${stale}", protocol.Factory.forProtocol(Echo))
except error.CannotListenError as e:
    print("stale", e)
endpoints.serverFromString(reactor, "unix:${twistedSocket}:lockfile=0").listen(protocol.Factory.forProtocol(Echo))
endpoints.clientFromString(reactor, "unix:${engineSocket}").connect(protocol.Factory.forProtocol(Ask))
endpoints.clientFromString(reactor, "unix:${dir}/missing.sock").connect(protocol.Factory.forProtocol(Ask)).addErrback(lambda f: print("missing", f.getErrorMessage()))
reactor.callWhenRunning(print, "ready")
reactor.callLater(8, reactor.stop)
reactor.run()
`);
    await until(() => twin.lines.includes("ready") && twin.lines.some((l) => l.startsWith("got")));
    expect(twin.lines).toContain(`peer UNIXAddress('${engineSocket}')`);
    expect(twin.lines).toContain("got engine echo hi");

    let received = "";
    class Ask extends Protocol {
      override connectionMade(): void {
        this.transport!.write("hello");
      }
      override dataReceived(data: string): void {
        received += data;
      }
    }
    clientFromString(reactor, `unix:path=${twistedSocket}`).connect(Factory.forProtocol(Ask));
    await until(() => received === "twisted echo hello");

    let staleError = "";
    try {
      reactor.listenUNIX(stale, Factory.forProtocol(Echo));
    } catch (thrown) {
      staleError = String(thrown);
    }
    await until(() => twin.lines.some((l) => l.startsWith("stale")));
    expect(`stale ${staleError.replace(/^CannotListenError: /, "")}`).toBe(twin.lines.find((l) => l.startsWith("stale")));

    const missing: string[] = [];
    clientFromString(reactor, `unix:${dir}/missing.sock`)
      .connect(Factory.forProtocol(Ask))
      .addErrback((f: Failure) => missing.push(`missing ${f.getErrorMessage()}`));
    await until(() => missing.length === 1 && twin.lines.some((l) => l.startsWith("missing")));
    expect(missing[0]).toBe(twin.lines.find((l) => l.startsWith("missing")));
    await (listening[0] as { stopListening(): PromiseLike<unknown> & { addCallback(f: () => void): unknown } }).stopListening();
    expect(fs.existsSync(engineSocket)).toBe(false);
  });

  it("Unix sockets: with a lockfile the engine removes a socket left by a dead owner, and its live lock refuses real Twisted with the engine's own words", async () => {
    const left = path.join(dir, "left.sock");
    // A socket file and a lock naming a pid that is not running: what a killed listener leaves.
    spawnSync(PYTHON, ["-c", `import socket; s = socket.socket(socket.AF_UNIX); s.bind("${left}"); s.close()`]);
    fs.symlinkSync("999999999", `${left}.lock`);
    const port = reactor.listenUNIX(left, Factory.forProtocol(Protocol), 50, 0o600, true);
    await until(() => port.listening);
    expect(fs.readlinkSync(`${left}.lock`)).toBe(String(process.pid));
    expect(fs.statSync(left).mode & 0o777).toBe(0o600);
    let engineError = "";
    try {
      reactor.listenUNIX(left, Factory.forProtocol(Protocol), 50, 0o666, true);
    } catch (thrown) {
      engineError = String(thrown).replace(/^CannotListenError: /, "");
    }
    // Real Twisted, another process, meets the engine's live lock.
    const twin = python(`${PREAMBLE}
try:
    reactor.listenUNIX("${left}", protocol.Factory(), wantPID=1)
except error.CannotListenError as e:
    print(e)
`);
    await twin.done;
    expect(twin.lines).toEqual([engineError]);
    expect(engineError).toBe(`Couldn't listen on any:b'${left}': Cannot acquire lock.`);
    await port.stopListening();
    expect(fs.existsSync(left) || fs.existsSync(`${left}.lock`)).toBe(false);
  });

  it.skipIf(!multicast)("multicast: real Twisted and the engine share a group port, and each hears the other's datagrams", async () => {
    const port = await freePort();
    const twin = python(`${PREAMBLE}
class Member(protocol.DatagramProtocol):
    def startProtocol(self):
        self.transport.setLoopbackMode(1)
        self.transport.joinGroup("${GROUP}").addCallback(lambda _: print("joined"))
    def datagramReceived(self, data, addr):
        print("got", data.decode())
        if data == b"Engine: Ping":
            self.transport.write(b"Twisted: Pong", ("${GROUP}", ${port}))
reactor.listenMulticast(${port}, Member(), listenMultiple=True)
reactor.callLater(8, reactor.stop)
reactor.run()
`);
    await until(() => twin.lines.includes("joined"));
    const member = new Recorder();
    const shared = reactor.listenMulticast(port, member, "", 8192, true);
    await until(() => shared.listening);
    const joined: unknown[] = [];
    shared.joinGroup(GROUP).addCallback((r) => joined.push(r));
    expect(joined).toEqual([null]);
    const sender = reactor.listenMulticast(0, new Recorder());
    await until(() => sender.listening);
    expect(sender.getLoopbackMode()).toBe(1);
    sender.write("Engine: Ping", [GROUP, port]);
    await until(() => twin.lines.includes("got Twisted: Pong") && member.got.some(([d]) => d === "Twisted: Pong"));
    expect(twin.lines).toContain("got Engine: Ping");
    // The engine's own member heard its ping too (same host, loopback mode on).
    expect(member.got.map(([d]) => d)).toContain("Engine: Ping");
    await shared.stopListening();
    await sender.stopListening();
  });

  it.skipIf(!multicast)("multicast: joinGroup errors read as real Twisted's", async () => {
    const twin = python(`${PREAMBLE}
p = reactor.listenMulticast(0, protocol.DatagramProtocol())
def show(d):
    d.addErrback(lambda f: print("error", f.getErrorMessage()))
show(p.joinGroup("${GROUP}"))
show(p.joinGroup("${GROUP}"))
show(p.joinGroup("10.0.0.1"))
show(p.leaveGroup("${GROUP}"))
show(p.leaveGroup("${GROUP}"))
reactor.callLater(0.5, reactor.stop)
reactor.run()
`);
    await twin.done;
    const port = reactor.listenMulticast(0, new Recorder());
    await until(() => port.listening);
    const engine: string[] = [];
    const show = (d: { addErrback(f: (failure: Failure) => unknown): unknown }) => d.addErrback((f: Failure) => engine.push(`error ${f.getErrorMessage()}`));
    show(port.joinGroup(GROUP));
    show(port.joinGroup(GROUP));
    show(port.joinGroup("10.0.0.1"));
    show(port.leaveGroup(GROUP));
    show(port.leaveGroup(GROUP));
    expect(engine).toEqual(twin.lines.filter((l) => l.startsWith("error")));
    expect(engine).toHaveLength(3);
    await port.stopListening();
  });
});

describe.runIf(twisted && !multicast)("multicast on this machine", () => {
  it("has no route for 224.0.0.0/4, so real multicast is proved in the simulation only", () => {
    expect(multicast).toBe(false);
  });
});
