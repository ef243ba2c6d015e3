/**
 * TCP on the simulated network: listening ports and connectors. A connection
 * attempt takes one latency to reach the server (whose protocol is made
 * then) and another for the answer to come back; the transports themselves
 * are in tcp-transport.ts.
 */
import * as log from "../twisted/python/log";
import { Deferred, succeed } from "../twisted/internet/defer";
import { IPv4Address } from "../twisted/internet/address";
import { ConnectionRefusedError, DNSLookupError } from "../twisted/internet/error";
import type { ClientFactory, Factory, Protocol } from "../twisted/internet/protocol";
import type { SimulatedHost } from "./simulated-host";
import { SimulatedTransport } from "./tcp-transport";
import { BaseConnector } from "../twisted/internet/connector";

export { SimulatedTransport, type ConnectionInfo } from "./tcp-transport";

/** A listening TCP port (IListeningPort). */
export class SimulatedPort {
  /** False once the port has stopped listening. */
  listening = true;
  /** "TCP", or "TLS" for a port listenSSL made (its close line says so). */
  _type = "TCP";

  constructor(
    private readonly owner: SimulatedHost,
    readonly port: number,
    readonly factory: Factory,
    /** The interface bound: "" for all, or one address such as "127.0.0.1". */
    readonly iface: string,
  ) {}

  /** Stops accepting connections; the Deferred fires once the port is closed. */
  stopListening(): Deferred<null> {
    if (!this.listening) return succeed(null);
    const done = new Deferred<null>();
    this.owner.network.simulation.scheduleIo(0, () => {
      this.close();
      done.callback(null);
    }, `close TCP port ${this.port}`);
    return done;
  }

  /** Same as stopListening, as Twisted's Port offers. */
  loseConnection(): Deferred<null> {
    return this.stopListening();
  }

  /** The address this port listens on. */
  getHost(): IPv4Address {
    return new IPv4Address("TCP", this.iface || "0.0.0.0", this.port);
  }

  /** True if a connection to `ip` (an address of this host) reaches this port. */
  accepts(ip: string): boolean {
    return this.listening && (this.iface === "" || this.iface === "0.0.0.0" || this.iface === ip);
  }

  /** @internal Closes at once. */
  close(): void {
    if (!this.listening) return;
    this.listening = false;
    this.owner.unlisten(this);
    if (!this.owner.quiet) log.msg(`(${this._type} Port ${this.port} Closed)`);
    this.factory.doStop();
  }
}

/** A client's connection attempt (IConnector), as connectTCP returns it. */
export class SimulatedConnector extends BaseConnector<SimulatedTransport> {
  constructor(
    private readonly owner: SimulatedHost,
    host: string,
    port: number,
    factory: ClientFactory,
    timeout: number,
  ) {
    super(owner.network.simulation, host, port, factory, timeout);
  }

  /** SYN, then SYN-ACK or RST, each a network latency away; an unknown name fails the DNS lookup. */
  protected attempt(attempt: number): void {
    const sim = this.owner.network.simulation;
    const route = this.owner.network.route(this.owner, this.host);
    if (route === "unknown") {
      sim.scheduleIo(0, () => this.isCurrent(attempt) && this.connectionFailed(new DNSLookupError(this.host)), `DNS lookup ${this.host} failed`);
      return;
    }
    // An unreachable host never answers: only the timeout ends the attempt.
    if (route === "unreachable") return;
    const latency = this.owner.network.latency;
    sim.scheduleIo(latency, () => {
      if (!this.isCurrent(attempt)) return;
      const client = route.target.acceptTCP(this.port, route.ip, this.owner, this.factory);
      if (client) {
        sim.scheduleIo(latency, () => this.established(attempt, client), `SYN-ACK to ${this.owner.name}`);
      } else {
        sim.scheduleIo(latency, () => this.isCurrent(attempt) && this.connectionFailed(new ConnectionRefusedError()), `RST to ${this.owner.name}`);
      }
    }, `SYN ${this.owner.name} -> ${this.host}:${this.port}`);
  }

  /** Nothing to give up: an answer still travelling is recognised as stale when it arrives. */
  protected abandon(): void {}

  private established(attempt: number, client: SimulatedTransport): void {
    if (!this.isCurrent(attempt)) {
      // The attempt was abandoned while the answer travelled: hang up.
      client.abortConnection();
      return;
    }
    this.connectionMade(client);
    client.onClosed = (reason) => this.connectionLost(reason);
    client.open();
  }
}

/** @internal Builds a protocol with `factory`, logging (not throwing) what it raises. */
export function buildProtocol(host: SimulatedHost, factory: Factory, address: IPv4Address): Protocol | null {
  let built: Protocol | null = null;
  host.network.simulation.guarded(() => {
    built = factory.buildProtocol(address);
  });
  return built;
}
