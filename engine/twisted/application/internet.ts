/**
 * twisted.application.internet: services that listen, connect or repeat. A
 * StreamServerEndpointService listens on an endpoint while it runs; the older
 * TCPServer calls reactor.listenTCP itself. Both bind in
 * privilegedStartService, so twistd can open port 79 before it drops root.
 * TCPClient connects once when started; ClientService keeps a connection up,
 * reconnecting with backoff; TimerService calls a function every few seconds.
 */
import { CancelledError, succeed, type Deferred } from "../internet/defer";
import type { IStreamServerEndpoint } from "../internet/endpoints";
import { installedReactor } from "../internet/installed";
import type { Factory } from "../internet/protocol";
import type { Failure } from "../python/failure";
import * as log from "../python/log";
import { LoopingCall, type IReactorTimeLike } from "../internet/looping-call";
import type { ClientFactory } from "../internet/protocol";
import { Service } from "./service";

export { ClientService, backoffPolicy, type ClientServiceOptions, type RetryPolicy, type RetryClock } from "./client-service";

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

/** The reactor method TCPClient calls, and the connector it returns. */
interface ConnectsTCP {
  connectTCP(host: string, port: number, factory: ClientFactory, timeout?: number, bindAddress?: unknown): { disconnect(): void };
}

/** Options for TCPClient, as Python's keyword arguments. */
export interface TCPClientOptions {
  readonly timeout?: number;
  readonly bindAddress?: unknown;
  readonly reactor?: ConnectsTCP;
}

/**
 * The older way to connect as a service: reactor.connectTCP(host, port,
 * factory) when started, connector.disconnect() when stopped. It does not
 * reconnect by itself (a ReconnectingClientFactory or ClientService does).
 */
export class TCPClient extends Service {
  /** The connector of the current run, while running. */
  _connection: { disconnect(): void } | null = null;

  constructor(
    readonly host: string,
    readonly port: number,
    readonly factory: ClientFactory,
    private readonly options: TCPClientOptions | number = {},
  ) {
    super();
  }

  /** Connects. */
  override startService(): void {
    super.startService();
    const settings: TCPClientOptions = typeof this.options === "number" ? { timeout: this.options } : this.options;
    const reactor = settings.reactor ?? (installedReactor() as unknown as ConnectsTCP);
    this._connection = reactor.connectTCP(this.host, this.port, this.factory, settings.timeout ?? 30, settings.bindAddress ?? null);
  }

  /** Disconnects (or abandons the attempt). Returns nothing to wait for, as in Twisted. */
  override stopService(): undefined {
    super.stopService();
    if (this._connection !== null) {
      this._connection.disconnect();
      this._connection = null;
    }
    return undefined;
  }
}

/**
 * Calls `callable(...args)` every `step` seconds while running, the first
 * time as soon as it starts (a LoopingCall). If a call raises or fails, the
 * error is logged and the calls stop. stopService's Deferred fires once the
 * call in progress (if it returned a Deferred) has finished.
 */
export class TimerService extends Service {
  /** The clock the calls are scheduled on; the installed reactor when null. Set it before startService. */
  clock: IReactorTimeLike | null = null;
  readonly call: readonly [(...args: any[]) => unknown, readonly unknown[]];
  _loop: LoopingCall | null = null;
  _loopFinished: Deferred<unknown> | null = null;

  constructor(
    readonly step: number,
    callable: (...args: any[]) => unknown,
    ...args: unknown[]
  ) {
    super();
    this.call = [callable, args];
  }

  override startService(): void {
    super.startService();
    const [callable, args] = this.call;
    const loop = new LoopingCall(callable, ...args);
    this._loop = loop;
    if (this.clock !== null) loop.clock = this.clock;
    this._loopFinished = loop.start(this.step, true) as Deferred<unknown>;
    this._loopFinished.addErrback((why: Failure) => {
      loop.running = false;
      log.err(why);
      return null;
    });
  }

  /** Stops the calls; the Deferred fires when the call in progress, if any, has finished. */
  override stopService(): Deferred<unknown> {
    if (this._loop?.running) this._loop.stop();
    const finished = this._loopFinished ?? succeed(null);
    finished.addCallback(() => {
      Service.prototype.stopService.call(this);
      return null;
    });
    return finished;
  }
}
