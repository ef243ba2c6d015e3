import { describe, expect, it } from "vitest";
import { runChecks } from "./run-checks";
import { ChecksFileSchema, type Check } from "./scenario";

function checks(...raw: unknown[]): Check[] {
  return ChecksFileSchema.parse({ checks: raw.map((c, i) => ({ id: `c${i}`, title: `check ${i}`, ...(c as object) })) }).checks;
}

/** A finger server whose protocol handles getUser's Deferred, with `backend` as its getUser. */
const server = (backend: string) => `
import { defer, endpoints, protocol, reactor, utils } from "twisted/internet";
import { basic } from "twisted/protocols";
import { client } from "twisted/web";
class P extends basic.LineReceiver<F> {
  lineReceived(user: string) {
    const d = this.factory.getUser(user);
    d.addErrback(() => "Internal error in server");
    d.addCallback((message: string) => {
      this.transport!.write(message + "\\r\\n");
      this.transport!.loseConnection();
    });
  }
}
class F extends protocol.ServerFactory {
  protocol = P;
  getUser(user: string): defer.Deferred<string> {
    ${backend}
  }
}
endpoints.serverFromString(reactor, "tcp:1079").listen(new F());
reactor.run();
`;

const DICT = 'return defer.succeed(user === "moshez" ? "Happy and well" : "No such user");';
const PROCESS = 'return utils.getProcessOutput("finger", [user]);';
const WEB = 'return client.getPage("http://livejournal.com/~" + user);';

const ask = (name: string, user: string) => [
  { connect: name, port: 1079 },
  { send: name, data: `${user}\r\n` },
];

describe("scenario steps that change the world", () => {
  it("patch: a getUser that fails reaches the protocol's errback", async () => {
    const [result] = await runChecks(server(DICT), "finger.ts", checks({
      scenario: [{ patch: "getUser", port: 1079, fail: "the database is down" }, ...ask("a", "moshez"), { expect: "a", received: "Internal error in server\r\n", state: "closed" }],
    }));
    expect(result).toMatchObject({ passed: true });
    expect(result!.detail).toContain('getUser on port 1079 replaced by one whose Deferred fails ("the database is down").');
  });

  it("patch: a slow getUser answers later, and another client is served meanwhile", async () => {
    const [result] = await runChecks(server(DICT), "finger.ts", checks({
      scenario: [
        ...ask("slow", "moshez"),
        { patch: "getUser", port: 1079, answer: "Sleepy but well", after: 2 },
        ...ask("slower", "moshez"),
        { expect: "slower", state: "open", within: 1.5 },
        { expect: "slow", received: "Happy and well\r\n", state: "closed", within: 0 },
        { expect: "slower", received: "Sleepy but well\r\n", state: "closed", within: 1 },
      ],
    }));
    expect(result).toMatchObject({ passed: true });
  });

  it("patch: a failure explains itself in the light of the fake backend", async () => {
    const wrong = server(DICT).replace('d.addErrback(() => "Internal error in server");\n    d.addCallback(', "d.addCallback(").replace("    });\n  }\n}\nclass F", '    }).addErrback(() => "Internal error in server");\n  }\n}\nclass F');
    const [result] = await runChecks(wrong, "finger.ts", checks({
      scenario: [{ patch: "getUser", port: 1079, fail: "down" }, ...ask("a", "moshez"), { expect: "a", received: "Internal error in server\r\n", state: "closed" }],
    }));
    expect(result!.passed).toBe(false);
    expect(result!.detail).toMatch(/^With getUser on port 1079 replaced by one whose Deferred fails \("down"\): Sent "moshez\\r\\n" to port 1079\. Expected/);
  });

  it("patch: nothing listening, or no such method, fails the check with the reason", async () => {
    const results = await runChecks(server(DICT), "finger.ts", checks(
      { scenario: [{ patch: "getUser", port: 79, answer: "x" }] },
      { scenario: [{ patch: "lookUp", port: 1079, answer: "x" }] },
    ));
    expect(results.map((r) => r.detail)).toEqual([
      "Nothing listens on port 79, so there is no factory whose getUser could be replaced.",
      "The factory on port 1079 (F) has no lookUp method to replace.",
    ]);
  });

  it("file and command: seed an account with a plan, and slow finger down", async () => {
    const results = await runChecks(server(PROCESS), "finger.ts", checks(
      {
        twin: "not comparable",
        scenario: [
          { file: "/etc/passwd", content: "moshez:x:1000:1000:Moshe Zadka:/home/moshez:/bin/bash\n" },
          { file: "/home/moshez/.plan", content: "Working on the finger tutorial.\n" },
          ...ask("a", "moshez"),
          { expect: "a", contains: "Plan:\nWorking on the finger tutorial.\n\r\n", state: "closed" },
        ],
      },
      {
        twin: "not comparable",
        scenario: [{ command: "finger", delay: 3 }, ...ask("a", "root"), { expect: "a", state: "open", within: 2.5 }, { expect: "a", contains: "Login: root", state: "closed", within: 1 }],
      },
      {
        twin: "not comparable",
        scenario: [{ command: "finger", stderr: "finger: out of order\n", exit: 1 }, ...ask("a", "root"), { expect: "a", received: "Internal error in server\r\n", state: "closed" }],
      },
    ));
    expect(results.map((r) => [r.passed, r.detail])).toEqual(results.map((r) => [true, r.detail]));
  });

  it("web: replace livejournal.com's pages, or refuse connections", async () => {
    const results = await runChecks(server(WEB), "finger.ts", checks(
      { scenario: [...ask("a", "moshez"), { expect: "a", received: "Happy and well (from the web)\r\n", state: "closed" }] },
      { twin: "not comparable", scenario: [{ web: "livejournal.com", pages: { "/~moshez": "Out to lunch" } }, ...ask("a", "moshez"), { expect: "a", received: "Out to lunch\r\n", state: "closed" }] },
      { twin: "not comparable", scenario: [{ web: "livejournal.com", refuse: true }, ...ask("a", "moshez"), { expect: "a", received: "Internal error in server\r\n", state: "closed" }] },
    ));
    expect(results.map((r) => [r.passed, r.detail])).toEqual(results.map((r) => [true, r.detail]));
  });

  it("signal: SIGTERM stops a twistd application", async () => {
    const tac = server(DICT)
      .replace('endpoints.serverFromString(reactor, "tcp:1079").listen(new F());\nreactor.run();', 'export const application = service.Application("finger");\nstrports.service("tcp:79", new F()).setServiceParent(application);')
      .replace('import { client } from "twisted/web";', 'import { service, strports } from "twisted/application";');
    const [result] = await runChecks(tac, "finger.tac.ts", checks({
      scenario: [
        { expectOutput: "Loaded." },
        { signal: "SIGTERM" },
        { expectOutput: "(TCP Port 79 Closed)", within: 1 },
        { expectOutput: "Main loop terminated.", within: 1 },
        { connect: "late", port: 79 },
        { expect: "late", state: "refused" },
      ],
    }));
    expect(result).toMatchObject({ passed: true });
  });
});

describe("the check schema", () => {
  it("asks for twin: not comparable when a step changes what only the simulation can change", () => {
    const parsed = ChecksFileSchema.safeParse({ checks: [{ id: "x", title: "x", scenario: [{ file: "/etc/users", content: "", host: "livejournal.com" }] }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({
      path: ["checks", 0, "twin"],
      message: "step 1 (file:) changes the simulated world, which the Python twin cannot follow: add twin: not comparable",
    });
    const command = ChecksFileSchema.safeParse({ checks: [{ id: "x", title: "x", scenario: [{ command: "finger", delay: 1 }] }] });
    expect(command.error!.issues[0]!.message).toBe("step 1 (command:) changes the simulated world, which the Python twin cannot follow: add twin: not comparable");
  });

  it("lets a file on the learner's host be compared: the twin reads a copy of it", () => {
    const parsed = ChecksFileSchema.safeParse({ checks: [{ id: "x", title: "x", scenario: [{ file: "/etc/users", content: "moshez: away\n" }] }] });
    expect(parsed.success).toBe(true);
  });

  it("rejects a patch with both an answer and a failure, and a web step with neither pages nor refuse", () => {
    const bad = (step: object) => ChecksFileSchema.safeParse({ checks: [{ id: "x", title: "x", twin: "not comparable", scenario: [step] }] });
    expect(bad({ patch: "getUser", port: 1079, answer: "a", fail: "b" }).error!.issues[0]!.message).toBe("give exactly one of answer or fail");
    expect(bad({ web: "livejournal.com" }).error!.issues[0]!.message).toBe("give either pages or refuse: true");
  });
});

describe("a world step the world cannot carry out", () => {
  it("fails the check with the reason instead of stopping the run", async () => {
    const [result] = await runChecks(server(DICT), "finger.ts", checks({ twin: "not comparable", scenario: [{ file: "/etc/users", content: "", host: "nowhere.example" }] }));
    expect(result).toMatchObject({ passed: false, detail: "Could not write /etc/users: no host named nowhere.example on the simulated network." });
  });
});

describe("file steps that open a scenario", () => {
  const readsAtStart = `
import { defer, endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { filepath } from "twisted/python";
const status = new filepath.FilePath("/etc/status").getContent().trim();
class P extends basic.LineReceiver {
  lineReceived(user: string) {
    this.transport!.write(status + "\\r\\n");
    this.transport!.loseConnection();
  }
}
const f = new protocol.ServerFactory();
f.protocol = P;
endpoints.serverFromString(reactor, "tcp:1079").listen(f);
reactor.run();
`;

  it("are written before the program starts, so a program that reads a file as it starts finds it", async () => {
    const [result] = await runChecks(
      readsAtStart,
      "finger.ts",
      checks({ twin: "not comparable", scenario: [{ file: "/etc/status", content: "happy\n" }, ...ask("c", "moshez"), { expect: "c", received: "happy\r\n" }] }),
    );
    expect(result).toMatchObject({ passed: true });
  });

  it("a file step after another step is written once the program runs: too late for a read at startup", async () => {
    const [result] = await runChecks(
      readsAtStart,
      "finger.ts",
      checks({ twin: "not comparable", scenario: [{ wait: 0 }, { file: "/etc/status", content: "happy\n" }] }),
    );
    expect(result!.passed).toBe(false);
    expect(result!.detail).toContain("No such file or directory: '/etc/status'");
  });
});

describe("a file step that deletes a file", () => {
  const readsPerQuestion = `
import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
import { filepath } from "twisted/python";
class P extends basic.LineReceiver {
  lineReceived(user: string) {
    const file = new filepath.FilePath("/etc/users");
    this.transport!.write((file.exists() ? "still there" : "gone") + "\\r\\n");
    this.transport!.loseConnection();
  }
}
const f = new protocol.ServerFactory();
f.protocol = P;
endpoints.serverFromString(reactor, "tcp:1079").listen(f);
reactor.run();
`;

  it("removes it from the learner's host, so the program no longer finds it", async () => {
    const [result] = await runChecks(
      readsPerQuestion,
      "finger.ts",
      checks({ scenario: [{ wait: 1 }, { file: "/etc/users", remove: true }, ...ask("c", "moshez"), { expect: "c", received: "gone\r\n" }] }),
    );
    expect(result).toMatchObject({ passed: true });
  });

  it("says so when there is nothing to delete, and insists on content or remove but not both", async () => {
    const [result] = await runChecks(readsPerQuestion, "finger.ts", checks({ scenario: [{ file: "/etc/nothing-here", remove: true }] }));
    expect(result!.passed).toBe(false);
    expect(result!.detail).toMatch(/^Could not delete \/etc\/nothing-here: /);
    const bad = (step: object) => ChecksFileSchema.safeParse({ checks: [{ id: "x", title: "x", scenario: [step] }] });
    expect(bad({ file: "/etc/users", content: "x", remove: true }).success).toBe(false);
    expect(bad({ file: "/etc/users" }).error!.issues[0]!.message).toBe("give the file's content, or remove: true to delete it (one of the two)");
  });
});

/** A client that asks upstream.example (through an endpoint) about moshez, twice in a row, and prints each reply or failure. */
const askUpstream = `
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
d.addCallback(() => reactor.callLater(2, () => ask().addCallbacks((got: string) => console.log("second: " + JSON.stringify(got)), (e: any) => console.log("second failed: " + e.getErrorMessage()))));
reactor.run();
`;

describe("fingerd: and expectFingerd:", () => {
  it("a fingerd step that opens the scenario runs before the program connects; expectFingerd sees each connection's bytes", async () => {
    const [result] = await runChecks(askUpstream, "ask.ts", checks({
      scenario: [
        { fingerd: "upstream.example", segments: ["Happy ", "and well\r\n"], gap: 0.5 },
        { expectOutput: 'first: "Happy and well\\r\\n"', within: 2 },
        { expectOutput: 'second: "Happy and well\\r\\n"', within: 3 },
        { expectFingerd: "upstream.example", requests: ["moshez\r\n", "moshez\r\n"] },
      ],
    }));
    expect(result, result!.detail).toMatchObject({ passed: true });
    expect(result!.detail).toContain('The finger server on upstream.example:79 was sent "moshez\\r\\n", "moshez\\r\\n".');
  });

  it("refuse: true stops it, so the next connection fails", async () => {
    const [result] = await runChecks(askUpstream, "ask.ts", checks({
      scenario: [
        { fingerd: "upstream.example", reply: "Happy and well\r\n" },
        { expectOutput: "first:", within: 1 },
        { fingerd: "upstream.example", refuse: true },
        { expectOutput: "second failed: Connection was refused by other side: 111: Connection refused.", within: 3 },
        { expectFingerd: "upstream.example", requests: ["moshez\r\n"] },
      ],
    }));
    expect(result, result!.detail).toMatchObject({ passed: true });
  });

  it("expectFingerd fails with what the server was sent, and the schema wants exactly one of reply, segments or refuse", async () => {
    const [result] = await runChecks(askUpstream, "ask.ts", checks({
      scenario: [{ fingerd: "upstream.example", reply: "x\r\n" }, { expectFingerd: "upstream.example", requests: ["shawn\r\n"], within: 3 }],
    }));
    expect(result!.passed).toBe(false);
    expect(result!.detail).toBe('Expected the finger server on upstream.example:79 to be sent "shawn\\r\\n"; it was sent "moshez\\r\\n", "moshez\\r\\n".');
    const bad = (step: object) => ChecksFileSchema.safeParse({ checks: [{ id: "x", title: "x", scenario: [step] }] });
    expect(bad({ fingerd: "h", reply: "x", refuse: true }).error!.issues[0]!.message).toBe("give exactly one of reply, segments or refuse: true");
    expect(bad({ fingerd: "h" }).success).toBe(false);
    // A fingerd step is compared with the twin: the twin driver runs a real server for it.
    expect(bad({ fingerd: "h", reply: "x" }).success).toBe(true);
  });
});
