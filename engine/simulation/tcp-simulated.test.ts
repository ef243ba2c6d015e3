import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSimulation, RecordingClientFactory, RecordingProtocol, serverFactory } from "../../test/support/simulation";
import type { HostedReactor } from "./simulated-network";
import { CannotListenError } from "../twisted/internet/error";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => ({ reactor, restore } = newSimulation()));
afterEach(() => restore());

function connectPair(port = 1079) {
  const server = serverFactory(() => new RecordingProtocol());
  reactor.listenTCP(port, server);
  const client = new RecordingClientFactory();
  const connector = reactor.connectTCP("localhost", port, client);
  reactor.runUntilIdle();
  return { server: server.built[0]!, client: client.built[0]!, clientFactory: client, connector, serverFactory: server };
}

describe("a TCP connection on the simulated network", () => {
  it("calls makeConnection and connectionMade on both ends, the server first", () => {
    const order: string[] = [];
    class Named extends RecordingProtocol {
      constructor(readonly name: string) {
        super();
      }
      override connectionMade() {
        order.push(this.name);
      }
    }
    reactor.listenTCP(79, serverFactory(() => new Named("server")));
    reactor.connectTCP("127.0.0.1", 79, new RecordingClientFactory(() => new Named("client")));
    reactor.runUntilIdle();
    expect(order).toEqual(["server", "client"]);
  });

  it("delivers what one end writes to the other's dataReceived", () => {
    const { server, client } = connectPair();
    client.transport!.write("moshez\r\n");
    server.transport!.writeSequence(["Happy ", "and well\r\n"]);
    reactor.runUntilIdle();
    expect(server.received).toBe("moshez\r\n");
    expect(client.received).toBe("Happy and well\r\n");
  });

  it("reports addresses: the server's getPeer is the client's getHost", () => {
    const { server, client } = connectPair();
    expect(server.transport!.getPeer()).toEqual(client.transport!.getHost());
    expect(server.transport!.getHost().port).toBe(1079);
    expect(client.transport!.getPeer().host).toBe("127.0.0.1");
  });

  it("refuses writes of anything but text or bytes with TypeError", () => {
    const { client } = connectPair();
    expect(() => client.transport!.write(42 as unknown as string)).toThrow(TypeError);
  });

  it("closes after the pending writes: the peer gets the data, then ConnectionDone", () => {
    const { server, client } = connectPair();
    server.transport!.write("bye\r\n");
    server.transport!.loseConnection();
    expect(server.transport!.disconnecting).toBe(true);
    reactor.runUntilIdle();
    expect(client.received).toBe("bye\r\n");
    expect(client.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
    expect(server.events).toEqual(["connectionMade", "connectionLost ConnectionDone"]);
  });

  it("stops reading once loseConnection is called", () => {
    const { server, client } = connectPair();
    server.transport!.loseConnection();
    client.transport!.write("too late\r\n");
    reactor.runUntilIdle();
    expect(server.received).toBe("");
  });

  it("abortConnection drops unsent data; this end gets ConnectionAborted, the peer ConnectionLost", () => {
    const { server, client } = connectPair();
    server.transport!.write("never sent");
    server.transport!.abortConnection();
    reactor.runUntilIdle();
    expect(client.received).toBe("");
    expect(server.events.at(-1)).toBe("connectionLost ConnectionAborted");
    expect(client.events.at(-1)).toBe("connectionLost ConnectionLost");
  });

  it("tells the client factory the connection was lost, then stops it", () => {
    const { server, clientFactory } = connectPair();
    server.transport!.loseConnection();
    reactor.runUntilIdle();
    expect(clientFactory.events).toEqual(["startedConnecting", "clientConnectionLost ConnectionDone"]);
    expect(clientFactory.numPorts).toBe(0);
  });

  it("closes the server completely when the client half-closes (the server is not half-closeable)", () => {
    const { server, client } = connectPair();
    client.transport!.write("mos");
    client.transport!.loseWriteConnection();
    reactor.runUntilIdle();
    expect(server.received).toBe("mos");
    expect(server.events.at(-1)).toBe("connectionLost ConnectionDone");
    expect(client.events.at(-1)).toBe("connectionLost ConnectionDone");
  });

  it("lets a half-closeable protocol keep writing after the peer's FIN", () => {
    class Echoer extends RecordingProtocol {
      readConnectionLost() {
        this.transport!.write(`got ${this.received}`);
        this.transport!.loseConnection();
      }
    }
    reactor.listenTCP(7, serverFactory(() => new Echoer()));
    const factory = new RecordingClientFactory();
    reactor.connectTCP("localhost", 7, factory);
    reactor.runUntilIdle();
    const client = factory.built[0]!;
    client.transport!.write("abc");
    client.transport!.loseWriteConnection();
    reactor.runUntilIdle();
    expect(client.received).toBe("got abc");
    expect(client.events.at(-1)).toBe("connectionLost ConnectionDone");
  });

  it("resets a peer that writes after the server closed (finger03's broken pipe)", () => {
    class StillWriting extends RecordingProtocol {
      readConnectionLost() {
        this.events.push("readConnectionLost");
      }
    }
    const server = serverFactory(() => new RecordingProtocol());
    reactor.listenTCP(1079, server);
    const factory = new RecordingClientFactory(() => new StillWriting());
    reactor.connectTCP("localhost", 1079, factory);
    reactor.runUntilIdle();
    const client = factory.built[0]!;
    server.built[0]!.transport!.loseConnection();
    reactor.runUntilIdle();
    expect(client.events).toEqual(["connectionMade", "readConnectionLost"]);
    client.transport!.write("second send\r\n");
    reactor.runUntilIdle();
    expect(client.events.at(-1)).toBe("connectionLost ConnectionLost");
    expect(client.lost?.getErrorMessage()).toMatch(/Connection reset by peer/);
  });

  it("logs Unhandled Error and closes with the exception when dataReceived raises", () => {
    class Boom extends RecordingProtocol {
      override dataReceived(): void {
        throw new Error("oops");
      }
    }
    reactor.listenTCP(79, serverFactory(() => new Boom()));
    const factory = new RecordingClientFactory();
    reactor.connectTCP("localhost", 79, factory);
    reactor.runUntilIdle();
    factory.built[0]!.transport!.write("x\r\n");
    reactor.runUntilIdle();
    expect(factory.built[0]!.events.at(-1)).toBe("connectionLost ConnectionDone");
  });
});

describe("connecting", () => {
  it("fails with ConnectionRefusedError when nothing listens", () => {
    const factory = new RecordingClientFactory();
    reactor.connectTCP("localhost", 1079, factory);
    reactor.runUntilIdle();
    expect(factory.events).toEqual(["startedConnecting", "clientConnectionFailed ConnectionRefusedError"]);
  });

  it("fails with DNSLookupError for an unknown host name", () => {
    const factory = new RecordingClientFactory();
    reactor.connectTCP("no.such.host", 79, factory);
    reactor.runUntilIdle();
    expect(factory.events.at(-1)).toBe("clientConnectionFailed DNSLookupError");
  });

  it("times out (TimeoutError) on an address nobody answers, after the connector's timeout", () => {
    const factory = new RecordingClientFactory();
    reactor.connectTCP("10.9.9.9", 79, factory, 5);
    reactor.advance(4.9);
    expect(factory.events).toEqual(["startedConnecting"]);
    reactor.advance(0.2);
    expect(factory.events.at(-1)).toBe("clientConnectionFailed TimeoutError");
  });

  it("stopConnecting abandons the attempt with UserError", () => {
    reactor.listenTCP(79, serverFactory(() => new RecordingProtocol()));
    reactor.host.network.setConditions({ latency: 1 });
    const factory = new RecordingClientFactory();
    const connector = reactor.connectTCP("localhost", 79, factory);
    connector.stopConnecting();
    reactor.advance(5);
    expect(factory.events).toEqual(["startedConnecting", "clientConnectionFailed UserError"]);
    expect(factory.built).toEqual([]);
  });

  it("takes one latency to reach the server and another to come back", () => {
    const server = serverFactory(() => new RecordingProtocol());
    reactor.listenTCP(79, server);
    reactor.host.network.setConditions({ latency: 0.25 });
    const factory = new RecordingClientFactory();
    reactor.connectTCP("localhost", 79, factory);
    reactor.advance(0.25);
    expect(server.built[0]!.events).toEqual(["connectionMade"]);
    expect(factory.built[0]!.events).toEqual([]);
    reactor.advance(0.25);
    expect(factory.built[0]!.events).toEqual(["connectionMade"]);
  });
});

describe("listening", () => {
  it("raises CannotListenError (address in use) for a taken port", () => {
    reactor.listenTCP(1079, serverFactory(() => new RecordingProtocol()));
    expect(() => reactor.listenTCP(1079, serverFactory(() => new RecordingProtocol()))).toThrow(CannotListenError);
    expect(() => reactor.listenTCP(1079, serverFactory(() => new RecordingProtocol()))).toThrow(/Address already in use/);
  });

  it("clashes between 127.0.0.1 and all interfaces, as Linux does, but not between two addresses", () => {
    reactor.listenTCP(1079, serverFactory(() => new RecordingProtocol()), 50, "127.0.0.1");
    expect(() => reactor.listenTCP(1079, serverFactory(() => new RecordingProtocol()))).toThrow(CannotListenError);
    expect(() => reactor.listenTCP(1079, serverFactory(() => new RecordingProtocol()), 50, reactor.host.ip)).not.toThrow();
  });

  it("picks a free port for port 0", () => {
    const port = reactor.listenTCP(0, serverFactory(() => new RecordingProtocol()));
    expect(port.getHost().port).toBeGreaterThan(0);
  });

  it("refuses new connections after stopListening, and fires its Deferred", () => {
    const port = reactor.listenTCP(1079, serverFactory(() => new RecordingProtocol()));
    let stopped = false;
    port.stopListening().addCallback(() => {
      stopped = true;
    });
    reactor.runUntilIdle();
    expect(stopped).toBe(true);
    const factory = new RecordingClientFactory();
    reactor.connectTCP("localhost", 1079, factory);
    reactor.runUntilIdle();
    expect(factory.events.at(-1)).toBe("clientConnectionFailed ConnectionRefusedError");
  });

  it("accepts connections from another host only on a port not bound to 127.0.0.1", () => {
    const remote = reactor.host.network.addHost("remote.example");
    reactor.listenTCP(79, serverFactory(() => new RecordingProtocol()), 50, "127.0.0.1");
    reactor.listenTCP(1079, serverFactory(() => new RecordingProtocol()));
    const toLoopbackOnly = new RecordingClientFactory();
    const toAll = new RecordingClientFactory();
    const ownLoopback = new RecordingClientFactory();
    remote.connectTCP(reactor.host.ip, 79, toLoopbackOnly);
    remote.connectTCP(reactor.host.ip, 1079, toAll);
    remote.connectTCP("localhost", 1079, ownLoopback);
    reactor.runUntilIdle();
    expect(toLoopbackOnly.events.at(-1)).toBe("clientConnectionFailed ConnectionRefusedError");
    expect(toAll.built[0]!.events).toEqual(["connectionMade"]);
    expect(toAll.built[0]!.transport!.getHost().host).toBe(remote.ip);
    // "localhost" on the remote host is the remote host itself, where nothing listens.
    expect(ownLoopback.events.at(-1)).toBe("clientConnectionFailed ConnectionRefusedError");
  });

  it("reaches another host by name and sees the peer's network address", () => {
    const lj = reactor.host.network.addHost("livejournal.com");
    const server = serverFactory(() => new RecordingProtocol());
    lj.listenTCP(80, server);
    reactor.connectTCP("livejournal.com", 80, new RecordingClientFactory());
    reactor.runUntilIdle();
    expect(server.built[0]!.transport!.getPeer().host).toBe(reactor.host.ip);
    expect(server.built[0]!.transport!.getHost().host).toBe(lj.ip);
  });

  it("closes ports and drops connections with ConnectionLost at shutdown", () => {
    const { server, client } = connectPair();
    reactor.run();
    reactor.runUntilIdle();
    reactor.stop();
    reactor.runUntilIdle();
    expect(server.lost?.getErrorMessage()).toBe("Connection to the other side was lost in a non-clean fashion: Connection lost.");
    // Both ends belong to the stopping process, so both are dropped.
    expect(client.events.at(-1)).toBe("connectionLost ConnectionLost");
    expect(reactor.host.network.listeningPorts()).toEqual([]);
  });
});
