/**
 * TCP on the simulated network: listening ports and connectors. A connection
 * attempt takes one latency to reach the server (whose protocol is made
 * then) and another for the answer to come back; the transports themselves
 * are in tcp-transport.ts.
 */
import { Failure } from "../twisted/python/failure";
import * as log from "../twisted/python/log";
import { Deferred, succeed } from "../twisted/internet/defer";
import type { DelayedCall } from "../twisted/internet/delayed-call";
import { IPv4Address } from "../twisted/internet/address";
import {
  ConnectionRefusedError,
  DNSLookupError,
  NotConnectingError,
  TimeoutError,
  UserError,
} from "../twisted/internet/error";
import type { ClientFactory, Factory, IConnector, Protocol } from "../twisted/internet/protocol";
import type { SimulatedHost } from "./simulated-host";
import { SimulatedTransport } from "./tcp-transport";

export { SimulatedTransport, type ConnectionInfo } from "./tcp-transport";

/** A listening TCP port (IListeningPort). */
export class SimulatedPort {
  /** False once the port has stopped listening. */
  listening = true;

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
    if (!this.owner.quiet) log.msg(`(TCP Port ${this.port} Closed)`);
    this.factory.doStop();
  }
}

/** A client's connection attempt (IConnector), as connectTCP returns it. */
export class SimulatedConnector implements IConnector {
  state: "disconnected" | "connecting" | "connected" = "disconnected";
  /** The connection, once connected. */
  transport: SimulatedTransport | null = null;
  private attemptId = 0;
  private factoryStarted = false;
  private timeoutCall: DelayedCall | null = null;

  constructor(
    private readonly owner: SimulatedHost,
    readonly host: string,
    readonly port: number,
    readonly factory: ClientFactory,
    readonly timeout: number,
  ) {}

  /**
   * Starts (or restarts) the connection attempt.
   * @throws Error if already connecting or connected.
   */
  connect(): void {
    if (this.state !== "disconnected") throw new Error("can't connect in this state");
    this.state = "connecting";
    const attempt = ++this.attemptId;
    if (!this.factoryStarted) {
      this.factory.doStart();
      this.factoryStarted = true;
    }
    const sim = this.owner.network.simulation;
    sim.guarded(() => this.factory.startedConnecting(this));
    if (this.state !== "connecting" || attempt !== this.attemptId) return;
    this.timeoutCall = sim.callLater(this.timeout, () => {
      this.timeoutCall = null;
      if (this.isCurrent(attempt)) this.connectionFailed(new TimeoutError());
    });
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

  /**
   * Abandons a connection attempt that has not completed; the factory hears
   * clientConnectionFailed with UserError.
   * @throws NotConnectingError when not connecting.
   */
  stopConnecting(): void {
    if (this.state !== "connecting") throw new NotConnectingError();
    this.attemptId++;
    this.connectionFailed(new UserError());
  }

  /** Disconnects: abandons the attempt, or closes the connection. */
  disconnect(): void {
    if (this.state === "connecting") this.stopConnecting();
    else if (this.state === "connected") this.transport?.loseConnection();
  }

  /** Where this connector connects to. */
  getDestination(): IPv4Address {
    return new IPv4Address("TCP", this.host, this.port);
  }

  toString(): string {
    return `<Connector to ${this.host}:${this.port}>`;
  }

  private isCurrent(attempt: number): boolean {
    return attempt === this.attemptId && this.state === "connecting";
  }

  private established(attempt: number, client: SimulatedTransport): void {
    if (!this.isCurrent(attempt)) {
      // The attempt was abandoned while the answer travelled: hang up.
      client.abortConnection();
      return;
    }
    this.cancelTimeout();
    this.state = "connected";
    this.transport = client;
    client.onClosed = (reason) => this.connectionLost(reason);
    client.open();
  }

  private connectionLost(reason: Failure): void {
    this.state = "disconnected";
    this.transport = null;
    this.owner.network.simulation.guarded(() => this.factory.clientConnectionLost(this, reason));
    this.stopFactoryIfIdle();
  }

  private connectionFailed(error: Error): void {
    this.cancelTimeout();
    this.state = "disconnected";
    this.attemptId++;
    this.owner.network.simulation.guarded(() => this.factory.clientConnectionFailed(this, new Failure(error)));
    this.stopFactoryIfIdle();
  }

  /** A factory that reconnects from its hook keeps running, as in Twisted. */
  private stopFactoryIfIdle(): void {
    if (this.state !== "disconnected" || !this.factoryStarted) return;
    this.factoryStarted = false;
    this.factory.doStop();
  }

  private cancelTimeout(): void {
    if (this.timeoutCall?.active()) this.timeoutCall.cancel();
    this.timeoutCall = null;
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
