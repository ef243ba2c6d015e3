/**
 * twisted.internet.endpoints: where to listen or connect, described as a
 * string ("tcp:1079", "tcp:host=localhost:port=79") or built directly.
 */
import { Deferred, fail, succeed } from "./defer";
import { Failure } from "../python/failure";
import type { ClientFactory, Factory, Protocol } from "./protocol";
import { ClientFactory as BaseClientFactory } from "./protocol";
import type { IConnector } from "./protocol";
import { FilePath } from "../python/filepath";
import { ClientContextFactory, optionsForClientTLS, PrivateCertificate, Certificate } from "./ssl";
import { unixClientFromDescription, unixServerFromDescription, type IReactorUNIX } from "./unix-endpoints";

export { UNIXClientEndpoint, UNIXServerEndpoint } from "./unix-endpoints";

/** The reactor methods endpoints use. */
export interface IReactorTCP {
  listenTCP(port: number, factory: Factory, backlog?: number, iface?: string): unknown;
  connectTCP(host: string, port: number, factory: ClientFactory, timeout?: number): unknown;
}

/** The reactor methods the TLS endpoints use. */
export interface IReactorSSL {
  listenSSL(port: number, factory: Factory, contextFactory: unknown, backlog?: number, iface?: string): unknown;
  connectSSL(host: string, port: number, factory: ClientFactory, contextFactory: unknown, timeout?: number): unknown;
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
    return whenBound(() => this.reactor.listenTCP(this.port, factory, this.backlog, this.iface));
  }
}

/** A TLS server endpoint: listenSSL on `port` with `contextFactory`'s certificate and key. */
export class SSL4ServerEndpoint implements IStreamServerEndpoint {
  constructor(
    private readonly reactor: IReactorSSL,
    readonly port: number,
    readonly sslContextFactory: unknown,
    readonly backlog = 50,
    readonly iface = "",
  ) {}

  /** Listens with `factory`; the Deferred fails with CannotListenError if the port is taken. */
  listen(factory: Factory): Deferred<any> {
    return whenBound(() => this.reactor.listenSSL(this.port, factory, this.sslContextFactory, this.backlog, this.iface));
  }
}

/**
 * Fires with the port `listen()` made once it is bound (a real socket binds asynchronously), or fails.
 * @internal shared by the TCP, TLS and Unix server endpoints.
 */
export function whenBound(listen: () => unknown): Deferred<any> {
  let port: unknown;
  try {
    port = listen();
  } catch (thrown) {
    return fail(new Failure(thrown));
  }
  const binding = (port as { whenListening?: Deferred<unknown> }).whenListening;
  if (!binding) return succeed(port);
  const listening = new Deferred<any>();
  binding.addCallbacks(
    () => listening.callback(port),
    (failure: Failure) => listening.errback(failure),
  );
  return listening;
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
      connector = this.startConnecting(wrapper) as IConnector;
    } catch (thrown) {
      return fail(new Failure(thrown));
    }
    return connected;
  }

  protected startConnecting(wrapper: ClientFactory): unknown {
    return this.reactor.connectTCP(this.host, this.port, wrapper, this.timeout);
  }
}

/** A TLS client endpoint to `host:port`, with `sslContextFactory` saying what to verify. */
export class SSL4ClientEndpoint extends TCP4ClientEndpoint {
  constructor(
    private readonly sslReactor: IReactorSSL,
    host: string,
    port: number,
    readonly sslContextFactory: unknown,
    timeout = 30,
  ) {
    super(sslReactor as unknown as IReactorTCP, host, port, timeout);
  }

  protected override startConnecting(wrapper: ClientFactory): unknown {
    return this.sslReactor.connectSSL(this.host, this.port, wrapper, this.sslContextFactory, this.timeout);
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
 * with optional ":interface=IP" and ":backlog=N"; or
 * "ssl:port=PORT:privateKey=FILE:certKey=FILE" (privateKey defaults to
 * server.pem, certKey to privateKey). For ssl, both files are read now, from
 * the working directory, as Twisted reads them.
 * @throws ValueError-like Error for an unknown endpoint type or a bad port;
 *   FileNotFoundError for a missing file; OpenSSL.SSL.Error for one that holds
 *   no PEM; VerifyError when the key is not the certificate's.
 */
export function serverFromString(reactor: IReactorTCP, description: string): IStreamServerEndpoint {
  const { kind, positional, named } = parseDescription(description);
  if (kind === "unix") return unixServerFromDescription(reactor as unknown as IReactorUNIX, { positional, named }, description);
  if (kind !== "tcp" && kind !== "ssl") throw new Error(`ValueError: Unknown endpoint type: '${kind}'`);
  const port = parsePort(named.port ?? positional[0], description);
  const backlog = named.backlog ? Number(named.backlog) : 50;
  const iface = named.interface ?? "";
  if (kind === "tcp") return new TCP4ServerEndpoint(reactor, port, backlog, iface);
  const privateKey = named.privateKey ?? "server.pem";
  const certKey = named.certKey ?? privateKey;
  // Twisted reads the certificate first, then the key, and loads them as one PEM.
  const certPEM = new FilePath(certKey).getContent();
  const keyPEM = new FilePath(privateKey).getContent();
  const options = PrivateCertificate.loadPEM(`${certPEM}\n${keyPEM}`).options();
  return new SSL4ServerEndpoint(reactor as unknown as IReactorSSL, port, options, backlog, iface);
}

/**
 * Parses a client description: "tcp:HOST:PORT" or "tcp:host=HOST:port=PORT",
 * with optional ":timeout=SECONDS".
 */
export function clientFromString(reactor: IReactorTCP, description: string): IStreamClientEndpoint {
  const { kind, positional, named } = parseDescription(description);
  if (kind === "unix") return unixClientFromDescription(reactor as unknown as IReactorUNIX, { positional, named }, description);
  if (kind !== "tcp" && kind !== "ssl") throw new Error(`ValueError: Unknown endpoint type: '${kind}'`);
  const host = named.host ?? positional[0];
  if (!host) throw new Error(`ValueError: no host in endpoint description '${description}'`);
  const port = parsePort(named.port ?? positional[1], description);
  const timeout = named.timeout ? Number(named.timeout) : 30;
  if (kind === "tcp") return new TCP4ClientEndpoint(reactor, host, port, timeout);
  return new SSL4ClientEndpoint(reactor as unknown as IReactorSSL, host, port, clientTLSOptions(named), timeout);
}

/**
 * "ssl:" client options as Twisted reads them: with hostname=NAME the server
 * is verified (against the .pem files in caCertsDir=DIR, or the platform's
 * roots); without it nothing is checked.
 */
function clientTLSOptions(named: Record<string, string>): unknown {
  const hostname = named.hostname;
  if (hostname === undefined) return new ClientContextFactory();
  const roots = named.caCertsDir === undefined
    ? null
    : new FilePath(named.caCertsDir).children()
        .filter((child) => child.path.endsWith(".pem"))
        .map((child) => Certificate.loadPEM(child.getContent()));
  return optionsForClientTLS(hostname, roots);
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
