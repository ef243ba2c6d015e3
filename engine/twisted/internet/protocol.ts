/**
 * twisted.internet.protocol: Protocol (what to do with a connection) and the
 * factories that make one Protocol per connection.
 */
import type { IPv4Address } from "./address";
import { Deferred } from "./defer";
import type { Failure } from "../python/failure";
import * as log from "../python/log";
import { normalvariate } from "../python/random";
import { installedReactor } from "./installed";
import { IProtocol, IProtocolFactory, type IConnector, type IReactor, type ITransport } from "./interfaces";
import { classImplements } from "../../zope/interface";

export { DatagramProtocol, ConnectedDatagramProtocol } from "./datagram-protocol";
export { ProcessProtocol, type IProcessTransport } from "./process-protocol";
/** The interfaces protocols deal in, where Twisted code finds them too (they live in interfaces.ts). */
export type { IConnector, IConsumer, IProducer, IPushProducer, IPullProducer, ITransport } from "./interfaces";

/** The common part of every protocol: it gets a transport when the connection is made. */
export class BaseProtocol {
  /** 1 while connected, as in Twisted. */
  connected = 0;
  /** Engine extension: true to receive Uint8Array instead of UTF-8 text in dataReceived. */
  receivesBytes = false;
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

classImplements(Protocol, IProtocol);
classImplements(Factory, IProtocolFactory);

/** A factory for servers. */
export class ServerFactory extends Factory {}

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

/**
 * A client factory that reconnects after a failed or lost connection, with
 * exponential backoff and jitter (Twisted's defaults: 1 s, times e, at most an
 * hour). Call resetDelay() once connected, stopTrying() to give up.
 */
export class ReconnectingClientFactory extends ClientFactory {
  maxDelay = 3600;
  initialDelay = 1.0;
  factor = 2.7182818284590451;
  jitter = 0.119626565582;
  delay = this.initialDelay;
  retries = 0;
  /** null: retry forever. */
  maxRetries: number | null = null;
  continueTrying = true;
  connector: IConnector | null = null;
  /** The reactor used for callLater; the installed one when null. */
  clock: Pick<IReactor, "callLater"> | null = null;
  private callID: { cancel(): void; active(): boolean } | null = null;

  override clientConnectionFailed(connector: IConnector, reason: Failure): void {
    void reason;
    if (this.continueTrying) {
      this.connector = connector;
      this.retry();
    }
  }

  override clientConnectionLost(connector: IConnector, reason: Failure): void {
    void reason;
    if (this.continueTrying) {
      this.connector = connector;
      this.retry();
    }
  }

  /**
   * Connects again after the next delay in the backoff.
   * @throws Error (ValueError) when there is no connector to retry.
   */
  retry(connector: IConnector | null = null): void {
    if (!this.continueTrying) {
      if (this.noisy) log.msg(`Abandoning ${connector} on explicit request`);
      return;
    }
    const target = connector ?? this.connector;
    if (!target) throw new Error("ValueError: no connector to retry");
    this.retries++;
    if (this.maxRetries !== null && this.retries > this.maxRetries) {
      if (this.noisy) log.msg(`Abandoning ${target} after ${this.retries} retries.`);
      return;
    }
    this.delay = Math.min(this.delay * this.factor, this.maxDelay);
    if (this.jitter) {
      const reactor = installedReactor();
      this.delay = normalvariate(() => reactor.random(), this.delay, this.delay * this.jitter);
    }
    if (this.noisy) log.msg(`${target} will retry in ${Math.floor(this.delay)} seconds`);
    const clock = this.clock ?? installedReactor();
    this.callID = clock.callLater(this.delay, () => {
      this.callID = null;
      target.connect();
    });
  }

  /** Gives up: cancels a pending retry and any attempt in progress. */
  stopTrying(): void {
    if (this.callID?.active()) this.callID.cancel();
    this.callID = null;
    this.continueTrying = false;
    if (this.connector) {
      try {
        this.connector.stopConnecting();
      } catch {
        // Not connecting (NotConnectingError): nothing to abandon.
      }
    }
  }

  /** Call after a successful connection: the next failure starts the backoff afresh. */
  resetDelay(): void {
    this.delay = this.initialDelay;
    this.retries = 0;
    this.callID = null;
    this.continueTrying = true;
  }
}

/**
 * Connects one protocol instance without writing a factory:
 * `new ClientCreator(reactor, Finger, arg).connectTCP(host, port)` fires with
 * the connected protocol, or fails (e.g. ConnectionRefusedError).
 */
export class ClientCreator<P extends Protocol = Protocol> {
  private readonly args: unknown[];

  constructor(
    private readonly reactor: Pick<IReactor, "connectTCP">,
    private readonly protocolClass: new (...args: any[]) => P,
    ...args: unknown[]
  ) {
    this.args = args;
  }

  /** Connects to `host:port`; the Deferred fires with the protocol once connected. */
  connectTCP(host: string, port: number, timeout = 30): Deferred<P> {
    const connected = new Deferred<P>();
    const creator = this;
    class CreatorFactory extends ClientFactory {
      override noisy = false;
      override buildProtocol(): Protocol {
        const built = new creator.protocolClass(...creator.args);
        const made = built.makeConnection.bind(built);
        built.makeConnection = (transport) => {
          made(transport);
          if (!connected.called) connected.callback(built);
        };
        return built;
      }
      override clientConnectionFailed(_connector: IConnector, reason: Failure): void {
        if (!connected.called) connected.errback(reason);
      }
    }
    this.reactor.connectTCP(host, port, new CreatorFactory(), timeout);
    return connected;
  }
}
