/**
 * twisted.internet.protocol: Protocol (what to do with a connection) and the
 * factories that make one Protocol per connection.
 */
import type { IPv4Address } from "./address";
import type { Failure } from "../python/failure";
import * as log from "../python/log";

/** What a protocol writes to and closes: the connection as seen from one end. */
export interface ITransport {
  /** Sends text (UTF-8 on the wire) or raw bytes. */
  write(data: string | Uint8Array): void;
  /** Sends several pieces, in order. */
  writeSequence(data: Iterable<string | Uint8Array>): void;
  /** Closes the connection once everything written so far has been sent. */
  loseConnection(): void;
  /** Closes the connection at once, dropping unsent data. */
  abortConnection(): void;
  /** The address of the other end. */
  getPeer(): IPv4Address;
  /** The address of this end. */
  getHost(): IPv4Address;
  /** True once loseConnection() has been called. */
  readonly disconnecting: boolean;
  /** True while the connection is open. */
  readonly connected: boolean;
}

/** The common part of every protocol: it gets a transport when the connection is made. */
export class BaseProtocol {
  /** 1 while connected, as in Twisted. */
  connected = 0;
  /** The connection, set by makeConnection. */
  transport: ITransport | null = null;

  /** Called by the transport: stores it and calls connectionMade(). */
  makeConnection(transport: ITransport): void {
    this.connected = 1;
    this.transport = transport;
    this.connectionMade();
  }

  /** Hook: the connection is ready; override it to greet the peer or to close. */
  connectionMade(): void {}
}

/**
 * A stream protocol: override dataReceived to handle what arrives and
 * connectionLost to clean up. `F` is the type of the factory that built it.
 */
export class Protocol<F = any> extends BaseProtocol {
  /** The factory that built this protocol (set by buildProtocol). */
  factory: F = null as F;

  /**
   * Hook: some data arrived. TCP is a stream: this may be part of a message,
   * or several messages at once.
   */
  dataReceived(data: string): void {
    void data;
  }

  /** Hook: the connection is gone; `reason` wraps ConnectionDone or ConnectionLost. */
  connectionLost(reason: Failure): void {
    void reason;
  }

  /** The name the reactor's log lines use for this protocol. */
  logPrefix(): string {
    return this.constructor.name;
  }
}

/** A protocol class, as a factory's `protocol` attribute holds. */
export type ProtocolClass = new () => Protocol;

/** Builds one protocol per connection. Set `protocol` to the class to build. */
export class Factory {
  /** The Protocol class buildProtocol instantiates. */
  protocol: ProtocolClass | null = null;
  /** Log "Starting factory" and "Stopping factory" lines. */
  noisy = true;
  /** How many ports or connectors are using this factory. */
  numPorts = 0;

  /** A factory for `protocolClass`, with extra attributes copied onto it. */
  static forProtocol<T extends Factory>(
    this: new () => T,
    protocolClass: ProtocolClass,
    attributes: Record<string, unknown> = {},
  ): T {
    const factory = new this();
    factory.protocol = protocolClass;
    Object.assign(factory, attributes);
    return factory;
  }

  /** Called by every port or connector when it starts using this factory. */
  doStart(): void {
    if (!this.numPorts) {
      if (this.noisy) log.msg(`Starting factory ${this.logRepr()}`);
      this.startFactory();
    }
    this.numPorts++;
  }

  /** Called when a port or connector stops using this factory. */
  doStop(): void {
    if (this.numPorts === 0) return;
    this.numPorts--;
    if (!this.numPorts) {
      if (this.noisy) log.msg(`Stopping factory ${this.logRepr()}`);
      this.stopFactory();
    }
  }

  /** Hook: the factory is in use (the first port started listening). */
  startFactory(): void {}

  /** Hook: the factory is no longer in use. */
  stopFactory(): void {}

  /**
   * Makes the protocol for a new connection: an instance of `this.protocol`
   * with its `factory` set. Return null to refuse the connection.
   */
  buildProtocol(addr: IPv4Address): Protocol | null {
    void addr;
    if (!this.protocol) throw new TypeError(`${this.constructor.name}.protocol is not set`);
    const built = new this.protocol();
    built.factory = this;
    return built;
  }

  /** The name used in log lines, e.g. "FingerFactory". */
  logPrefix(): string {
    return this.constructor.name;
  }

  private logRepr(): string {
    return `<${this.constructor.name} object>`;
  }
}

/** A factory for servers. */
export class ServerFactory extends Factory {}

/** Something connectTCP returns: it can stop a connection attempt or retry it. */
export interface IConnector {
  stopConnecting(): void;
  disconnect(): void;
  connect(): void;
  getDestination(): IPv4Address;
}

/** A factory for clients, told how each connection attempt ends. */
export class ClientFactory extends Factory {
  /** Hook: a connection attempt has begun. */
  startedConnecting(connector: IConnector): void {
    void connector;
  }

  /** Hook: a connection attempt failed (e.g. ConnectionRefusedError). */
  clientConnectionFailed(connector: IConnector, reason: Failure): void {
    void connector;
    void reason;
  }

  /** Hook: an established connection was lost. */
  clientConnectionLost(connector: IConnector, reason: Failure): void {
    void connector;
    void reason;
  }
}
