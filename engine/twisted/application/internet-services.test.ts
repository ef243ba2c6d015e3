import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLog, newSimulation, RecordingClientFactory, RecordingProtocol, serverFactory } from "../../../test/support/simulation";
import { World } from "../../runtime/world";
import type { HostedReactor } from "../../simulation/simulated-network";
import { CancelledError, Deferred } from "../internet/defer";
import { TCP4ClientEndpoint } from "../internet/endpoints";
import type { Failure } from "../python/failure";
import { ClientService, TCPClient, TimerService, backoffPolicy } from "./internet";
import { MultiService, Service } from "./service";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => ({ reactor, restore } = newSimulation()));
afterEach(() => restore());

describe("TCPClient", () => {
  it("connects when started and disconnects when stopped", () => {
    const server = serverFactory(() => new RecordingProtocol());
    reactor.listenTCP(6667, server);
    const factory = new RecordingClientFactory();
    const client = new TCPClient("localhost", 6667, factory);
    client.startService();
    reactor.runUntilIdle();
    expect(factory.built[0]!.events).toEqual(["connectionMade"]);
    expect(client.stopService()).toBeUndefined();
    reactor.runUntilIdle();
    expect(factory.events).toEqual(["startedConnecting", "clientConnectionLost ConnectionDone"]);
    expect(server.built[0]!.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
  });
});

describe("TimerService", () => {
  it("calls at once, then every step, and leaves nothing pending once stopped", () => {
    const times: number[] = [];
    const timer = new TimerService(30, (tag: string) => times.push(reactor.seconds()) && tag, "refresh");
    timer.startService();
    reactor.advance(65);
    expect(times).toEqual([0, 30, 60]);
    let stopped = false;
    timer.stopService().addCallback(() => void (stopped = true));
    expect(stopped).toBe(true);
    expect(timer.running).toBe(false);
    expect(reactor.getDelayedCalls()).toEqual([]);
  });

  it("stopService waits for the call in progress when it returned a Deferred", () => {
    const pending = new Deferred<null>();
    const timer = new TimerService(10, () => pending);
    timer.startService();
    let stopped = false;
    timer.stopService().addCallback(() => void (stopped = true));
    expect([stopped, timer.running]).toEqual([false, true]);
    pending.callback(null);
    expect([stopped, timer.running]).toEqual([true, false]);
  });

  it("a call that raises is logged and the calls stop", () => {
    const logged = captureLog();
    const timer = new TimerService(5, () => {
      throw new Error("unreadable /etc/users");
    });
    timer.startService();
    reactor.advance(20);
    logged.stop();
    expect(logged.lines.join("\n")).toContain("unreadable /etc/users");
    expect(reactor.getDelayedCalls()).toEqual([]);
    let stopped = false;
    timer.stopService().addCallback(() => void (stopped = true));
    expect(stopped).toBe(true);
  });
});

describe("backoffPolicy", () => {
  it("grows by 1.5 per attempt up to a minute, plus jitter", () => {
    const policy = backoffPolicy(1, 60, 1.5, () => 0.25);
    expect([1, 2, 3, 20].map(policy)).toEqual([1.75, 2.5, 3.625, 60.25]);
  });
});

describe("ClientService", () => {
  function setUp(policy = backoffPolicy(1, 60, 1.5, () => 0)) {
    const server = serverFactory(() => new RecordingProtocol());
    const port = reactor.listenTCP(6667, server);
    const factory = new RecordingClientFactory();
    const service = new ClientService(new TCP4ClientEndpoint(reactor, "localhost", 6667), factory, { retryPolicy: policy });
    return { server, port, factory, service };
  }

  it("connects when started; whenConnected fires with the protocol, now or later", () => {
    const { factory, service } = setUp();
    const seen: unknown[] = [];
    service.whenConnected().addCallback((p) => void seen.push(p));
    service.startService();
    reactor.runUntilIdle();
    expect(seen).toEqual([factory.built[0]]);
    service.whenConnected().addCallback((p) => void seen.push(p));
    expect(seen).toEqual([factory.built[0], factory.built[0]]);
  });

  it("reconnects after the server drops the link, after the backoff delay, logging the retry", () => {
    const { server, factory, service } = setUp();
    service.startService();
    reactor.runUntilIdle();
    const logged = captureLog();
    server.built[0]!.transport!.loseConnection();
    reactor.runUntilIdle();
    expect(factory.built[0]!.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
    expect(logged.lines).toContain("Scheduling retry 1 to connect <TCP4ClientEndpoint object> in 1.5 seconds.");
    const dropped = reactor.seconds();
    reactor.advance(1.4);
    expect(factory.built.length).toBe(1);
    reactor.advance(0.2);
    expect(factory.built.length).toBe(2);
    expect(factory.built[1]!.events).toEqual(["connectionMade"]);
    expect(reactor.seconds() - dropped).toBeCloseTo(1.6);
    logged.stop();
  });

  it("retries a refused connection with growing delays, and starts afresh once connected", () => {
    const { port, factory, service } = setUp();
    port.stopListening();
    reactor.runUntilIdle();
    const logged = captureLog();
    service.startService();
    reactor.advance(1.5 + 2.25 + 0.1);
    expect(logged.lines.filter((l) => l.startsWith("Scheduling"))).toEqual([
      "Scheduling retry 1 to connect <TCP4ClientEndpoint object> in 1.5 seconds.",
      "Scheduling retry 2 to connect <TCP4ClientEndpoint object> in 2.25 seconds.",
      "Scheduling retry 3 to connect <TCP4ClientEndpoint object> in 3.375 seconds.",
    ]);
    const server = serverFactory(() => new RecordingProtocol());
    reactor.listenTCP(6667, server);
    reactor.advance(3.4);
    expect(factory.built.length).toBe(1);
    server.built[0]!.transport!.loseConnection();
    reactor.runUntilIdle();
    expect(logged.lines.at(-1)).toBe("Scheduling retry 1 to connect <TCP4ClientEndpoint object> in 1.5 seconds.");
    logged.stop();
  });

  it("whenConnected(failAfterFailures) fails with the connection error after that many failures", () => {
    const { port, service } = setUp();
    port.stopListening();
    reactor.runUntilIdle();
    const outcomes: string[] = [];
    service.whenConnected(2).addErrback((f: Failure) => void outcomes.push(`after ${reactor.seconds()}: ${(f.value as Error).name}`));
    service.startService();
    reactor.advance(10);
    expect(outcomes).toEqual(["after 1.5: ConnectionRefusedError"]);
    service.stopService();
  });

  it("stopService closes the connection; its Deferred fires once the connection is gone", () => {
    const { server, service } = setUp();
    service.startService();
    reactor.runUntilIdle();
    let stopped = false;
    service.stopService().addCallback(() => void (stopped = true));
    expect(stopped).toBe(false);
    reactor.runUntilIdle();
    expect(stopped).toBe(true);
    expect(server.built[0]!.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
    expect(reactor.getDelayedCalls()).toEqual([]);
    const late: string[] = [];
    service.whenConnected().addErrback((f: Failure) => void late.push(f.check(CancelledError) ? "cancelled" : "other"));
    expect(late).toEqual(["cancelled"]);
  });

  it("stopService while waiting to retry cancels the retry and fails waiters with CancelledError", () => {
    const { port, service, factory } = setUp();
    port.stopListening();
    reactor.runUntilIdle();
    const waiters: string[] = [];
    service.whenConnected().addErrback((f: Failure) => void waiters.push(f.check(CancelledError) ? "cancelled" : "other"));
    service.startService();
    reactor.runUntilIdle();
    let stopped = false;
    service.stopService().addCallback(() => void (stopped = true));
    expect([stopped, waiters]).toEqual([true, ["cancelled"]]);
    expect(reactor.getDelayedCalls()).toEqual([]);
    reactor.advance(100);
    expect(factory.built).toEqual([]);
  });

  it("stopService during a connection attempt abandons it", () => {
    const { service, factory } = setUp();
    reactor.host.network.setConditions({ latency: 1 });
    service.startService();
    let stopped = false;
    service.stopService().addCallback(() => void (stopped = true));
    reactor.advance(5);
    expect(stopped).toBe(true);
    expect(factory.built).toEqual([]);
    expect(reactor.getDelayedCalls()).toEqual([]);
  });
});

describe("MultiService.stopService at shutdown", () => {
  it("the reactor waits for a service whose stopService takes virtual time before the main loop ends", () => {
    const world = new World();
    const TAC = `
import { reactor, task } from "twisted/internet";
import { service } from "twisted/application";

class SlowToStop extends service.Service {
  stopService() {
    super.stopService();
    console.log("flushing statuses");
    return task.deferLater(reactor, 3, () => console.log("flushed"));
  }
}

export const application = service.Application("slow");
const top = new service.MultiService();
top.setServiceParent(service.IServiceCollection(application));
new SlowToStop().setServiceParent(top);
`;
    expect(world.start(TAC, "slow.tac.ts")).toEqual({ status: "running" });
    world.advance(10);
    const start = world.output.length;
    world.signal("SIGTERM");
    world.advance(10);
    const lines = world.output.slice(start).map((line) => `${line.time}: ${line.text}`);
    expect(lines).toEqual(["10: Received SIGTERM, shutting down.", "10: flushing statuses", "13: flushed", "13: Main loop terminated."]);
  });

  it("a plain MultiService stopService returns a Deferred that fires when every child has stopped", () => {
    const top = new MultiService();
    const slow = new Deferred<null>();
    const child = new Service();
    child.stopService = () => slow;
    child.setServiceParent(top);
    new Service().setServiceParent(top);
    top.startService();
    let stopped = false;
    top.stopService().addCallback(() => void (stopped = true));
    expect(stopped).toBe(false);
    slow.callback(null);
    expect(stopped).toBe(true);
  });
});

describe("ClientService and the user's factory", () => {
  it("starts and stops the factory for each connection, as Twisted's _DisconnectFactory passes doStart and doStop on", () => {
    const server = serverFactory(() => new RecordingProtocol());
    reactor.listenTCP(6667, server);
    class BotFactory extends RecordingClientFactory {
      override noisy = true;
    }
    const logged = captureLog();
    const service = new ClientService(new TCP4ClientEndpoint(reactor, "localhost", 6667), new BotFactory(), () => 2);
    service.startService();
    reactor.runUntilIdle();
    server.built[0]!.transport!.loseConnection();
    reactor.advance(3);
    logged.stop();
    expect(logged.lines.filter((line) => /factory/.test(line))).toEqual([
      "Starting factory <BotFactory object>",
      "Stopping factory <BotFactory object>",
      "Starting factory <BotFactory object>",
    ]);
  });
});
