/**
 * twisted.spread.pb: Perspective Broker, Twisted's remote method calls.
 *
 * A server: `reactor.listenTCP(8789, new pb.PBServerFactory(new MyRoot()))`
 * where MyRoot extends pb.Root with remote_* methods. A client:
 * `const factory = new pb.PBClientFactory(); reactor.connectTCP("localhost", 8789, factory);
 * factory.getRootObject().addCallback((root) => root.callRemote("echo", "hi"))`.
 * Login: serve a cred Portal (`new pb.PBServerFactory(portal)`) and call
 * `factory.login(new credentials.UsernamePassword("alice", "1234"))`.
 *
 * Values cross as Twisted's jelly: Python's bytes are Uint8Array and str is
 * string, a tuple is made with jelly.tuple(...), a dict is a plain object.
 * A remote_ method gets its positional arguments; keyword arguments, when
 * the caller sends any, come as one last object.
 */
import { Deferred } from "../internet/defer-core";
import { succeed } from "../internet/defer-basics";
import type { IPv4Address } from "../internet/address";
import type { IConnector } from "../internet/interfaces";
import { ClientFactory, ServerFactory } from "../internet/protocol";
import { IAnonymous, credentialBytes } from "../cred/credentials";
import type { Failure } from "../python/failure";
import { recordModule } from "../../zope/interface/repr";
import { IPBRoot } from "./flavors";
import { globalSecurity, type SecurityOptions } from "./jelly";
import { Broker, type RemoteReference } from "./pb-broker";
import { respond } from "./pb-login";

export {
  Cacheable,
  Copyable,
  IPBRoot,
  Jellyable,
  NoSuchMethod,
  Referenceable,
  RemoteCache,
  RemoteCacheObserver,
  RemoteCopy,
  Root,
  Serializable,
  Viewable,
  ViewPoint,
  copyTags,
  setCopierForClass,
  setCopierForClassTree,
  setFactoryForClass,
  setUnjellyableFactoryForClass,
  setUnjellyableForClass,
  setUnjellyableForClassTree,
} from "./flavors";
export { Broker, Local, MAX_BROKER_REFS, RemoteMethod, RemoteReference } from "./pb-broker";
export { CopiedFailure, CopyableFailure, DeadReferenceError, Error, PBConnectionLost, ProtocolError, RemoteError, failure2Copyable } from "./pb-errors";
export { AsReferenceable, Avatar, IPerspective, IUsernameMD5Password, challenge, respond } from "./pb-login";
export { globalSecurity, tuple } from "./jelly";

/** PB's customary port. */
export const portno = 8787;

/** Credentials a PB client logs in with: a username and password, or Anonymous. */
export interface LoginCredentials {
  username?: Uint8Array | string;
  password?: Uint8Array | string;
}

/**
 * Connects to a PB server: getRootObject() gives the server's root as a
 * RemoteReference, login(credentials) the avatar of a Portal served with PB.
 */
export class PBClientFactory extends ClientFactory {
  unsafeTracebacks: boolean;
  security: SecurityOptions;
  private rootObjectRequests: Deferred<RemoteReference>[] = [];
  private _broker: Broker | null = null;
  private _root: RemoteReference | null = null;

  /**
   * @param unsafeTracebacks true to send full tracebacks of errors to the server.
   * @param security what this client may unjelly.
   */
  constructor(unsafeTracebacks = false, security: SecurityOptions = globalSecurity) {
    super();
    this.unsafeTracebacks = unsafeTracebacks;
    this.security = security;
  }

  override buildProtocol(_addr: IPv4Address): Broker {
    const broker = new Broker(true, this.security);
    broker.factory = this;
    return broker;
  }

  private reset(): void {
    this.rootObjectRequests = [];
    this._broker = null;
    this._root = null;
  }

  private failAll(reason: Failure): void {
    const waiting = this.rootObjectRequests;
    this.reset();
    for (const d of waiting) d.errback(reason);
  }

  override clientConnectionFailed(_connector: IConnector, reason: Failure): void {
    this.failAll(reason);
  }

  override clientConnectionLost(_connector: IConnector, reason: Failure, reconnecting = false): void {
    if (reconnecting) {
      this._broker = null;
      this._root = null;
    } else {
      this.failAll(reason);
    }
  }

  /** Called by the broker once the dialect and version are agreed. */
  clientConnectionMade(broker: Broker): void {
    this._broker = broker;
    this._root = broker.remoteForName("root");
    const waiting = this.rootObjectRequests;
    this.rootObjectRequests = [];
    for (const d of waiting) d.callback(this._root);
  }

  /**
   * The server's root object.
   * @returns a Deferred firing with a RemoteReference once connected, or
   *   failing with the reason the connection failed or was lost.
   */
  getRootObject(): Deferred<RemoteReference> {
    if (this._broker && !this._broker.disconnected) return succeed(this._root!);
    const d = new Deferred<RemoteReference>();
    this.rootObjectRequests.push(d);
    return d;
  }

  /** Closes the connection. */
  disconnect(): void {
    this._broker?.transport?.loseConnection();
  }

  /**
   * Logs in to a Portal served over PB.
   * @param credentials a UsernamePassword (or Anonymous).
   * @param client an object the server's avatar may call back (a Referenceable), or null.
   * @returns a Deferred firing with the avatar as a RemoteReference, or
   *   failing with a CopiedFailure of UnauthorizedLogin for a bad username or password.
   */
  login(credentials: LoginCredentials, client: unknown = null): Deferred<RemoteReference> {
    const d = this.getRootObject();
    const anonymous: boolean = IAnonymous.providedBy(credentials as unknown);
    if (anonymous) {
      return d.addCallback((root: RemoteReference) => root.callRemote("loginAnonymous", client));
    }
    return d.addCallback((root: RemoteReference) =>
      root
        .callRemote("login", credentialBytes(credentials.username ?? ""))
        .addCallback(([challenge, challenger]: [Uint8Array, RemoteReference]) =>
          challenger.callRemote("respond", respond(challenge, credentials.password ?? new Uint8Array(0)), client),
        ),
    );
  }
}

/** Serves a root object (a pb.Root, or a cred Portal) to every PB client. */
export class PBServerFactory extends ServerFactory {
  readonly root: { rootObject(broker: Broker): unknown };
  unsafeTracebacks: boolean;
  security: SecurityOptions;

  /**
   * @param root a pb.Root (or anything IPBRoot adapts, such as a Portal).
   * @param unsafeTracebacks true to send clients the full traceback of errors.
   * @param security what the server may unjelly.
   * @throws TypeError (zope's "Could not adapt") when root is neither.
   */
  constructor(root: unknown, unsafeTracebacks = false, security: SecurityOptions = globalSecurity) {
    super();
    this.root = IPBRoot(root) as { rootObject(broker: Broker): unknown };
    this.unsafeTracebacks = unsafeTracebacks;
    this.security = security;
  }

  override buildProtocol(_addr: IPv4Address): Broker {
    const broker = new Broker(false, this.security);
    broker.factory = this;
    broker.setNameForLocal("root", this.root.rootObject(broker));
    return broker;
  }

  /** Hook: a client connected (PBClientFactory uses it; servers ignore it). */
  clientConnectionMade(_broker: Broker): void {}
}

for (const cls of [PBClientFactory, PBServerFactory]) recordModule(cls, "twisted.spread.pb");
