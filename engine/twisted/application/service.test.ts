import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLog, newSimulation, RecordingClientFactory, serverFactory, RecordingProtocol } from "../../../test/support/simulation";
import type { HostedReactor } from "../../simulation/simulated-network";
import { CannotListenError } from "../internet/error";
import { Deferred } from "../internet/defer";
import { RuntimeError } from "../python/builtins";
import { Application, IProcess, IService, IServiceCollection, MultiService, Service } from "./service";
import { StreamServerEndpointService, TCPServer } from "./internet";
import * as strports from "./strports";
// Loads the learner modules, which tell Python's repr() each engine class's module.
import "../../runtime/modules";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => ({ reactor, restore } = newSimulation()));
afterEach(() => restore());

/** A service that writes down what happens to it. */
class Recording extends Service {
  constructor(
    private readonly events: string[],
    label: string,
  ) {
    super();
    this.name = label;
  }
  override privilegedStartService() {
    this.events.push(`privileged ${this.name}`);
  }
  override startService() {
    super.startService();
    this.events.push(`start ${this.name}`);
  }
  override stopService() {
    super.stopService();
    this.events.push(`stop ${this.name}`);
    return undefined;
  }
}

describe("services and collections", () => {
  it("a MultiService starts its children in order and stops them in reverse", () => {
    const events: string[] = [];
    const parent = new MultiService();
    new Recording(events, "a").setServiceParent(parent);
    new Recording(events, "b").setServiceParent(parent);
    parent.privilegedStartService();
    parent.startService();
    const stopped = parent.stopService();
    expect(events).toEqual(["privileged a", "privileged b", "start a", "start b", "stop b", "stop a"]);
    expect(stopped.called).toBe(true);
    expect(parent.running).toBe(false);
  });

  it("a child added to a running collection is started at once, and stopped when removed", () => {
    const events: string[] = [];
    const parent = new MultiService();
    parent.startService();
    const child = new Recording(events, "late");
    child.setServiceParent(parent);
    expect(events).toEqual(["privileged late", "start late"]);
    child.disownServiceParent();
    expect(events).toEqual(["privileged late", "start late", "stop late"]);
    expect([...parent]).toEqual([]);
  });

  it("names are unique within a collection and cannot change once parented", () => {
    const parent = new MultiService();
    const first = new Service();
    first.setName("finger");
    first.setServiceParent(parent);
    expect(parent.getServiceNamed("finger")).toBe(first);
    const second = new Service();
    second.setName("finger");
    expect(() => second.setServiceParent(parent)).toThrow(new RuntimeError("cannot have two services with same name 'finger'"));
    expect(() => first.setName("other")).toThrow(RuntimeError);
  });

  it("setServiceParent moves a service from its old parent to the new one", () => {
    const one = new MultiService();
    const two = new MultiService();
    const child = new Service();
    child.setServiceParent(one);
    child.setServiceParent(two);
    expect([...one]).toEqual([]);
    expect([...two]).toEqual([child]);
    expect(child.parent).toBe(two);
  });
});

describe("Application", () => {
  it("adapts to IService and IServiceCollection (one named MultiService) and to IProcess", () => {
    const application = Application("finger", { uid: 1, gid: 1 });
    const top = IService(application);
    expect(top).toBeInstanceOf(MultiService);
    expect(IServiceCollection(application)).toBe(top);
    expect(top.name).toBe("finger");
    expect(IProcess(application)).toMatchObject({ uid: 1, gid: 1, processName: null });
  });

  it("takes Twisted's positional uid and gid too, and leaves them null when not given", () => {
    expect(IProcess(Application("finger", 1, 2))).toMatchObject({ uid: 1, gid: 2 });
    expect(IProcess(Application("finger"))).toMatchObject({ uid: null, gid: null });
  });

  it("a service parented to the application is one of its top service's children", () => {
    const application = Application("finger");
    const child = new Service();
    child.setServiceParent(IServiceCollection(application));
    expect([...IServiceCollection(application)]).toEqual([child]);
    // The application itself adapts, as in Twisted.
    const other = new Service();
    other.setServiceParent(application);
    expect([...IServiceCollection(application)]).toEqual([child, other]);
  });

  it("adapting something that provides nothing fails as Twisted's adapters do", () => {
    expect(() => IServiceCollection(new Service())).toThrow(
      /^\('Could not adapt', <twisted\.application\.service\.Service object at 0x[0-9a-f]+>, <InterfaceClass twisted\.application\.service\.IServiceCollection>\)$/,
    );
    expect(IProcess(42, null as never)).toBeNull();
  });
});

describe("listening services", () => {
  it("strports.service listens in privilegedStartService and stops listening in stopService", () => {
    const log = captureLog();
    const factory = serverFactory(() => new RecordingProtocol());
    const svc = strports.service("tcp:79", factory);
    expect(reactor.host.listeningPorts()).toEqual([]);
    svc.privilegedStartService();
    expect(reactor.host.listeningPorts().map((p) => p.port)).toEqual([79]);
    svc.startService();
    expect(reactor.host.listeningPorts().map((p) => p.port)).toEqual([79]);
    const client = new RecordingClientFactory();
    reactor.connectTCP("localhost", 79, client);
    reactor.runUntilIdle();
    expect(factory.built).toHaveLength(1);
    const stopped = svc.stopService() as Deferred<unknown>;
    reactor.runUntilIdle();
    expect(stopped.called).toBe(true);
    expect(svc.running).toBe(false);
    expect(reactor.host.listeningPorts()).toEqual([]);
    log.stop();
    expect(log.lines).toEqual(["Factory starting on 79", "(TCP Port 79 Closed)"]);
  });

  it("startService alone listens too, when nothing called privilegedStartService", () => {
    const svc = new StreamServerEndpointService(
      { listen: (f) => reactorListen(f) },
      serverFactory(() => new RecordingProtocol()),
    );
    svc.startService();
    expect(reactor.host.listeningPorts().map((p) => p.port)).toEqual([1079]);
  });

  it("strports.service raises at once when the port is taken, so twistd can refuse to start", () => {
    reactor.listenTCP(79, serverFactory(() => new RecordingProtocol()));
    const svc = strports.service("tcp:79", serverFactory(() => new RecordingProtocol()));
    expect(() => svc.privilegedStartService()).toThrow(CannotListenError);
  });

  it("TCPServer is the older listenTCP service", () => {
    const svc = new TCPServer(1079, serverFactory(() => new RecordingProtocol()), { interface: "127.0.0.1" });
    svc.privilegedStartService();
    svc.startService();
    expect(reactor.host.listeningPorts()).toMatchObject([{ port: 1079, interface: "127.0.0.1" }]);
    svc.stopService();
    reactor.runUntilIdle();
    expect(reactor.host.listeningPorts()).toEqual([]);
  });
});

function reactorListen(factory: Parameters<typeof reactor.listenTCP>[1]) {
  const d = new Deferred<unknown>();
  d.callback(reactor.listenTCP(1079, factory));
  return d;
}
