/**
 * Perspective Broker against real Twisted 22.4 over loopback: a real Twisted
 * PB client (test/support/pb/twisted_pb_client.py) calls the engine's PB
 * server on the real-network reactor, and must print exactly what it prints
 * against real Twisted's own server (test/support/pb/twisted_pb_server.py);
 * then the engine's PB client calls that real Twisted server. Every process
 * is killed (its process group) and every wait is bounded. Skips where
 * python3 with Twisted is missing.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installReactor } from "../twisted/internet/reactor";
import type { IReactor } from "../twisted/internet/interfaces";
import type { Failure } from "../twisted/python/failure";
import { UsernamePassword } from "../twisted/cred/credentials";
import * as pb from "../twisted/spread/pb";
import { freePort, REPO, runClient } from "../../test/support/serve-harness";
import { Echoer, FingerRoot, fingerPortal } from "../../test/support/pb/finger-root";
import { NodeReactor } from "./node-reactor";

const PYTHON = "/usr/bin/python3";
const haveTwisted = spawnSync(PYTHON, ["-c", "import twisted.spread.pb"], { stdio: "ignore" }).status === 0;
const CLIENT = path.join(REPO, "test/support/pb/twisted_pb_client.py");
const SERVER = path.join(REPO, "test/support/pb/twisted_pb_server.py");

/** Starts the real Twisted PB server in its own process group and waits for "ready". */
async function startTwistedServer(rootPort: number, loginPort: number): Promise<ChildProcess> {
  const child = spawn(PYTHON, [SERVER, String(rootPort), String(loginPort)], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Twisted PB server did not start:\n${output}`)), 15000);
    const check = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    child.once("exit", () => reject(new Error(`the Twisted PB server exited:\n${output}`)));
  });
  return child;
}

function stop(child: ChildProcess | null): void {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

async function pythonClient(rootPort: number, loginPort: number): Promise<string[]> {
  const run = await runClient(PYTHON, [CLIENT, String(rootPort), String(loginPort)], [], 0, 20000);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.trimEnd().split("\n");
}

function outcome<T>(d: { addCallbacks(cb: (v: T) => unknown, eb: (f: Failure) => unknown): unknown }): Promise<{ value?: T; failure?: Failure }> {
  return new Promise((resolve) => {
    d.addCallbacks(
      (value) => resolve({ value }),
      (failure) => resolve({ failure }),
    );
  });
}

describe.skipIf(!haveTwisted)(haveTwisted ? "PB against real Twisted 22.4 over loopback" : "PB against real Twisted (SKIPPED: no python3 with Twisted)", () => {
  let reactor: NodeReactor;
  let previous: IReactor;
  let twisted: ChildProcess | null = null;
  let twistedPorts: [number, number];
  let expected: string[];

  beforeAll(async () => {
    reactor = new NodeReactor({ installSignalHandlers: false });
    previous = installReactor(reactor);
    reactor.run();
    twistedPorts = [await freePort(), await freePort()];
    twisted = await startTwistedServer(...twistedPorts);
    expected = await pythonClient(...twistedPorts);
  }, 60000);

  afterAll(() => {
    stop(twisted);
    reactor.stop();
    installReactor(previous);
  });

  it("the real Twisted client against real Twisted prints what this test expects", () => {
    expect(expected).toEqual([
      "getUser OK b'moshez is happy'",
      "echoStr OK 'héllo'",
      "echoMixed OK [1, 2.5, None, True, b'b', (1, 2)]",
      "echoDict OK {'a': 1}",
      "later OK 42",
      "echoer OK 'HI'",
      "callBack OK 'FROM THE SERVER'",
      "nosuch ERR twisted.spread.flavors.NoSuchMethod No such method: remote_nosuch -",
      "oops ERR __main__.Oops expected trouble pbError",
      "boom ERR builtins.TypeError unexpected trouble -",
      "whoami OK 'alice'",
      "badLogin ERR twisted.cred.error.UnauthorizedLogin  -",
    ]);
  });

  it("a real Twisted PB client gets the same answers from the engine's PB server", async () => {
    const rootPort = await freePort();
    const loginPort = await freePort();
    const rootFactory = new pb.PBServerFactory(new FingerRoot());
    const loginFactory = new pb.PBServerFactory(fingerPortal());
    const ports = [reactor.listenTCP(rootPort, rootFactory, 50, "127.0.0.1"), reactor.listenTCP(loginPort, loginFactory, 50, "127.0.0.1")];
    try {
      expect(await pythonClient(rootPort, loginPort)).toEqual(expected);
    } finally {
      for (const port of ports) await port.stopListening();
    }
  }, 30000);

  it("the engine's PB client calls a real Twisted PB server: results, a Referenceable both ways, errors, login", async () => {
    const factory = new pb.PBClientFactory();
    reactor.connectTCP("127.0.0.1", twistedPorts[0], factory);
    const root = (await outcome(factory.getRootObject())).value!;
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect((await outcome(root.callRemote("getUser", bytes("moshez")))).value).toEqual(bytes("moshez is happy"));
    expect((await outcome(root.callRemote("echo", [1, 2.5, null, true, bytes("b"), pb.tuple(1, 2), { a: "é" }]))).value).toEqual([1, 2.5, null, true, bytes("b"), [1, 2], { a: "é" }]);
    expect((await outcome(root.callRemote("later", 21))).value).toBe(42);
    const echoer = (await outcome(root.callRemote("echoer"))).value as pb.RemoteReference;
    expect((await outcome(echoer.callRemote("shout", "hi"))).value).toBe("HI");
    expect((await outcome(root.callRemote("callBack", new Echoer()))).value).toBe("FROM THE SERVER");
    const missing = (await outcome(root.callRemote("nosuch"))).failure as pb.CopiedFailure;
    expect([missing.remoteType, missing.getErrorMessage(), missing.check(pb.NoSuchMethod) !== null]).toEqual(["twisted.spread.flavors.NoSuchMethod", "No such method: remote_nosuch", true]);
    const oops = (await outcome(root.callRemote("oops"))).failure as pb.CopiedFailure;
    expect([oops.remoteType, oops.getErrorMessage(), oops.check(pb.Error) !== null]).toEqual(["__main__.Oops", "expected trouble", true]);
    const boom = (await outcome(root.callRemote("boom"))).failure as pb.CopiedFailure;
    expect([boom.remoteType, boom.check(pb.Error)]).toEqual(["builtins.TypeError", null]);
    const lost = new Promise<void>((resolve) => root.notifyOnDisconnect(() => resolve()));
    factory.disconnect();
    await lost;
    expect(() => root.callRemote("echo", 1)).toThrow(pb.DeadReferenceError);

    const good = new pb.PBClientFactory();
    reactor.connectTCP("127.0.0.1", twistedPorts[1], good);
    const avatar = (await outcome(good.login(new UsernamePassword("alice", "1234")))).value!;
    expect((await outcome(avatar.callRemote("whoami"))).value).toBe("alice");
    good.disconnect();
    const bad = new pb.PBClientFactory();
    reactor.connectTCP("127.0.0.1", twistedPorts[1], bad);
    const refused = (await outcome(bad.login(new UsernamePassword("alice", "wrong")))).failure as pb.CopiedFailure;
    expect(refused.remoteType).toBe("twisted.cred.error.UnauthorizedLogin");
    bad.disconnect();
  }, 30000);
});
