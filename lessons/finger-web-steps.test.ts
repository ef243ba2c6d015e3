/**
 * The web and XML-RPC steps' programs (stage 2's XML-RPC step, stage 3) in a
 * simulated world, driven as a learner drives them from the terminal: the
 * `xmlrpc` command playing the tutorial's fingerXRclient.py, `curl`, and a
 * getUsers that answers a virtual second late, which only NOT_DONE_YET
 * rendering can wait for.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { World } from "../engine";

const lessons = path.dirname(new URL(import.meta.url).pathname);
const read = (step: string, which: "start" | "solution") => readFileSync(path.join(lessons, step, which, "finger.tac.ts"), "utf8");
const XMLRPC_STEP = "06-finger-stage-2/07-announce-over-xml-rpc";
const LIST_STEP = "07-finger-stage-3/02-list-the-users";

function started(source: string): World {
  const world = new World();
  expect(world.start(source, "finger.tac.ts")).toEqual({ status: "running" });
  return world;
}

/** A client connected to port 8000 that has sent `request`. */
function ask(world: World, request: string) {
  const client = world.connect("localhost", 8000);
  world.advanceTo(world.seconds() + 1, () => client.state !== "connecting");
  expect(client.state).toBe("open");
  world.enter(() => client.send(request));
  return client;
}

function run(world: World, ...argv: string[]) {
  const handle = world.exec(argv);
  world.advanceTo(world.seconds() + 10, () => handle.ended);
  return { stdout: handle.stdout, stderr: handle.stderr, exitCode: handle.exitCode };
}

describe("the xmlrpc command, as fingerXRclient.py", () => {
  it("prints the status getUser returns, as print() would", () => {
    const world = started(read(XMLRPC_STEP, "solution"));
    expect(run(world, "xmlrpc", "http://localhost:8000/RPC2", "getUser", "moshez")).toEqual({ stdout: "happy and well\n", stderr: "", exitCode: 0 });
    expect(run(world, "xmlrpc", "http://localhost:8000/RPC2", "getUser", "nobody").stdout).toBe("No such user\n");
  });

  it("names a Fault as Python does, and exits with 1", () => {
    const world = started(read(XMLRPC_STEP, "solution"));
    expect(run(world, "xmlrpc", "http://localhost:8000/RPC2", "setUser", "moshez")).toEqual({
      stdout: "",
      stderr: "xmlrpc.client.Fault: <Fault 8001: 'procedure setUser not found'>\n",
      exitCode: 1,
    });
  });

  it("reports the 405 of a server without /RPC2 as Python's ProtocolError (the step's start)", () => {
    const world = started(read(XMLRPC_STEP, "start"));
    expect(run(world, "xmlrpc", "http://localhost:8000/RPC2", "getUser", "moshez")).toEqual({
      stdout: "",
      stderr: "xmlrpc.client.ProtocolError: <ProtocolError for localhost:8000/RPC2: 405 Method Not Allowed>\n",
      exitCode: 1,
    });
  });

  it("says when nothing listens, and when it is used wrongly", () => {
    const world = new World();
    expect(run(world, "xmlrpc", "http://localhost:8000/RPC2", "getUser", "moshez")).toMatchObject({ stderr: "ConnectionRefusedError: [Errno 111] Connection refused\n", exitCode: 1 });
    expect(run(world, "xmlrpc", "http://localhost:8000/RPC2")).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/^usage: xmlrpc URL METHOD/) });
  });

  it("prints a list the way Python prints it", () => {
    const world = started(read(LIST_STEP, "solution"));
    expect(run(world, "xmlrpc", "http://localhost:8000/RPC2", "getUsers").stdout).toBe("['moshez', 'shawn']\n");
  });
});

describe("stage 3: the front page waits for getUsers", () => {
  /** The stage-3 solution with its service's getUsers answering `seconds` late. */
  function slowUsers(seconds: number): World {
    const source = read(LIST_STEP, "solution").replace(
      "return defer.succeed(Object.keys(this.users));",
      `return task.deferLater(reactor, ${seconds}, () => Object.keys(this.users));`,
    );
    expect(source).toContain("deferLater");
    return started(source.replace('import { basic } from "twisted/protocols";', 'import { basic } from "twisted/protocols";\nimport { task } from "twisted/internet";'));
  }

  it("completes the response once getUsers fires, a virtual second later, and then closes the HTTP/1.0 connection", () => {
    const world = slowUsers(1);
    const client = ask(world, "GET / HTTP/1.0\r\n\r\n");
    const asked = world.seconds();
    world.advanceTo(asked + 0.9);
    expect(client.received).toBe("");
    expect(client.state).toBe("open");
    world.advanceTo(asked + 5, () => client.state === "closed");
    expect(world.seconds() - asked).toBeGreaterThanOrEqual(1);
    expect(world.seconds() - asked).toBeLessThan(1.1);
    expect(client.received).toMatch(/^HTTP\/1\.0 200 OK\r\n/);
    expect(client.received).not.toMatch(/Content-Length/i);
    expect(client.received.endsWith('\r\n\r\n<ul><li><a href="moshez">moshez</a></li><li><a href="shawn">shawn</a></li></ul>')).toBe(true);
  });

  it("serves other clients while a front page waits", () => {
    const world = slowUsers(3);
    const slow = ask(world, "GET / HTTP/1.0\r\n\r\n");
    const asked = world.seconds();
    const page = run(world, "curl", "http://localhost:8000/moshez");
    expect(page.stdout).toBe("<h1>moshez</h1><p>happy and well</p>");
    expect(world.seconds() - asked).toBeLessThan(1);
    expect(slow.state).toBe("open");
    expect(slow.received).toBe("");
    world.advanceTo(asked + 5, () => slow.state === "closed");
    expect(slow.received).toContain("<ul><li>");
  });
});
