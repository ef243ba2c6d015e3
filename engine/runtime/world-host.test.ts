import { describe, expect, it } from "vitest";
import { Factory, Protocol } from "../twisted/internet/protocol";
import { World } from "./world";

/** A finger server whose lookup takes 2 seconds, blocking or in a thread. */
const slowFinger = (lookup: "blocking" | "thread") => `
import { reactor, protocol, threads } from "twisted/internet";
import { basic } from "twisted/protocols";
import { sleep } from "time";

function slowLookup(user: string): string {
  sleep(2);
  return user + ": found\\r\\n";
}

class Finger extends basic.LineReceiver {
  lineReceived(user: string) {
    ${
      lookup === "blocking"
        ? "this.transport!.write(slowLookup(user)); this.transport!.loseConnection();"
        : "threads.deferToThread(slowLookup, user).addCallback((answer: string) => { this.transport!.write(answer); this.transport!.loseConnection(); });"
    }
  }
}
const f = new protocol.ServerFactory();
f.protocol = Finger;
reactor.listenTCP(1079, f);
reactor.run();
`;

function twoClients(lookup: "blocking" | "thread") {
  const world = new World();
  expect(world.start(slowFinger(lookup), "slow.ts")).toEqual({ status: "running" });
  const a = world.connect("localhost", 1079);
  const b = world.connect("localhost", 1079);
  world.runUntilIdle();
  a.send("alice\r\n");
  world.advance(0.5);
  b.send("bob\r\n");
  world.advance(10);
  return { a, b, world };
}

describe("threads: blocking code blocks, a thread does not", () => {
  it("a blocking lookup in lineReceived makes the second client wait for the first", () => {
    const { a, b, world } = twoClients("blocking");
    expect(a.received).toBe("alice: found\r\n");
    expect(b.received).toBe("bob: found\r\n");
    // Bob asked at 0.5, but the reactor was stuck in Alice's lookup until 2.
    expect([a.closedAt, b.closedAt]).toEqual([2, 4]);
    expect(world.seconds()).toBeGreaterThanOrEqual(10);
  });

  it("the same lookup in deferToThread lets the second client be served meanwhile", () => {
    const { a, b } = twoClients("thread");
    expect(b.received).toBe("bob: found\r\n");
    expect([a.closedAt, b.closedAt]).toEqual([2, 2.5]);
  });

  it("a pool of one thread runs the jobs one after the other", () => {
    const world = new World();
    world.start(slowFinger("thread").replace("reactor.run();", "reactor.suggestThreadPoolSize(1); reactor.run();"), "slow.ts");
    const a = world.connect("localhost", 1079);
    const b = world.connect("localhost", 1079);
    world.runUntilIdle();
    a.send("alice\r\n");
    b.send("bob\r\n");
    world.advance(1);
    expect(world.threads()).toEqual([{ name: "PoolThread-twisted.internet.reactor-1", job: "slowLookup", busyUntil: 2 }]);
    world.advance(10);
    expect([a.closedAt, b.closedAt]).toEqual([2, 4]);
  });

  it("callInThread and callFromThread: the thread hands its result back to the reactor", () => {
    const world = new World();
    world.start(
      `
import { reactor } from "twisted/internet";
import { sleep, time } from "time";
reactor.callInThread(() => {
  sleep(1.5);
  const t = time();
  reactor.callFromThread(() => console.log("back in the reactor at", reactor.seconds(), "thread said", t));
});
reactor.run();
`,
      "t.ts",
    );
    world.advance(3);
    expect(world.output.map((l) => l.text)).toContain("back in the reactor at 1.5 thread said 1.5");
  });
});

describe("the simulated host from a learner's program", () => {
  it("reads /etc/users with FilePath and accounts with pwd", () => {
    const world = new World({
      files: {
        "/etc/users": "moshez: happy and well\n",
        "/etc/passwd": "moshez:x:1000:1000:Moshe Zadka:/home/moshez:/bin/sh\n",
      },
    });
    world.start(
      `
import { filepath } from "twisted/python";
import { getpwnam } from "pwd";
console.log(new filepath.FilePath("/etc/users").getContent().trim());
console.log(getpwnam("moshez").pw_dir);
try { getpwnam("nobody"); } catch (e: any) { console.log(e.name + ": " + e.message); }
new filepath.FilePath("/home/moshez/.plan").setContent("Writing lessons");
`,
      "fs.ts",
    );
    expect(world.output.map((l) => l.text)).toEqual([
      "moshez: happy and well",
      "/home/moshez",
      "KeyError: getpwnam(): name not found: 'nobody'",
    ]);
    expect(world.readFile("/home/moshez/.plan")).toBe("Writing lessons");
    expect(world.listFiles("/home/moshez").map((e) => e.name)).toEqual([".plan"]);
  });

  it("runs finger09: getProcessOutput('finger', [user]) answers known users and fails on stderr", () => {
    const world = new World();
    world.start(
      `
import { reactor, protocol, utils, endpoints } from "twisted/internet";
import { basic } from "twisted/protocols";
class FingerProtocol extends basic.LineReceiver<FingerFactory> {
  lineReceived(user: string) {
    this.factory.getUser(user)
      .addErrback(() => "Internal error in server")
      .addCallback((m: string) => { this.transport!.write(m + "\\r\\n"); this.transport!.loseConnection(); });
  }
}
class FingerFactory extends protocol.ServerFactory {
  protocol = FingerProtocol;
  getUser(user: string) { return utils.getProcessOutput("finger", [user]); }
}
endpoints.serverFromString(reactor, "tcp:1079").listen(new FingerFactory());
reactor.run();
`,
      "finger09.ts",
    );
    const root = world.connect("localhost", 1079);
    const nobody = world.connect("localhost", 1079);
    const unknown = world.connect("localhost", 1079);
    world.runUntilIdle();
    root.send("root\r\n");
    nobody.send("nobody\r\n");
    unknown.send("nosuchuser\r\n");
    world.advance(1);
    expect(root.received).toBe(
      "Login: root           \t\t\tName: root\nDirectory: /root                    \tShell: /bin/bash\nNever logged in.\nNo mail.\nNo Plan.\n\r\n",
    );
    // The same bytes as Twisted 22.4 running the real finger09 on Debian (tutorial analysis, section 2).
    expect(nobody.received).toBe(
      "Login: nobody         \t\t\tName: nobody\nDirectory: /nonexistent             \tShell: /usr/sbin/nologin\nNever logged in.\nNo mail.\nNo Plan.\n\r\n",
    );
    expect(unknown.received).toBe("Internal error in server\r\n");
    expect(world.output.some((l) => l.stream === "error" && l.text.includes("ProcessDone"))).toBe(true);
  });

  it("answers a UDP datagram from a learner's DatagramProtocol", () => {
    const world = new World();
    world.start(
      `
import { reactor, protocol } from "twisted/internet";
class Echo extends protocol.DatagramProtocol {
  datagramReceived(data: string, addr: [string, number]) { this.transport!.write("echo " + data, addr); }
}
reactor.listenUDP(9999, new Echo());
reactor.run();
`,
      "udp.ts",
    );
    expect(world.listeningPorts()).toEqual([{ host: "localhost", transport: "UDP", interface: "0.0.0.0", port: 9999, owner: "Echo" }]);
  });
});

describe("what the world shows the shell", () => {
  it("runs shell commands on a host, and lists processes", () => {
    const world = new World({ files: { "/etc/users": "moshez: happy\n" } });
    const cat = world.exec(["cat", "/etc/users"]);
    const sleeper = world.exec(["sleep", "5"]);
    world.advance(1);
    expect(cat.stdout).toBe("moshez: happy\n");
    expect(cat.exitCode).toBe(0);
    expect(world.processes().map((p) => [p.command, p.state])).toEqual([
      ["cat /etc/users", "exited"],
      ["sleep 5", "running"],
    ]);
    sleeper.kill("INT");
    world.runUntilIdle();
    expect(world.processes()[1]).toMatchObject({ state: "exited", signal: 2 });
  });

  it("rm deletes a file and says what coreutils says when it cannot", () => {
    const world = new World({ files: { "/etc/users": "moshez: happy\n" } });
    const removed = world.exec(["rm", "/etc/users"]);
    const again = world.exec(["rm", "/etc/users"]);
    const directory = world.exec(["rm", "/etc"]);
    world.advance(1);
    expect(removed.exitCode).toBe(0);
    expect(world.fileSnapshot()["/etc/users"]).toBeUndefined();
    expect(again.stderr).toBe("rm: cannot remove '/etc/users': No such file or directory\n");
    expect(directory.stderr).toBe("rm: cannot remove '/etc': Is a directory\n");
    expect([again.exitCode, directory.exitCode]).toEqual([1, 1]);
  });

  it("netstat sees one machine: the learner's own ports and connection ends, not another host's", () => {
    const world = new World();
    const ircHost = world.addHost("irc.example.net");
    ircHost.listenTCP(6667, Factory.forProtocol(Protocol));
    world.start(
      `
import { reactor, protocol } from "twisted/internet";
reactor.listenTCP(79, protocol.Factory.forProtocol(protocol.Protocol));
reactor.connectTCP("irc.example.net", 6667, protocol.ClientFactory.forProtocol(protocol.Protocol));
reactor.run();
`,
      "bot.ts",
    );
    world.runUntilIdle();
    const learners = world.netstat();
    expect(learners.ports.map((port) => `${port.host}:${port.port}`)).toEqual(["localhost:79"]);
    expect(learners.connections.map((connection) => `${connection.host} ${connection.remote}`)).toEqual([`localhost ${ircHost.ip}:6667`]);
    const server = world.netstat("irc.example.net");
    expect(server.ports.map((port) => `${port.host}:${port.port}`)).toEqual(["irc.example.net:6667"]);
    expect(server.connections.map((connection) => `${connection.host} ${connection.local}`)).toEqual([`irc.example.net ${ircHost.ip}:6667`]);
  });

  it("lets a lesson add hosts and commands, and change network conditions", () => {
    const world = new World({ seed: 3 });
    world.addHost("livejournal.com");
    world.defineCommand("uptime", (proc) => {
      proc.stdout("up 3 days\n");
      return 0;
    }, "livejournal.com");
    const up = world.exec(["uptime"], {}, "livejournal.com");
    world.setNetworkConditions({ latency: 0.1, segmentation: "bytewise" });
    world.runUntilIdle();
    expect(up.stdout).toBe("up 3 days\n");
    expect(world.networkConditions()).toEqual({ latency: 0.1, segmentation: "bytewise", seed: 3, udpLoss: 0 });
    expect(() => world.exec(["ls"], {}, "nowhere")).toThrow(/no host named nowhere/);
  });
});
