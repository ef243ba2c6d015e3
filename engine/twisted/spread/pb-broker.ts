/**
 * The Broker: one end of a PB connection. It keeps the objects this end has
 * sent by reference (by a local ID), the calls waiting for an answer, and
 * turns ["message", requestID, objectID, name, answerRequired, args, kwargs]
 * into a call of remote_<name>, answering with ["answer", requestID, result]
 * or ["error", requestID, failure]. The same messages as Twisted's pb.py.
 */
import { Deferred, passthru } from "../internet/defer-core";
import { ensureDeferred } from "../internet/defer-inline";
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { recordModule } from "../../zope/interface/repr";
import { Local, RemoteReference, type LocalID } from "./pb-reference";
import { Banana, latin1Text, type BananaValue } from "./banana";
import { receiveAnswer, recvMessage, sendMessage } from "./pb-broker-calls";
import { RemoteCacheObserver, type Serializable, type RemoteCache } from "./flavors";
import { globalSecurity, jelly, unjelly, type Sexp, type SecurityOptions } from "./jelly";
import { atom, fromUtf8, utf8 } from "./jelly-types";
import { Error as PBError, PBConnectionLost, ProtocolError } from "./pb-errors";

/** The most objects one broker keeps for its peer. */
export const MAX_BROKER_REFS = 1024;


/** A local object's map key: a number stays a number, a name ("root") becomes "name:root". */
function localKey(luid: unknown): number | string {
  if (typeof luid === "number") return luid;
  if (luid instanceof Uint8Array) return `name:${latin1Text(luid)}`;
  if (typeof luid === "string") return `name:${latin1Text(utf8(luid))}`;
  return `other:${String(luid)}`;
}

/** PB's protocol: banana in the "pb" dialect, plus references, calls and answers. */
export class Broker extends Banana {
  /** PB protocol version; both sides must agree. */
  version = 6;
  username: unknown = null;
  declare factory: any;
  disconnected = 0;
  disconnects: (() => void)[] | null = [];
  failures: (() => void)[] | null = [];
  connects: (() => void)[] | null = [];
  localObjects: Map<number | string, Local> | null = new Map();
  security: SecurityOptions;
  currentRequestID = 0;
  currentLocalID = 0;
  serializingPerspective: unknown = null;
  unserializingPerspective: unknown = null;
  jellyMethod: unknown = null;
  jellyArgs: unknown = null;
  jellyKw: unknown = null;
  luids: Map<number | string, number> | null = new Map();
  remotelyCachedObjects: Map<number, Local> | null = new Map();
  remotelyCachedLUIDs: Map<number | string, number> | null = new Map();
  locallyCachedObjects: Map<number, RemoteCache> | null = new Map();
  waitingForAnswers: Map<number, Deferred<any>> | null = new Map();
  /** @internal logouts to run when the peer drops its avatar */
  _localCleanup = new Map<number | string, () => void>();
  maxBrokerRefsViolations = 0;

  /**
   * @param isClient true for the connecting end.
   * @param security what the broker may unjelly (by default globalSecurity).
   */
  constructor(isClient: boolean | number = true, security: SecurityOptions = globalSecurity) {
    super(isClient);
    this.security = security;
  }

  /**
   * Runs proto_<command> for each message; answers didNotUnderstand to an unknown one.
   * @throws ProtocolError for an expression that is not a list.
   */
  override expressionReceived(sexp: BananaValue): void {
    if (!Array.isArray(sexp) || !sexp.length) throw new ProtocolError("Non-list expression received.");
    const command = sexp[0] instanceof Uint8Array ? fromUtf8(sexp[0]) : String(sexp[0]);
    const handler = (this as unknown as Record<string, unknown>)[`proto_${command}`];
    if (typeof handler === "function") handler.apply(this, sexp.slice(1));
    else this.sendCall(atom("didNotUnderstand"), utf8(command));
  }

  /** @throws ProtocolError when the peer speaks another PB version. */
  proto_version(vnum: unknown): void {
    if (vnum !== this.version) throw new ProtocolError(`Version Incompatibility: ${this.version} ${String(vnum)}`);
  }

  /** Sends one message: a list of atoms and values. */
  sendCall(...exp: BananaValue[]): void {
    this.sendEncoded(exp);
  }

  proto_didNotUnderstand(command: unknown): void {
    log.msg(`Didn't understand command: ${command instanceof Uint8Array ? `b'${latin1Text(command)}'` : String(command)}`);
  }

  override connectionReady(): void {
    this.sendCall(atom("version"), this.version);
    for (const notifier of this.connects ?? []) this.runLogged(notifier);
    this.connects = null;
    this.factory?.clientConnectionMade?.(this);
  }

  /** Runs the failure notifiers (the connection could not be made). */
  connectionFailed(): void {
    for (const notifier of this.failures ?? []) this.runLogged(notifier);
    this.failures = null;
  }

  private runLogged(notifier: () => void): void {
    try {
      notifier();
    } catch (thrown) {
      log.err(thrown instanceof Failure ? thrown : new Failure(thrown));
    }
  }

  override connectionLost(reason: Failure): void {
    this.disconnected = 1;
    this.luids = null;
    const waiting = this.waitingForAnswers;
    this.waitingForAnswers = null;
    for (const d of waiting?.values() ?? []) this.runLogged(() => d.errback(new Failure(new PBConnectionLost(String(reason)))));
    for (const local of this.remotelyCachedObjects?.values() ?? []) {
      this.runLogged(() => local.object.stoppedObserving(local.perspective, new RemoteCacheObserver(this, local.object, local.perspective)));
    }
    for (const notifier of [...(this.disconnects ?? [])]) this.runLogged(notifier);
    this.disconnects = null;
    this.remotelyCachedObjects = null;
    this.remotelyCachedLUIDs = null;
    this.locallyCachedObjects = null;
    this.localObjects = null;
  }

  /** Calls `notifier()` when the connection is lost. */
  notifyOnDisconnect(notifier: () => void): void {
    if (typeof notifier !== "function") throw new TypeError("notifier must be callable");
    this.disconnects?.push(notifier);
  }

  /** Calls `notifier()` if the connection fails. */
  notifyOnFail(notifier: () => void): void {
    this.failures?.push(notifier);
  }

  /** Calls `notifier()` once connected (now, if already). */
  notifyOnConnect(notifier: () => void): void {
    if (this.connects === null) this.runLogged(notifier);
    else this.connects.push(notifier);
  }

  /** Stops calling `notifier` on disconnection; unknown notifiers are ignored. */
  dontNotifyOnDisconnect(notifier: () => void): void {
    const index = this.disconnects?.indexOf(notifier) ?? -1;
    if (index >= 0) this.disconnects!.splice(index, 1);
  }

  /** The object this end sent with local ID `luid`, or undefined. */
  localObjectForID(luid: unknown): unknown {
    return this.localObjects?.get(localKey(luid))?.object;
  }

  /**
   * Gives `object` a local ID the peer can call (the same one each time it is sent).
   * @throws Error (pb.Error) past MAX_BROKER_REFS objects.
   */
  registerReference(object: Serializable): number {
    const puid = object.processUniqueID();
    const known = this.luids!.get(puid);
    if (known !== undefined) {
      this.localObjects!.get(known)!.incref();
      return known;
    }
    if (this.localObjects!.size > MAX_BROKER_REFS) {
      this.maxBrokerRefsViolations++;
      if (this.maxBrokerRefsViolations > 3) {
        this.transport?.loseConnection();
        throw new PBError("Maximum PB reference count exceeded.  Goodbye.");
      }
      throw new PBError("Maximum PB reference count exceeded.");
    }
    const luid = this.newLocalID();
    this.localObjects!.set(luid, new Local(object));
    this.luids!.set(puid, luid);
    return luid;
  }

  /** Makes `object` callable by the peer under `name` ("root"). */
  setNameForLocal(name: string | Uint8Array, object: unknown): void {
    this.localObjects!.set(localKey(name), new Local(object));
  }

  /** A reference to the peer's object named `name`. */
  remoteForName(name: string | Uint8Array): RemoteReference {
    return new RemoteReference(null, this, typeof name === "string" ? utf8(name) : name, 0);
  }

  cachedRemotelyAs(instance: Serializable, incref = false): number | undefined {
    const luid = this.remotelyCachedLUIDs?.get(instance.processUniqueID());
    if (luid !== undefined && incref) this.remotelyCachedObjects!.get(luid)!.incref();
    return luid;
  }

  remotelyCachedForLUID(luid: number): Serializable {
    return this.remotelyCachedObjects!.get(luid)!.object;
  }

  /** @throws Error (pb.Error) past MAX_BROKER_REFS cached objects. */
  cacheRemotely(instance: Serializable): number {
    const luid = this.newLocalID();
    if (this.remotelyCachedObjects!.size > MAX_BROKER_REFS) throw new PBError("Maximum PB cache count exceeded.");
    this.remotelyCachedLUIDs!.set(instance.processUniqueID(), luid);
    this.remotelyCachedObjects!.set(luid, new Local(instance, this.serializingPerspective));
    return luid;
  }

  cacheLocally(cid: number, instance: RemoteCache): void {
    this.locallyCachedObjects!.set(cid, instance);
  }

  /** @throws ProtocolError for an unknown cache ID. */
  cachedLocallyAs(cid: number): RemoteCache {
    const instance = this.locallyCachedObjects?.get(cid);
    if (!instance) throw new ProtocolError(`No cached object ${cid}`);
    return instance;
  }

  /**
   * Jellies `object` for the peer; a Deferred (or a Promise, from an async
   * remote_ method) is serialized when it fires.
   */
  serialize(object: unknown, perspective: unknown = null, method: unknown = null, args: unknown = null, kw: unknown = null): any {
    if (object instanceof Deferred) {
      object.addCallbacks((result: unknown) => this.serialize(result, perspective, method, args, kw), passthru);
      return object;
    }
    if (object && typeof object === "object" && typeof (object as PromiseLike<unknown>).then === "function") {
      return this.serialize(ensureDeferred(object as PromiseLike<unknown>), perspective, method, args, kw);
    }
    this.serializingPerspective = perspective;
    this.jellyMethod = method;
    this.jellyArgs = args;
    this.jellyKw = kw;
    try {
      return jelly(object, this.security, null, this);
    } finally {
      this.serializingPerspective = null;
      this.jellyMethod = null;
      this.jellyArgs = null;
      this.jellyKw = null;
    }
  }

  /** Unjellies what the peer sent, with this broker's security. */
  unserialize(sexp: Sexp, perspective: unknown = null): any {
    this.unserializingPerspective = perspective;
    try {
      return unjelly(sexp, this.security, null, this);
    } finally {
      this.unserializingPerspective = null;
    }
  }

  newLocalID(): number {
    return ++this.currentLocalID;
  }

  newRequestID(): number {
    return ++this.currentRequestID;
  }

  /**
   * Sends a call and returns the Deferred for its answer.
   * @throws DeadReferenceError when the connection is gone.
   */
  _sendMessage(prefix: Uint8Array, perspective: unknown, objectID: unknown, message: Uint8Array, args: unknown[], kw: Record<string, unknown>): Deferred<any> {
    return sendMessage(this, prefix, perspective, objectID, message, args, kw);
  }

  proto_message(requestID: number, objectID: unknown, message: Uint8Array, answerRequired: unknown, netArgs: Sexp, netKw: Sexp): void {
    recvMessage(this, (id) => this.localObjectForID(id), requestID, objectID, message, answerRequired, netArgs, netKw);
  }

  proto_cachemessage(requestID: number, objectID: unknown, message: Uint8Array, answerRequired: unknown, netArgs: Sexp, netKw: Sexp): void {
    recvMessage(this, (id) => this.cachedLocallyAs(id as number), requestID, objectID, message, answerRequired, netArgs, netKw);
  }

  /**
   * @throws ProtocolError for an answer nobody asked for; InsecureJelly for
   *   an answer this broker may not unjelly (the connection then drops, as in
   *   Twisted, but unlike Twisted the waiting call fails with that error
   *   instead of never firing).
   */
  proto_answer(requestID: number, netResult: Sexp): void {
    receiveAnswer(this, requestID, netResult, (d, value) => d.callback(value));
  }

  /** @throws ProtocolError for an error nobody asked for. */
  proto_error(requestID: number, fail: Sexp): void {
    receiveAnswer(this, requestID, fail, (d, failure) => d.errback(failure));
  }

  /** Tells the peer this end dropped a reference. */
  sendDecRef(objectID: LocalID): void {
    this.sendCall(atom("decref"), objectID);
  }

  proto_decref(objectID: unknown): void {
    const key = localKey(objectID);
    const local = this.localObjects?.get(key);
    if (!local) return;
    if (local.decref() === 0) {
      const puid = local.object.processUniqueID();
      this.luids!.delete(puid);
      this.localObjects!.delete(key);
      const cleanup = this._localCleanup.get(puid);
      this._localCleanup.delete(puid);
      cleanup?.();
    }
  }

  /** Tells the peer this end dropped a cached copy. */
  decCacheRef(objectID: number): void {
    this.sendCall(atom("decache"), objectID);
  }

  proto_decache(objectID: number): void {
    const local = this.remotelyCachedObjects?.get(objectID);
    if (!local || local.decref() !== 0) return;
    this.runLogged(() => local.object.stoppedObserving(local.perspective, new RemoteCacheObserver(this, local.object, local.perspective)));
    this.remotelyCachedLUIDs!.delete(local.object.processUniqueID());
    this.remotelyCachedObjects!.delete(objectID);
    this.sendCall(atom("uncache"), objectID);
  }

  proto_uncache(objectID: number): void {
    const cached = this.locallyCachedObjects?.get(objectID);
    if (cached) cached.broker = null;
    this.locallyCachedObjects?.delete(objectID);
  }
}

recordModule(Broker, "twisted.spread.pb");
