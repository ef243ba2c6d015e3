/**
 * twisted.internet.endpoints for Unix domain sockets: UNIXServerEndpoint,
 * UNIXClientEndpoint, and the `unix:` strings serverFromString and
 * clientFromString accept ("unix:/var/run/x.sock", "unix:address=PATH:mode=660:lockfile=0"
 * to listen; "unix:/var/run/x.sock", "unix:path=PATH:timeout=5" to connect).
 */
import { Deferred, fail } from "./defer";
import { Failure } from "../python/failure";
import type { ClientFactory, Factory, IConnector, Protocol } from "./protocol";
import { WrappingFactory, whenBound, type IStreamClientEndpoint, type IStreamServerEndpoint } from "./endpoints";

/** The reactor methods Unix endpoints use. */
export interface IReactorUNIX {
  listenUNIX(address: string, factory: Factory, backlog?: number, mode?: number, wantPID?: boolean | number): unknown;
  connectUNIX(address: string, factory: ClientFactory, timeout?: number, checkPID?: boolean | number): unknown;
}

/** A server endpoint on the Unix domain socket at `address`. */
export class UNIXServerEndpoint implements IStreamServerEndpoint {
  constructor(
    private readonly reactor: IReactorUNIX,
    readonly address: string,
    readonly backlog = 50,
    readonly mode = 0o666,
    /** Take the lock PATH.lock, and remove a socket a dead listener left behind. */
    readonly wantPID: boolean | number = 0,
  ) {}

  /** Listens with `factory`; the Deferred fails with CannotListenError if a file is already at the path. */
  listen(factory: Factory): Deferred<any> {
    return whenBound(() => this.reactor.listenUNIX(this.address, factory, this.backlog, this.mode, this.wantPID));
  }
}

/** A client endpoint to the Unix domain socket at `path`. */
export class UNIXClientEndpoint implements IStreamClientEndpoint {
  constructor(
    private readonly reactor: IReactorUNIX,
    readonly path: string,
    readonly timeout = 30,
    readonly checkPID: boolean | number = 0,
  ) {}

  /** Connects and fires with the protocol `factory` built; a failure (no such file, refused) errbacks. */
  connect(factory: Factory): Deferred<Protocol> {
    let connector: IConnector | null = null;
    const connected = new Deferred<Protocol>(() => {
      try {
        connector?.stopConnecting();
      } catch {
        // Already connected or failed: nothing to stop.
      }
    });
    const wrapper = new WrappingFactory(factory, connected);
    try {
      connector = this.reactor.connectUNIX(this.path, wrapper, this.timeout, this.checkPID) as IConnector;
    } catch (thrown) {
      return fail(new Failure(thrown));
    }
    return connected;
  }
}

/** A parsed description: positional arguments and NAME=VALUE ones. */
interface Description {
  readonly positional: readonly string[];
  readonly named: Readonly<Record<string, string>>;
}

/**
 * The server endpoint a `unix:` description names, with Twisted's defaults:
 * mode 666 (octal), backlog 50, lockfile 1.
 * @throws Error (ValueError) for a missing path or a bad number.
 */
export function unixServerFromDescription(reactor: IReactorUNIX, { positional, named }: Description, description: string): UNIXServerEndpoint {
  const address = named.address ?? positional[0];
  if (!address) throw new Error(`ValueError: no path in endpoint description '${description}'`);
  const mode = parseInteger(named.mode ?? "666", 8, description);
  const backlog = parseInteger(named.backlog ?? "50", 10, description);
  const lockfile = parseInteger(named.lockfile ?? "1", 10, description);
  return new UNIXServerEndpoint(reactor, address, backlog, mode, lockfile !== 0);
}

/**
 * The client endpoint a `unix:` description names ("unix:PATH" or
 * "unix:path=PATH", optional timeout= and lockfile=).
 * @throws Error (ValueError) for a missing path or a bad number.
 */
export function unixClientFromDescription(reactor: IReactorUNIX, { positional, named }: Description, description: string): UNIXClientEndpoint {
  const path = named.path ?? positional[0];
  if (!path) throw new Error(`ValueError: no path in endpoint description '${description}'`);
  const timeout = parseInteger(named.timeout ?? "30", 10, description);
  const lockfile = parseInteger(named.lockfile ?? "0", 10, description);
  return new UNIXClientEndpoint(reactor, path, timeout, lockfile !== 0);
}

function parseInteger(text: string, radix: number, description: string): number {
  const digits = radix === 8 ? /^[0-7]+$/ : /^-?\d+$/;
  if (!digits.test(text)) {
    throw new Error(`ValueError: invalid literal for int() with base ${radix}: '${text}' in endpoint description '${description}'`);
  }
  return parseInt(text, radix);
}
