/**
 * twisted.internet.endpoints: where to listen or connect, described as a
 * string ("tcp:1079", "tcp:host=localhost:port=79") or built directly.
 */
import { Deferred, fail, succeed } from "./defer";
import { Failure } from "../python/failure";
import type { ClientFactory, Factory, Protocol } from "./protocol";
import { ClientFactory as BaseClientFactory } from "./protocol";
import type { IConnector } from "./protocol";
import { unixClientFromDescription, unixServerFromDescription, type IReactorUNIX } from "./unix-endpoints";

export { UNIXClientEndpoint, UNIXServerEndpoint } from "./unix-endpoints";

/** The reactor methods endpoints use. */
export interface IReactorTCP {
  listenTCP(port: number, factory: Factory, backlog?: number, iface?: string): unknown;
  connectTCP(host: string, port: number, factory: ClientFactory, timeout?: number): unknown;
}

/** Something that can listen: listen(factory) fires with the listening port. */
export interface IStreamServerEndpoint {
  listen(factory: Factory): Deferred<any>;
}

/** Something that can connect: connect(factory) fires with the connected protocol. */
export interface IStreamClientEndpoint {
  connect(factory: Factory): Deferred<Protocol>;
}

/** A TCP server endpoint on `port`, optionally bound to one interface. */
export class TCP4ServerEndpoint implements IStreamServerEndpoint {
  constructor(
    private readonly reactor: IReactorTCP,
    readonly port: number,
    readonly backlog = 50,
    readonly iface = "",
  ) {}

  /** Listens with `factory`; the Deferred fails with CannotListenError if the port is taken. */
  listen(factory: Factory): Deferred<any> {
    let port: unknown;
    try {
      port = this.reactor.listenTCP(this.port, factory, this.backlog, this.iface);
    } catch (thrown) {
      return fail(new Failure(thrown));
    }
    // A real socket binds asynchronously: its port says when it is listening.
    const binding = (port as { whenListening?: Deferred<unknown> }).whenListening;
    if (!binding) return succeed(port);
    const listening = new Deferred<any>();
    binding.addCallbacks(
      () => listening.callback(port),
      (failure: Failure) => listening.errback(failure),
    );
    return listening;
  }
}

/** A TCP client endpoint to `host:port`. */
export class TCP4ClientEndpoint implements IStreamClientEndpoint {
  constructor(
    private readonly reactor: IReactorTCP,
    readonly host: string,
    readonly port: number,
    readonly timeout = 30,
  ) {}

  /**
   * Connects and fires with the protocol `factory` built, once connected.
   * A failure errbacks the Deferred; unlike connectTCP, the factory's
   * clientConnectionFailed is not called.
   */
  connect(factory: Factory): Deferred<Protocol> {
    let connector: IConnector | null = null;
    // Cancelling the attempt stops connecting, as Twisted's endpoint does.
    const connected = new Deferred<Protocol>(() => {
      try {
        connector?.stopConnecting();
      } catch {
        // Already connected or failed: nothing to stop.
      }
    });
    const wrapper = new WrappingFactory(factory, connected);
    try {
      connector = this.reactor.connectTCP(this.host, this.port, wrapper, this.timeout) as IConnector;
    } catch (thrown) {
      return fail(new Failure(thrown));
    }
    return connected;
  }
}

/** Twisted's HostnameEndpoint: here the same as a TCP4ClientEndpoint (names resolve either way). */
export class HostnameEndpoint extends TCP4ClientEndpoint {}

/** Hands the user's factory the connection and routes failure to a Deferred (unix-endpoints.ts uses it too). */
export class WrappingFactory extends BaseClientFactory {
  constructor(
    private readonly wrapped: Factory,
    private readonly connected: Deferred<Protocol>,
  ) {
    super();
    this.noisy = false;
  }

  /** Start notifications go straight through to the wrapped factory, as in Twisted ("Starting factory <F>"). */
  override doStart(): void {
    this.wrapped.doStart();
  }

  /** Stop notifications go straight through to the wrapped factory. */
  override doStop(): void {
    this.wrapped.doStop();
  }

  override buildProtocol(addr: Parameters<Factory["buildProtocol"]>[0]): Protocol | null {
    let built: Protocol | null;
    try {
      built = this.wrapped.buildProtocol(addr);
    } catch (thrown) {
      this.connected.errback(thrown);
      return null;
    }
    if (built) {
      const protocol = built;
      const made = protocol.makeConnection.bind(protocol);
      protocol.makeConnection = (transport) => {
        made(transport);
        if (!this.connected.called) this.connected.callback(protocol);
      };
    }
    return built;
  }

  override clientConnectionFailed(connector: IConnector, reason: Failure): void {
    void connector;
    if (!this.connected.called) this.connected.errback(reason);
  }
}

/**
 * Parses a server description: "tcp:PORT", "tcp:port=PORT",
 * with optional ":interface=IP" and ":backlog=N".
 * @throws ValueError-like Error for an unknown endpoint type or a bad port.
 */
export function serverFromString(reactor: IReactorTCP, description: string): IStreamServerEndpoint {
  const { kind, positional, named } = parseDescription(description);
  if (kind === "unix") return unixServerFromDescription(reactor as unknown as IReactorUNIX, { positional, named }, description);
  if (kind !== "tcp") throw new Error(`ValueError: Unknown endpoint type: '${kind}'`);
  const port = parsePort(named.port ?? positional[0], description);
  const backlog = named.backlog ? Number(named.backlog) : 50;
  return new TCP4ServerEndpoint(reactor, port, backlog, named.interface ?? "");
}

/**
 * Parses a client description: "tcp:HOST:PORT" or "tcp:host=HOST:port=PORT",
 * with optional ":timeout=SECONDS".
 */
export function clientFromString(reactor: IReactorTCP, description: string): IStreamClientEndpoint {
  const { kind, positional, named } = parseDescription(description);
  if (kind === "unix") return unixClientFromDescription(reactor as unknown as IReactorUNIX, { positional, named }, description);
  if (kind !== "tcp") throw new Error(`ValueError: Unknown endpoint type: '${kind}'`);
  const host = named.host ?? positional[0];
  if (!host) throw new Error(`ValueError: no host in endpoint description '${description}'`);
  const port = parsePort(named.port ?? positional[1], description);
  const timeout = named.timeout ? Number(named.timeout) : 30;
  return new TCP4ClientEndpoint(reactor, host, port, timeout);
}

/** Connects `protocol` itself (not a factory) through `endpoint`; fires with it once connected. */
export function connectProtocol<P extends Protocol>(endpoint: IStreamClientEndpoint, protocol: P): Deferred<P> {
  const factory = new BaseClientFactory();
  factory.noisy = false;
  factory.buildProtocol = () => protocol;
  return endpoint.connect(factory) as unknown as Deferred<P>;
}

function parseDescription(description: string) {
  if (typeof description !== "string") throw new TypeError("endpoint description must be a string");
  const [kind = "", ...rest] = description.split(":");
  const positional: string[] = [];
  const named: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf("=");
    if (eq >= 0) named[part.slice(0, eq)] = part.slice(eq + 1);
    else positional.push(part);
  }
  return { kind: kind.toLowerCase(), positional, named };
}

function parsePort(text: string | undefined, description: string): number {
  const port = Number(text);
  if (text === undefined || text === "" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`ValueError: invalid port in endpoint description '${description}'`);
  }
  return port;
}
