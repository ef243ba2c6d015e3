/**
 * TCP on the simulated network: listening ports, connectors and the
 * transports a protocol writes to. Bytes travel as UTF-8; each end decodes
 * with a streaming decoder, so a character split across segments arrives whole.
 */
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { Deferred, succeed } from "./defer";
import { IPv4Address } from "./address";
import {
  CannotListenError,
  ConnectionDone,
  ConnectionLost,
  ConnectionRefusedError,
} from "./error";
import type { ClientFactory, Factory, IConnector, ITransport, Protocol } from "./protocol";
import type { SimulatedReactor } from "./simulated-reactor";
import { logUnhandledError } from "./unhandled";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "0.0.0.0", ""]);
const LOOPBACK = "127.0.0.1";
const FIRST_EPHEMERAL_PORT = 50000;

/** A snapshot of one open connection, for the reactor view and netstat. */
export interface ConnectionInfo {
  readonly local: string;
  readonly remote: string;
  readonly protocol: string;
}

export class SimulatedNetwork {
  /** Seconds a segment takes from one end to the other. */
  latency = 0;
  private readonly ports = new Map<number, SimulatedPort>();
  private readonly transports = new Set<SimulatedTransport>();
  private nextEphemeralPort = FIRST_EPHEMERAL_PORT;
  private readonly reactor: SimulatedReactor;
  private readonly encoder = new TextEncoder();

  constructor(reactor: SimulatedReactor) {
    this.reactor = reactor;
  }

  /** Listening ports, in port order. */
  listeningPorts(): SimulatedPort[] {
    return [...this.ports.values()].sort((a, b) => a.port - b.port);
  }

  /** Open connections, server and client ends alike. */
  connections(): ConnectionInfo[] {
    return [...this.transports].map((t) => ({
      local: `${t.getHost().host}:${t.getHost().port}`,
      remote: `${t.getPeer().host}:${t.getPeer().port}`,
      protocol: t.protocol.constructor.name,
    }));
  }

  /** @throws CannotListenError when the port is taken. */
  listen(port: number, factory: Factory, iface: string): SimulatedPort {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CannotListenError(iface, port, "port must be 0-65535");
    }
    if (port === 0) port = this.allocatePort();
    if (this.ports.has(port)) throw new CannotListenError(iface, port, "[Errno 98] Address already in use");
    const listening = new SimulatedPort(this, port, factory, iface);
    this.ports.set(port, listening);
    log.msg(`${factory.logPrefix()} starting on ${port}`);
    factory.doStart();
    return listening;
  }

  connect(host: string, port: number, factory: ClientFactory, timeout: number): SimulatedConnector {
    const connector = new SimulatedConnector(this, host, port, factory, timeout);
    connector.connect();
    return connector;
  }

  /** Engine use: called by the reactor during shutdown. */
  shutDown(): void {
    for (const listening of this.listeningPorts()) listening.close();
    for (const transport of [...this.transports]) transport.closeNow(new ConnectionLost(), true);
  }

  /** @internal */
  unlisten(port: SimulatedPort): void {
    if (this.ports.get(port.port) === port) this.ports.delete(port.port);
  }

  /** @internal Tries a connection now; returns the client's transport, or null when refused. */
  attempt(connector: SimulatedConnector): "refused" | "connected" {
    const listening = LOCAL_HOSTS.has(connector.host) ? this.ports.get(connector.port) : undefined;
    if (!listening) return "refused";
    const clientAddress = new IPv4Address("TCP", LOOPBACK, this.allocatePort());
    const serverAddress = new IPv4Address("TCP", LOOPBACK, listening.port);
    const serverProtocol = this.build(listening.factory, clientAddress);
    const clientProtocol = this.build(connector.factory, serverAddress);
    if (!clientProtocol) return "refused";
    const clientEnd = new SimulatedTransport(this, clientProtocol, clientAddress, serverAddress);
    clientEnd.onClosed = (reason) => connector.connectionLost(reason);
    if (!serverProtocol) {
      // The server refused in buildProtocol: it accepted, then closed at once.
      clientEnd.open();
      this.reactor.scheduleIo(this.latency, () => clientEnd.receiveEof());
      return "connected";
    }
    const serverEnd = new SimulatedTransport(this, serverProtocol, serverAddress, clientAddress);
    serverEnd.peer = clientEnd;
    clientEnd.peer = serverEnd;
    serverEnd.open();
    clientEnd.open();
    return "connected";
  }

  /** @internal */
  track(transport: SimulatedTransport, open: boolean): void {
    if (open) this.transports.add(transport);
    else this.transports.delete(transport);
  }

  /** @internal Sends bytes to `to`, arriving after the network latency. */
  send(to: SimulatedTransport | null, data: Uint8Array): void {
    this.reactor.scheduleIo(this.latency, () => to?.receive(data));
  }

  /** @internal Tells `to` that the other end closed (cleanly, or with a reset). */
  sendClose(to: SimulatedTransport | null, reset: boolean): void {
    this.reactor.scheduleIo(this.latency, () => (reset ? to?.receiveReset() : to?.receiveEof()));
  }

  /** @internal */
  encode(data: string | Uint8Array): Uint8Array {
    if (typeof data === "string") return this.encoder.encode(data);
    if (data instanceof Uint8Array) return data;
    throw new TypeError(`Data must be a string or bytes, not ${describeType(data)}`);
  }

  /** @internal */
  get simulation(): SimulatedReactor {
    return this.reactor;
  }

  private build(factory: Factory, address: IPv4Address): Protocol | null {
    let built: Protocol | null = null;
    this.reactor.guarded(() => {
      built = factory.buildProtocol(address);
    });
    return built;
  }

  private allocatePort(): number {
    while (this.ports.has(this.nextEphemeralPort)) this.nextEphemeralPort++;
    return this.nextEphemeralPort++;
  }
}

/** A listening TCP port (IListeningPort). */
export class SimulatedPort {
  private closed = false;
  constructor(
    private readonly network: SimulatedNetwork,
    readonly port: number,
    readonly factory: Factory,
    readonly iface: string,
  ) {}

  /** Stops accepting connections; the Deferred fires once the port is closed. */
  stopListening(): Deferred<null> {
    if (this.closed) return succeed(null);
    const done = new Deferred<null>();
    this.network.simulation.scheduleIo(0, () => {
      this.close();
      done.callback(null);
    });
    return done;
  }

  /** The address this port listens on. */
  getHost(): IPv4Address {
    return new IPv4Address("TCP", this.iface || "0.0.0.0", this.port);
  }

  /** @internal */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.network.unlisten(this);
    log.msg(`(TCP Port ${this.port} Closed)`);
    this.factory.doStop();
  }
}

/** A client's connection attempt (IConnector). */
export class SimulatedConnector implements IConnector {
  state: "disconnected" | "connecting" | "connected" = "disconnected";
  private attemptId = 0;

  constructor(
    private readonly network: SimulatedNetwork,
    readonly host: string,
    readonly port: number,
    readonly factory: ClientFactory,
    readonly timeout: number,
  ) {}

  /** Starts (or restarts) the connection attempt. */
  connect(): void {
    if (this.state !== "disconnected") throw new Error("can't connect in this state");
    this.state = "connecting";
    const attempt = ++this.attemptId;
    this.factory.doStart();
    this.network.simulation.guarded(() => this.factory.startedConnecting(this));
    this.network.simulation.scheduleIo(this.network.latency, () => {
      if (attempt !== this.attemptId || this.state !== "connecting") return;
      if (this.network.attempt(this) === "refused") this.connectionFailed(new ConnectionRefusedError());
      else this.state = "connected";
    });
  }

  /** Abandons a connection attempt that has not completed. */
  stopConnecting(): void {
    if (this.state !== "connecting") throw new Error("we're not trying to connect");
    this.attemptId++;
    this.connectionFailed(new Error("UserError: User aborted connection."));
  }

  /** Disconnects, whether connecting or connected. */
  disconnect(): void {
    if (this.state === "connecting") this.stopConnecting();
  }

  getDestination(): IPv4Address {
    return new IPv4Address("TCP", this.host, this.port);
  }

  /** @internal */
  connectionLost(reason: Failure): void {
    this.state = "disconnected";
    this.network.simulation.guarded(() => this.factory.clientConnectionLost(this, reason));
    this.factory.doStop();
  }

  private connectionFailed(error: Error): void {
    this.state = "disconnected";
    this.network.simulation.guarded(() => this.factory.clientConnectionFailed(this, new Failure(error)));
    this.factory.doStop();
  }
}

/** One end of a simulated TCP connection: what `this.transport` is inside a protocol. */
export class SimulatedTransport implements ITransport {
  connected = false;
  disconnecting = false;
  /** The other end; null when the server refused in buildProtocol. */
  peer: SimulatedTransport | null = null;
  /** Called once, after the protocol's connectionLost. */
  onClosed: ((reason: Failure) => void) | null = null;
  private closed = false;
  private readonly decoder = new TextDecoder("utf-8");

  constructor(
    private readonly network: SimulatedNetwork,
    readonly protocol: Protocol,
    private readonly host: IPv4Address,
    private readonly remote: IPv4Address,
  ) {}

  /** @internal */
  open(): void {
    this.connected = true;
    this.network.track(this, true);
    this.network.simulation.guarded(() => this.protocol.makeConnection(this));
  }

  write(data: string | Uint8Array): void {
    const bytes = this.network.encode(data);
    if (!this.connected || this.closed || bytes.length === 0) return;
    this.network.send(this.peer, bytes);
  }

  writeSequence(data: Iterable<string | Uint8Array>): void {
    for (const piece of data) this.write(piece);
  }

  loseConnection(): void {
    if (!this.connected || this.disconnecting || this.closed) return;
    this.disconnecting = true;
    // Everything written so far is already queued, so the close follows it.
    this.network.simulation.scheduleIo(0, () => this.closeNow(new ConnectionDone(), false));
  }

  abortConnection(): void {
    if (this.closed) return;
    this.closeNow(new ConnectionLost("Connection was aborted locally, using ITCPTransport.abortConnection."), true);
  }

  getPeer(): IPv4Address {
    return this.remote;
  }

  getHost(): IPv4Address {
    return this.host;
  }

  /** @internal Bytes arrived from the peer. */
  receive(data: Uint8Array): void {
    if (this.closed || this.disconnecting) return;
    const text = this.decoder.decode(data, { stream: true });
    if (!text) return;
    try {
      this.protocol.dataReceived(text);
    } catch (thrown) {
      // Twisted logs the error and drops the connection that raised it.
      logUnhandledError(thrown);
      this.closeNow(thrown instanceof Failure ? thrown.value as Error : (thrown as Error), false);
    }
  }

  /** @internal The peer closed its end; without half-close support this end closes too. */
  receiveEof(): void {
    if (this.closed) return;
    this.finish(new ConnectionDone());
  }

  /** @internal The peer reset the connection. */
  receiveReset(): void {
    if (this.closed) return;
    this.finish(new ConnectionLost());
  }

  /** @internal Closes this end and tells the peer. */
  closeNow(reason: unknown, reset: boolean): void {
    if (this.closed) return;
    this.network.sendClose(this.peer, reset);
    this.finish(reason);
  }

  private finish(reason: unknown): void {
    this.closed = true;
    this.connected = false;
    this.disconnecting = false;
    this.network.track(this, false);
    this.protocol.connected = 0;
    const failure = reason instanceof Failure ? reason : new Failure(reason);
    this.network.simulation.guarded(() => this.protocol.connectionLost(failure));
    this.onClosed?.(failure);
  }
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}
