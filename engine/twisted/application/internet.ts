/**
 * twisted.application.internet: services that listen. A
 * StreamServerEndpointService listens on an endpoint while it runs; the older
 * TCPServer calls reactor.listenTCP itself. Both bind in
 * privilegedStartService, so twistd can open port 79 before it drops root.
 */
import { CancelledError, succeed, type Deferred } from "../internet/defer";
import type { IStreamServerEndpoint } from "../internet/endpoints";
import { installedReactor } from "../internet/installed";
import type { Factory } from "../internet/protocol";
import type { Failure } from "../python/failure";
import * as log from "../python/log";
import { Service } from "./service";

/** A listening port, as far as these services need it. */
interface ListeningPort {
  stopListening(): unknown;
}

/** Runs a server on an endpoint: listens when started, stops listening when stopped. */
export class StreamServerEndpointService extends Service {
  /**
   * Engine and strports use: true makes a failure to listen during
   * privilegedStartService throw there (twistd then refuses to start)
   * instead of being logged.
   */
  _raiseSynchronously = false;
  /** The endpoint's listen() Deferred, once listening has begun. */
  _waitingForPort: Deferred<ListeningPort | null> | null = null;

  constructor(
    readonly endpoint: IStreamServerEndpoint,
    readonly factory: Factory,
  ) {
    super();
  }

  /** Starts listening on the endpoint. @throws the listening error (e.g. CannotListenError) when _raiseSynchronously is set. */
  override privilegedStartService(): void {
    super.privilegedStartService();
    const waiting = this.endpoint.listen(this.factory) as Deferred<ListeningPort | null>;
    this._waitingForPort = waiting;
    const raisedNow: Failure[] = [];
    waiting.addErrback((failure: Failure) => {
      if (this._raiseSynchronously) raisedNow.push(failure);
      else if (!failure.check(CancelledError)) log.err(failure);
      return null;
    });
    if (raisedNow.length) raisedNow[0]!.raiseException();
    this._raiseSynchronously = false;
  }

  /** Starts the service, and listens unless privilegedStartService already did. */
  override startService(): void {
    super.startService();
    if (this._waitingForPort === null) this.privilegedStartService();
  }

  /** Stops listening (or gives up waiting to); the Deferred fires once the port is closed. */
  override stopService(): Deferred<unknown> {
    const waiting = this._waitingForPort;
    if (waiting === null) {
      // Never started: nothing to close.
      this.running = false;
      return succeed(null);
    }
    waiting.cancel();
    return waiting
      .addCallback((port: ListeningPort | null) => (port ? port.stopListening() : null))
      .addBoth((passthrough: unknown) => {
        this.running = false;
        return passthrough;
      });
  }
}

/** The reactor method TCPServer calls. */
interface ListensTCP {
  listenTCP(port: number, factory: Factory, backlog?: number, iface?: string): ListeningPort;
}

/** Options for TCPServer, as Python's keyword arguments. */
export interface TCPServerOptions {
  readonly backlog?: number;
  readonly interface?: string;
  readonly reactor?: ListensTCP;
}

/** The older way to listen as a service: reactor.listenTCP(port, factory) while running. */
export class TCPServer extends Service {
  private port: ListeningPort | null = null;

  constructor(
    readonly portNumber: number,
    readonly factory: Factory,
    private readonly options: TCPServerOptions = {},
  ) {
    super();
  }

  /** Listens now. @throws CannotListenError when the port is taken. */
  override privilegedStartService(): void {
    super.privilegedStartService();
    this.port = this.listen();
  }

  override startService(): void {
    super.startService();
    if (this.port === null) this.port = this.listen();
  }

  /** Stops listening; the Deferred fires once the port is closed. */
  override stopService(): unknown {
    super.stopService();
    const port = this.port;
    this.port = null;
    return port ? port.stopListening() : undefined;
  }

  private listen(): ListeningPort {
    const reactor = this.options.reactor ?? (installedReactor() as unknown as ListensTCP);
    return reactor.listenTCP(this.portNumber, this.factory, this.options.backlog ?? 50, this.options.interface ?? "");
  }
}
