import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLog, newSimulation, RecordingClientFactory, RecordingProtocol, serverFactory } from "../../../test/support/simulation";
import type { HostedReactor } from "../../simulation/simulated-network";
import { ClientCreator, ClientFactory, ReconnectingClientFactory, type IConnector } from "./protocol";
import { clientFromString, connectProtocol, serverFromString, TCP4ClientEndpoint } from "./endpoints";
import type { Failure } from "../python/failure";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => ({ reactor, restore } = newSimulation()));
afterEach(() => restore());

describe("ReconnectingClientFactory", () => {
  class Reconnecting extends ReconnectingClientFactory {
    override noisy = false;
    attempts: number[] = [];
    override protocol = RecordingProtocol;
    override startedConnecting(): void {
      this.attempts.push(Math.round(reactor.seconds() * 100) / 100);
    }
  }

  it("retries with growing delays while the server is down, then connects", () => {
    const factory = new Reconnecting();
    factory.jitter = 0;
    reactor.connectTCP("localhost", 6667, factory);
    reactor.advance(10);
    // 1 * e, then e * e: attempts at 0, e and e + e^2.
    expect(factory.attempts).toEqual([0, 2.72, 10.11].filter((t) => t <= 10));
    reactor.listenTCP(6667, serverFactory(() => new RecordingProtocol()));
    reactor.advance(1);
    expect(factory.attempts).toEqual([0, 2.72, 10.11]);
    expect(reactor.host.network.connections()).toHaveLength(2);
  });

  it("draws its jitter from the seeded randomness, so a run repeats exactly", () => {
    const delays = (seed: number) => {
      restore();
      ({ reactor, restore } = newSimulation({ seed }));
      const factory = new Reconnecting();
      reactor.connectTCP("localhost", 6667, factory);
      reactor.advance(100);
      return factory.attempts;
    };
    expect(delays(5)).toEqual(delays(5));
    expect(delays(5)).not.toEqual(delays(6));
  });

  it("stops after maxRetries, and stopTrying() ends the retries", () => {
    const factory = new Reconnecting();
    factory.maxRetries = 2;
    factory.jitter = 0;
    reactor.connectTCP("localhost", 6667, factory);
    reactor.advance(1000);
    expect(factory.attempts).toHaveLength(3);
    const other = new Reconnecting();
    reactor.connectTCP("localhost", 6668, other);
    reactor.runUntilIdle();
    other.stopTrying();
    reactor.advance(1000);
    expect(other.attempts).toHaveLength(1);
  });

  it("reconnects after a lost connection; resetDelay starts the backoff afresh", () => {
    const server = serverFactory(() => new RecordingProtocol());
    reactor.listenTCP(6667, server);
    const factory = new Reconnecting();
    factory.jitter = 0;
    reactor.connectTCP("localhost", 6667, factory);
    reactor.runUntilIdle();
    factory.resetDelay();
    server.built[0]!.transport!.loseConnection();
    reactor.advance(3);
    expect(factory.attempts).toEqual([0, 2.72]);
    expect(server.built).toHaveLength(2);
  });
});

describe("ClientCreator", () => {
  it("fires with the connected protocol instance, built with the given arguments", () => {
    class Greeter extends RecordingProtocol {
      constructor(readonly greeting: string) {
        super();
      }
      override connectionMade(): void {
        this.transport!.write(this.greeting);
      }
    }
    const server = serverFactory(() => new RecordingProtocol());
    reactor.listenTCP(79, server);
    let connected: Greeter | null = null;
    new ClientCreator(reactor, Greeter, "hello").connectTCP("localhost", 79).addCallback((p) => {
      connected = p;
    });
    reactor.runUntilIdle();
    expect(connected).toBeInstanceOf(Greeter);
    expect(server.built[0]!.received).toBe("hello");
  });

  it("fails with ConnectionRefusedError on a closed port", () => {
    let reason = "";
    new ClientCreator(reactor, RecordingProtocol).connectTCP("localhost", 79).addErrback((f: Failure) => {
      reason = (f.value as Error).name;
    });
    reactor.runUntilIdle();
    expect(reason).toBe("ConnectionRefusedError");
  });
});

describe("endpoints", () => {
  it("serverFromString listens on the port and interface described", () => {
    const logged = captureLog();
    const factory = serverFactory(() => new RecordingProtocol());
    let port: { getHost(): { host: string; port: number } } | null = null;
    serverFromString(reactor, "tcp:1079:interface=127.0.0.1").listen(factory).addCallback((p) => (port = p));
    logged.stop();
    expect(port!.getHost()).toMatchObject({ host: "127.0.0.1", port: 1079 });
    expect(logged.lines).toEqual(["Factory starting on 1079"]);
  });

  it("a taken port fails the listen Deferred with CannotListenError", () => {
    reactor.listenTCP(1079, serverFactory(() => new RecordingProtocol()));
    let failure = "";
    serverFromString(reactor, "tcp:1079").listen(serverFactory(() => new RecordingProtocol())).addErrback((f: Failure) => {
      failure = (f.value as Error).name;
    });
    expect(failure).toBe("CannotListenError");
  });

  it("clientFromString + connectProtocol connect the given protocol", () => {
    const server = serverFactory(() => new RecordingProtocol());
    reactor.listenTCP(79, server);
    const mine = new RecordingProtocol();
    let fired: unknown = null;
    connectProtocol(clientFromString(reactor, "tcp:host=localhost:port=79"), mine).addCallback((p) => (fired = p));
    reactor.runUntilIdle();
    expect(fired).toBe(mine);
    expect(mine.events).toEqual(["connectionMade"]);
  });

  it("a failed endpoint connection errbacks without calling the factory's clientConnectionFailed", () => {
    const factory = new RecordingClientFactory();
    let failure = "";
    new TCP4ClientEndpoint(reactor, "localhost", 79).connect(factory).addErrback((f: Failure) => {
      failure = (f.value as Error).name;
    });
    reactor.runUntilIdle();
    expect(failure).toBe("ConnectionRefusedError");
    expect(factory.events).toEqual([]);
  });

  it("passes start and stop to the user's factory, as Twisted's _WrappingFactory does: a noisy factory logs both", () => {
    class BotFactory extends ClientFactory {
      override protocol = RecordingProtocol;
    }
    reactor.listenTCP(6667, serverFactory(() => new RecordingProtocol()));
    const logged = captureLog();
    let connected: RecordingProtocol | null = null;
    new TCP4ClientEndpoint(reactor, "localhost", 6667).connect(new BotFactory()).addCallback((p) => (connected = p as RecordingProtocol));
    reactor.runUntilIdle();
    connected!.transport!.loseConnection();
    reactor.runUntilIdle();
    new TCP4ClientEndpoint(reactor, "localhost", 79).connect(new BotFactory()).addErrback(() => null);
    reactor.runUntilIdle();
    logged.stop();
    expect(logged.lines).toEqual(["Starting factory <BotFactory object>", "Stopping factory <BotFactory object>", "Starting factory <BotFactory object>", "Stopping factory <BotFactory object>"]);
  });

  it("rejects descriptions it does not know", () => {
    expect(() => serverFromString(reactor, "bluetooth:00:11")).toThrow(/Unknown endpoint type/);
    expect(() => clientFromString(reactor, "tcp:localhost")).toThrow(/invalid port/);
  });
});

describe("ClientFactory hooks", () => {
  it("hears startedConnecting then clientConnectionFailed, and may reconnect from the hook", () => {
    const events: string[] = [];
    class Retry extends ClientFactory {
      override noisy = false;
      tries = 0;
      override protocol = RecordingProtocol;
      override startedConnecting(): void {
        events.push("startedConnecting");
      }
      override clientConnectionFailed(connector: IConnector): void {
        events.push("failed");
        if (++this.tries < 2) connector.connect();
      }
    }
    const factory = new Retry();
    reactor.connectTCP("localhost", 79, factory);
    reactor.runUntilIdle();
    expect(events).toEqual(["startedConnecting", "failed", "startedConnecting", "failed"]);
    expect(factory.numPorts).toBe(0);
  });
});
