import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSimulation } from "../../test/support/simulation";
import type { HostedReactor } from "./simulated-network";
import { DatagramProtocol } from "../twisted/internet/protocol";
import type { UDPAddress } from "../twisted/internet/interfaces";
import { CannotListenError } from "../twisted/internet/error";

let reactor: HostedReactor;
let restore: () => void;
beforeEach(() => ({ reactor, restore } = newSimulation()));
afterEach(() => restore());

class Recorder extends DatagramProtocol {
  override noisy = false;
  readonly got: [string, UDPAddress][] = [];
  refused = 0;
  started = 0;
  stopped = 0;
  override startProtocol(): void {
    this.started++;
  }
  override stopProtocol(): void {
    this.stopped++;
  }
  override datagramReceived(datagram: string, addr: UDPAddress): void {
    this.got.push([datagram, addr]);
  }
  override connectionRefused(): void {
    this.refused++;
  }
}

class Echo extends Recorder {
  override datagramReceived(datagram: string, addr: UDPAddress): void {
    super.datagramReceived(datagram, addr);
    this.transport!.write(`echo ${datagram}`, addr);
  }
}

describe("UDP on the simulated network", () => {
  it("delivers each datagram whole, with the sender's address, and lets the receiver answer", () => {
    const echo = new Echo();
    reactor.listenUDP(9999, echo);
    const client = new Recorder();
    const port = reactor.listenUDP(0, client);
    client.transport!.write("ping", ["127.0.0.1", 9999]);
    client.transport!.write("pong?", ["127.0.0.1", 9999]);
    reactor.runUntilIdle();
    expect(echo.got).toEqual([
      ["ping", ["127.0.0.1", port.getHost().port]],
      ["pong?", ["127.0.0.1", port.getHost().port]],
    ]);
    expect(client.got.map(([d]) => d)).toEqual(["echo ping", "echo pong?"]);
  });

  it("starts and stops the protocol with the port", () => {
    const p = new Recorder();
    const port = reactor.listenUDP(9999, p);
    expect(p.started).toBe(1);
    port.stopListening();
    expect(p.stopped).toBe(1);
    expect(reactor.host.network.listeningPorts()).toEqual([]);
  });

  it("silently drops a datagram nobody listens for", () => {
    const client = new Recorder();
    reactor.listenUDP(0, client);
    client.transport!.write("anyone?", ["127.0.0.1", 4242]);
    reactor.runUntilIdle();
    expect(client.refused).toBe(0);
  });

  it("connected UDP: write needs no address, other senders are ignored, a closed port is refused", () => {
    const server = new Recorder();
    reactor.listenUDP(9999, server);
    const client = new Recorder();
    reactor.listenUDP(0, client);
    client.transport!.connect("127.0.0.1", 9999);
    client.transport!.write("hello");
    const stranger = new Recorder();
    const strangerPort = reactor.listenUDP(0, stranger);
    stranger.transport!.write("spam", ["127.0.0.1", (client.transport!.getHost() as { port: number }).port]);
    reactor.runUntilIdle();
    expect(server.got.map(([d]) => d)).toEqual(["hello"]);
    expect(client.got).toEqual([]);
    void strangerPort;
    const lonely = new Recorder();
    reactor.listenUDP(0, lonely);
    lonely.transport!.connect("127.0.0.1", 4242);
    lonely.transport!.write("anyone?");
    reactor.runUntilIdle();
    expect(lonely.refused).toBe(1);
  });

  it("connect() takes only an IP address, as in Twisted", () => {
    const p = new Recorder();
    reactor.listenUDP(0, p);
    expect(() => p.transport!.connect("localhost", 9999)).toThrow(/not an IPv4 address/);
  });

  it("loses datagrams at the configured rate, the same ones for the same seed", () => {
    const run = (seed: number) => {
      restore();
      ({ reactor, restore } = newSimulation({ seed }));
      reactor.host.network.setConditions({ udpLoss: 0.5 });
      const server = new Recorder();
      reactor.listenUDP(9999, server);
      const client = new Recorder();
      reactor.listenUDP(0, client);
      for (let i = 0; i < 20; i++) client.transport!.write(String(i), ["127.0.0.1", 9999]);
      reactor.runUntilIdle();
      return server.got.map(([d]) => d);
    };
    const kept = run(3);
    expect(kept.length).toBeGreaterThan(3);
    expect(kept.length).toBeLessThan(17);
    expect(run(3)).toEqual(kept);
  });

  it("raises CannotListenError for a taken UDP port", () => {
    reactor.listenUDP(9999, new Recorder());
    expect(() => reactor.listenUDP(9999, new Recorder())).toThrow(CannotListenError);
  });
});
