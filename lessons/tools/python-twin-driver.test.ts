import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChecksFileSchema, SimulatedDriver, runCheck } from "../../engine";
import { PythonTwinDriver, realTwistedAvailable } from "./python-twin-driver";

const check = ChecksFileSchema.parse({
  checks: [
    {
      id: "moshez",
      title: "moshez",
      scenario: [
        { connect: "a", port: 1079 },
        { send: "a", segments: ["mos", "hez\r\n"] },
        { expect: "a", received: "Happy and well\r\n", state: "closed" },
      ],
    },
  ],
}).checks[0]!;

const twin = (reply: string) => `
from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import basic

class P(basic.LineReceiver):
    def lineReceived(self, line):
        self.transport.write(${JSON.stringify(reply)}.encode() + b"\\r\\n")
        self.transport.loseConnection()

f = protocol.ServerFactory()
f.protocol = P
endpoints.serverFromString(reactor, "tcp:1079:interface=127.0.0.1").listen(f)
reactor.run()
`;

const solution = `
import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
class P extends basic.LineReceiver {
  lineReceived() { this.transport!.write("Happy and well\\r\\n"); this.transport!.loseConnection(); }
}
const f = new protocol.ServerFactory();
f.protocol = P;
endpoints.serverFromString(reactor, "tcp:1079").listen(f);
reactor.run();
`;

function writeTwin(reply: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "twin-")), "twin.py");
  writeFileSync(file, twin(reply));
  return file;
}

describe.skipIf(!realTwistedAvailable())("a Python twin on real Twisted", () => {
  it("imports a package of its own from beside it, as PYTHONPATH=. twistd -ny finds it, and its transcript matches the simulation's", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "twin-"));
    mkdirSync(path.join(dir, "finger"));
    writeFileSync(path.join(dir, "finger", "__init__.py"), "");
    // The library listens as it is imported (a small stand-in for makeService); the .tac only imports it.
    writeFileSync(path.join(dir, "finger", "finger.py"), twin("Happy and well").replace("reactor.run()", "").replace('"tcp:1079:interface=127.0.0.1"', '"tcp:1079"'));
    writeFileSync(path.join(dir, "finger.tac"), "from twisted.application import service\nfrom finger import finger\napplication = service.Application('finger')\n");
    const library = solution.replace("reactor.run();", "");
    // The .tac uses the module (TypeScript drops an import nothing uses; Python runs every import).
    const tac = `import { service } from "twisted/application";\nimport * as finger from "./finger/finger";\nexport const application = service.Application("finger");\nexport const library = finger;\n`;
    const real = await runCheck(new PythonTwinDriver(tac, path.join(dir, "finger.tac")), check);
    const simulated = await runCheck(new SimulatedDriver(tac, "finger.tac.ts", { files: { "finger/finger.ts": library } }), check);
    expect(real.transcript).toEqual(['a: "Happy and well\\r\\n" closed']);
    expect(real.transcript).toEqual(simulated.transcript);
  });

  it("gives the same transcript as the simulation when the programs agree", async () => {
    const real = await runCheck(new PythonTwinDriver(solution, writeTwin("Happy and well")), check);
    const simulated = await runCheck(new SimulatedDriver(solution, "finger.ts"), check);
    expect(real.transcript).toEqual(['a: "Happy and well\\r\\n" closed']);
    expect(real.transcript).toEqual(simulated.transcript);
  });

  it("gives a different transcript when the twin answers differently", async () => {
    const real = await runCheck(new PythonTwinDriver(solution, writeTwin("Sad")), check);
    expect(real.passed).toBe(false);
    expect(real.transcript).toEqual(['a: "Sad\\r\\n" closed']);
  });
});

const backendChecks = ChecksFileSchema.parse({
  checks: [
    {
      id: "fails",
      title: "a failing backend",
      scenario: [
        { patch: "getUser", port: 1079, fail: "the database is down" },
        { connect: "a", port: 1079 },
        { send: "a", data: "moshez\r\n" },
        { expect: "a", received: "Internal error in server\r\n", state: "closed" },
      ],
    },
    {
      id: "slow",
      title: "a slow backend",
      scenario: [
        { patch: "getUser", port: 1079, answer: "Sleepy", after: 1 },
        { connect: "a", port: 1079 },
        { send: "a", data: "moshez\r\n" },
        { expect: "a", state: "open", within: 0.5 },
        { expect: "a", received: "Sleepy\r\n", state: "closed", within: 2 },
      ],
    },
    {
      id: "stops",
      title: "SIGTERM",
      scenario: [
        { signal: "SIGTERM" },
        { expectOutput: "Main loop terminated.", within: 3 },
        { connect: "late", port: 1079 },
        { expect: "late", state: "refused" },
      ],
    },
  ],
}).checks;

const deferredSolution = `
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
class P extends basic.LineReceiver<F> {
  lineReceived(user: string) {
    this.factory.getUser(user).addErrback(() => "Internal error in server").addCallback((m: string) => {
      this.transport!.write(m + "\\r\\n");
      this.transport!.loseConnection();
    });
  }
}
class F extends protocol.ServerFactory {
  protocol = P;
  getUser(user: string) { return defer.succeed("Happy and well"); }
}
endpoints.serverFromString(reactor, "tcp:1079").listen(new F());
reactor.run();
`;

const deferredTwin = (ending: string) => `
from twisted.internet import defer, endpoints, protocol, reactor
from twisted.protocols import basic

class P(basic.LineReceiver):
    def lineReceived(self, user):
        d = self.factory.getUser(user)
        d.addErrback(lambda _: b"Internal error in server")
        d.addCallback(self.reply)
    def reply(self, message):
        self.transport.write(message + b"\\r\\n")
        self.transport.loseConnection()

class F(protocol.ServerFactory):
    protocol = P
    def getUser(self, user):
        return defer.succeed(b"Happy and well")
${ending}`;

const SCRIPT_ENDING = 'endpoints.serverFromString(reactor, "tcp:1079").listen(F())\nreactor.run()\n';
const TAC_ENDING = 'from twisted.application import service, strports\napplication = service.Application("finger")\nstrports.service("tcp:1079", F()).setServiceParent(application)\n';

function writeFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "twin-")), name);
  writeFileSync(file, text);
  return file;
}

describe.skipIf(!realTwistedAvailable())("fake backends, twistd and loopback in a Python twin", () => {
  it("a patch step replaces the factory's method in the real process, as in the simulation", async () => {
    const twin = writeFile("finger.py", deferredTwin(SCRIPT_ENDING));
    for (const check of backendChecks.slice(0, 2)) {
      const real = await runCheck(new PythonTwinDriver(deferredSolution, twin), check);
      const simulated = await runCheck(new SimulatedDriver(deferredSolution, "finger.ts"), check);
      expect(real.passed, real.detail).toBe(true);
      expect(real.transcript).toEqual(simulated.transcript);
    }
  });

  it("a .tac twin runs under twistd -n and stops on SIGTERM", async () => {
    const twin = writeFile("finger.tac", deferredTwin(TAC_ENDING));
    const driver = new PythonTwinDriver(deferredSolution, twin);
    const real = await runCheck(driver, backendChecks[2]!);
    expect(real.passed, real.detail).toBe(true);
    expect(driver.output()).toMatch(/Loaded\.[\s\S]*Received SIGTERM, shutting down\.[\s\S]*\(TCP Port 1079 Closed\)[\s\S]*Main loop terminated\./);
  });

  it("a twin that listens on every interface is moved to 127.0.0.1", async () => {
    const address = Object.values(networkInterfaces())
      .flat()
      .find((info) => info && info.family === "IPv4" && !info.internal)?.address;
    const driver = new PythonTwinDriver(deferredSolution, writeFile("finger.py", deferredTwin(SCRIPT_ENDING)));
    expect(await driver.start()).toBeNull();
    try {
      const loopback = driver.connect("127.0.0.1", 1079);
      const outside = address ? driver.connect(address, 1079) : null;
      await driver.wait(2, () => loopback.state !== "connecting" && (outside === null || outside.state !== "connecting"));
      expect(loopback.state).toBe("open");
      if (outside) expect(outside.state).toBe("refused");
    } finally {
      await driver.dispose();
    }
  });

  it("a twin reads the course's /etc/users, as the simulated program does, even after twistd switches to uid 1", async () => {
    const tac = [
      "from twisted.application import service, strports",
      "from twisted.internet import protocol",
      "from twisted.protocols import basic",
      "class P(basic.LineReceiver):",
      "    def lineReceived(self, line):",
      "        self.transport.write(self.factory.text + b'\\r\\n')",
      "        self.transport.loseConnection()",
      "class S(service.Service):",
      "    def startService(self):",
      "        with open('/etc/users', 'rb') as f:",
      "            factory.text = f.read().split(b'\\n')[0]",
      "        service.Service.startService(self)",
      "factory = protocol.ServerFactory()",
      "factory.protocol = P",
      "application = service.Application('finger', uid=1, gid=1)",
      "S().setServiceParent(application)",
      "strports.service('tcp:1079', factory).setServiceParent(application)",
    ].join("\n");
    const firstLine = ChecksFileSchema.parse({
      checks: [{ id: "users", title: "users", scenario: [
        { connect: "a", port: 1079 },
        { send: "a", data: "x\r\n" },
        { expect: "a", received: "moshez: happy and well\r\n", state: "closed" },
      ] }],
    }).checks[0]!;
    const real = await runCheck(new PythonTwinDriver(deferredSolution, writeFile("users.tac", tac)), firstLine);
    expect(real.passed, real.detail).toBe(true);
  });

  it("expectDelayedCalls counts the real reactor's delayed calls, while it runs and after SIGTERM", async () => {
    const ticker = (stop: string) =>
      [
        "from twisted.application import service",
        "from twisted.internet import reactor",
        "class Ticker(service.Service):",
        "    def tick(self):",
        "        self.call = reactor.callLater(30, self.tick)",
        "    def startService(self):",
        "        self.tick()",
        "        service.Service.startService(self)",
        "    def stopService(self):",
        `        ${stop}`,
        "application = service.Application('ticker')",
        "Ticker().setServiceParent(application)",
      ].join("\n");
    const counting = ChecksFileSchema.parse({
      checks: [{ id: "count", title: "count", scenario: [
        { expectDelayedCalls: 1 },
        { signal: "SIGTERM" },
        { expectOutput: "Main loop terminated.", within: 2 },
        { expectDelayedCalls: 0 },
      ] }],
    }).checks[0]!;
    const cancels = await runCheck(new PythonTwinDriver(deferredSolution, writeFile("cancels.tac", ticker("self.call.cancel()"))), counting);
    expect(cancels.passed, cancels.detail).toBe(true);
    expect(cancels.transcript.filter((line) => line.startsWith("delayed calls"))).toEqual(["delayed calls: 1", "delayed calls: 0"]);
    const forgets = await runCheck(new PythonTwinDriver(deferredSolution, writeFile("forgets.tac", ticker("pass"))), counting);
    expect(forgets.passed).toBe(false);
    expect(forgets.detail).toContain("found 1 (reactor.getDelayedCalls())");
  });

  it("a file: step on the learner's host is what the twin's open() reads next", async () => {
    const tac = [
      "from twisted.application import service, strports",
      "from twisted.internet import protocol",
      "from twisted.protocols import basic",
      "class P(basic.LineReceiver):",
      "    def lineReceived(self, line):",
      "        with open('/etc/users', 'rb') as f:",
      "            self.transport.write(f.read().replace(b'\\n', b'\\r\\n'))",
      "        self.transport.loseConnection()",
      "factory = protocol.ServerFactory()",
      "factory.protocol = P",
      "application = service.Application('finger', uid=1, gid=1)",
      "strports.service('tcp:1079', factory).setServiceParent(application)",
    ].join("\n");
    const rewritten = ChecksFileSchema.parse({
      checks: [{ id: "file", title: "file", scenario: [
        { file: "/etc/users", content: "moshez: away\n" },
        { connect: "a", port: 1079 },
        { send: "a", data: "x\r\n" },
        { expect: "a", received: "moshez: away\r\n", state: "closed" },
      ] }],
    }).checks[0]!;
    const real = await runCheck(new PythonTwinDriver(deferredSolution, writeFile("rewritten.tac", tac)), rewritten);
    expect(real.passed, real.detail).toBe(true);
  });
});

// A client that asks upstream.example about moshez through an endpoint, twice, and prints each reply or failure.
const askUpstreamSolution = `
import { defer, endpoints, protocol, reactor } from "twisted/internet";
class Q extends protocol.Protocol {
  got = "";
  connectionMade() { this.transport!.write("moshez\\r\\n"); }
  dataReceived(data: string) { this.got += data; }
  connectionLost() { this.factory.done.callback(this.got); }
}
function ask(): defer.Deferred<string> {
  const f = new protocol.ClientFactory();
  f.protocol = Q;
  (f as any).done = new defer.Deferred<string>();
  new endpoints.TCP4ClientEndpoint(reactor, "upstream.example", 79).connect(f).addErrback((e: any) => (f as any).done.errback(e));
  return (f as any).done;
}
const d = ask();
d.addCallback((got: string) => console.log("first: " + JSON.stringify(got)));
d.addCallback(() => reactor.callLater(1, () => ask().addCallbacks((got: string) => console.log("second: " + JSON.stringify(got)), (e: any) => console.log("second failed: " + e.getErrorMessage()))));
reactor.run();
`;

const askUpstreamTwin = `
import json
from twisted.internet import defer, endpoints, protocol, reactor
class Q(protocol.Protocol):
    got = b""
    def connectionMade(self):
        self.transport.write(b"moshez\\r\\n")
    def dataReceived(self, data):
        self.got += data
    def connectionLost(self, reason):
        self.factory.done.callback(self.got)
def ask():
    f = protocol.ClientFactory()
    f.protocol = Q
    f.done = defer.Deferred()
    endpoints.TCP4ClientEndpoint(reactor, "upstream.example", 79).connect(f).addErrback(f.done.errback)
    return f.done
def second():
    ask().addCallbacks(lambda got: print("second: " + json.dumps(got.decode())), lambda e: print("second failed: " + e.getErrorMessage()))
d = ask()
d.addCallback(lambda got: print("first: " + json.dumps(got.decode())))
d.addCallback(lambda _: reactor.callLater(1, second))
reactor.run()
`;

const upstreamChecks = ChecksFileSchema.parse({
  checks: [
    {
      id: "pieces",
      title: "the upstream answers in pieces, and is sent moshez twice",
      scenario: [
        { fingerd: "upstream.example", segments: ["Happy ", "and well\r\n"], gap: 0.3 },
        { expectOutput: 'second: "Happy and well\\r\\n"', within: 4 },
        { expectFingerd: "upstream.example", requests: ["moshez\r\n", "moshez\r\n"] },
      ],
    },
    {
      id: "refused",
      title: "the upstream stops between the two queries",
      scenario: [
        { fingerd: "upstream.example", reply: "Happy and well\r\n" },
        { expectOutput: "first:", within: 2 },
        { fingerd: "upstream.example", refuse: true },
        { expectOutput: "second failed:", within: 3 },
        { expectFingerd: "upstream.example", requests: ["moshez\r\n"] },
      ],
    },
  ],
}).checks;

describe.skipIf(!realTwistedAvailable())("an upstream finger server (fingerd:) for a Python twin", () => {
  it("is a real server its connections to that host are sent to, before and after the twin starts, with the simulation's transcript", async () => {
    const twin = writeFile("ask.py", askUpstreamTwin);
    for (const check of upstreamChecks) {
      const real = await runCheck(new PythonTwinDriver(askUpstreamSolution, twin), check);
      const simulated = await runCheck(new SimulatedDriver(askUpstreamSolution, "ask.ts"), check);
      expect(real.passed, real.detail).toBe(true);
      expect(simulated.passed, simulated.detail).toBe(true);
      expect(real.transcript).toEqual(simulated.transcript);
    }
  });
});
