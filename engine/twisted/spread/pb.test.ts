import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLog, newSimulation } from "../../../test/support/simulation";
import type { HostedReactor } from "../../simulation/simulated-network";
import { Deferred } from "../internet/defer";
import type { Failure } from "../python/failure";
import { InMemoryUsernamePasswordDatabaseDontUse } from "../cred/checkers";
import { UsernamePassword } from "../cred/credentials";
import { Portal } from "../cred/portal";
import { IPerspective } from "./pb";
import * as pb from "./pb";

class Echoer extends pb.Referenceable {
  remote_shout(text: string): string {
    return text.toUpperCase();
  }
}

class Oops extends pb.Error {}

class FingerRoot extends pb.Root {
  remote_getUser(user: Uint8Array): Uint8Array {
    return new TextEncoder().encode(`${new TextDecoder().decode(user)} is happy`);
  }
  remote_echo(...args: unknown[]): unknown {
    return args.length === 1 ? args[0] : args;
  }
  remote_later(value: number, reactor: HostedReactor): Deferred<number> {
    void reactor;
    const d = new Deferred<number>();
    setLater(() => d.callback(value * 2));
    return d;
  }
  remote_echoer(): Echoer {
    return new Echoer();
  }
  remote_callBack(ref: pb.RemoteReference): Deferred<unknown> {
    return ref.callRemote("shout", "from the server");
  }
  remote_oops(): never {
    throw new Oops("expected trouble");
  }
  remote_boom(): never {
    throw new TypeError("unexpected trouble");
  }
}

let setLater: (fn: () => void) => void = () => {};

describe("Perspective Broker on the simulated network", () => {
  let reactor: HostedReactor;
  let restore: () => void;
  let log: ReturnType<typeof captureLog>;

  beforeEach(() => {
    ({ reactor, restore } = newSimulation());
    setLater = (fn) => void reactor.callLater(1, fn);
    log = captureLog();
  });
  afterEach(() => {
    log.stop();
    restore();
  });

  function settle<T>(d: Deferred<T>): { ok: true; value: T } | { ok: false; failure: Failure } {
    let outcome: { ok: true; value: T } | { ok: false; failure: Failure } | null = null;
    d.addCallbacks(
      (value: T) => void (outcome = { ok: true, value }),
      (failure: Failure) => void (outcome = { ok: false, failure }),
    );
    reactor.advance(10);
    if (!outcome) throw new Error("the Deferred never fired");
    return outcome;
  }

  function connect(port = 8789): pb.PBClientFactory {
    const factory = new pb.PBClientFactory();
    factory.noisy = false;
    reactor.connectTCP("127.0.0.1", port, factory);
    return factory;
  }

  function serve(root: unknown, port = 8789): void {
    const factory = new pb.PBServerFactory(root);
    factory.noisy = false;
    reactor.listenTCP(port, factory);
  }

  it("getRootObject gives a RemoteReference whose callRemote runs remote_ methods, bytes and str kept apart", () => {
    serve(new FingerRoot());
    const root = settle(connect().getRootObject());
    expect(root.ok).toBe(true);
    const ref = (root as { value: pb.RemoteReference }).value;
    expect(settle(ref.callRemote("getUser", new TextEncoder().encode("moshez")))).toEqual({ ok: true, value: new TextEncoder().encode("moshez is happy") });
    expect(settle(ref.callRemote("echo", { a: [1, 2.5, null, true] }))).toEqual({ ok: true, value: { a: [1, 2.5, null, true] } });
    expect(settle(ref.callRemote("echo", "str"))).toEqual({ ok: true, value: "str" });
    expect(settle(ref.callRemote("later", 21))).toEqual({ ok: true, value: 42 });
  });

  it("a PBClientFactory connected through a client endpoint gets the root, printed as Python prints it", async () => {
    serve(new FingerRoot());
    const { clientFromString } = await import("../internet/endpoints");
    const factory = new pb.PBClientFactory();
    clientFromString(reactor, "tcp:127.0.0.1:8789").connect(factory);
    const root = settle(factory.getRootObject()) as { value: pb.RemoteReference };
    expect(String(root.value)).toMatch(/^<twisted\.spread\.pb\.RemoteReference object at 0x[0-9a-f]+>$/);
    expect(settle(root.value.callRemote("echo", "moshez"))).toEqual({ ok: true, value: "moshez" });
  });

  it("a Referenceable comes back as a RemoteReference, and one sent back is called by the server", () => {
    serve(new FingerRoot());
    const root = (settle(connect().getRootObject()) as { value: pb.RemoteReference }).value;
    const echoer = (settle(root.callRemote("echoer")) as { value: pb.RemoteReference }).value;
    expect(echoer).toBeInstanceOf(pb.RemoteReference);
    expect(settle(echoer.callRemote("shout", "hi"))).toEqual({ ok: true, value: "HI" });
    expect(settle(root.callRemote("callBack", new Echoer()))).toEqual({ ok: true, value: "FROM THE SERVER" });
  });

  it("errors cross as Failures: no such method, a pb.Error subclass (not logged), any other exception (logged)", () => {
    serve(new FingerRoot());
    const root = (settle(connect().getRootObject()) as { value: pb.RemoteReference }).value;
    const missing = settle(root.callRemote("nosuch")) as unknown as { failure: pb.CopiedFailure };
    expect(missing.failure.getErrorMessage()).toBe("No such method: remote_nosuch");
    expect(missing.failure.remoteType).toBe("twisted.spread.flavors.NoSuchMethod");
    expect(missing.failure.check(pb.NoSuchMethod)).toBe(pb.NoSuchMethod);
    const oops = settle(root.callRemote("oops")) as unknown as { failure: pb.CopiedFailure };
    expect(oops.failure.remoteType).toBe("__main__.Oops");
    expect(oops.failure.check(pb.Error)).toBe(pb.Error);
    expect(String(oops.failure)).toBe("[Failure instance: Traceback from remote host -- __main__.Oops: expected trouble\n]");
    expect(log.lines.join("\n")).not.toContain("expected trouble");
    const boom = settle(root.callRemote("boom")) as unknown as { failure: pb.CopiedFailure };
    expect(boom.failure.remoteType).toBe("builtins.TypeError");
    expect(boom.failure.check(pb.Error)).toBeNull();
    expect(log.lines.join("\n")).toContain("Peer will receive following PB traceback:");
    expect(log.lines.join("\n")).toContain("unexpected trouble");
  });

  it("after the connection is lost, notifyOnDisconnect fires and callRemote raises DeadReferenceError", () => {
    serve(new FingerRoot());
    const factory = connect();
    const root = (settle(factory.getRootObject()) as { value: pb.RemoteReference }).value;
    const seen: unknown[] = [];
    const keep = (ref: pb.RemoteReference) => seen.push(ref);
    const dropped = () => seen.push("dropped");
    root.notifyOnDisconnect(keep);
    root.notifyOnDisconnect(dropped);
    root.dontNotifyOnDisconnect(dropped);
    factory.disconnect();
    reactor.advance(1);
    expect(seen).toEqual([root]);
    expect(() => root.callRemote("echo", 1)).toThrow(new pb.DeadReferenceError("Calling Stale Broker"));
  });

  it("a malformed banana stream is logged and closes the connection", async () => {
    serve(new FingerRoot());
    const { ClientCreator, Protocol } = await import("../internet/protocol");
    class Garbage extends Protocol {
      lost = false;
      override connectionMade(): void {
        this.transport!.write(Uint8Array.of(1, 0xff));
      }
      override connectionLost(): void {
        this.lost = true;
      }
    }
    const connected = settle(new ClientCreator(reactor, Garbage).connectTCP("127.0.0.1", 8789)) as { value: Garbage };
    reactor.advance(5);
    expect(connected.value.lost).toBe(true);
    expect(log.lines.join("\n")).toContain("Invalid Type Byte b'\\xff'");
  });

  it("logs in through a Portal: the avatar's perspective_ methods answer; a bad password fails with UnauthorizedLogin", () => {
    class User extends pb.Avatar {
      constructor(readonly name: string) {
        super();
      }
      perspective_whoami(): string {
        return this.name;
      }
    }
    const realm = {
      requestAvatar(avatarId: Uint8Array, _mind: unknown, ...interfaces: unknown[]) {
        expect(interfaces).toContain(IPerspective);
        return [IPerspective, new User(new TextDecoder().decode(avatarId)), () => {}] as [unknown, unknown, () => void];
      },
    };
    const checker = new InMemoryUsernamePasswordDatabaseDontUse({ alice: new TextEncoder().encode("1234") });
    serve(new Portal(realm, [checker]));
    const avatar = settle(connect().login(new UsernamePassword("alice", "1234"))) as { value: pb.RemoteReference; failure?: Failure };
    expect(String(avatar.failure ?? "")).toBe("");
    expect(settle(avatar.value.callRemote("whoami"))).toEqual({ ok: true, value: "alice" });
    const bad = settle(connect().login(new UsernamePassword("alice", "wrong"))) as unknown as { failure: pb.CopiedFailure };
    expect(bad.failure.remoteType).toBe("twisted.cred.error.UnauthorizedLogin");
    const unknown = settle(connect().login(new UsernamePassword("bob", "1234"))) as unknown as { failure: pb.CopiedFailure };
    expect(unknown.failure.check("twisted.cred.error.UnauthorizedLogin")).toBeTruthy();
  });
});
