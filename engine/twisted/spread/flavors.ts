/**
 * twisted.spread.flavors: the kinds of object PB can send.
 *
 * - Referenceable: sent by reference; the peer gets a RemoteReference and
 *   calls its remote_* methods.
 * - Copyable: sent by copy; the peer rebuilds it with the RemoteCopy class
 *   registered (setUnjellyableForClass) for its type name.
 * - Cacheable: copied once, then kept up to date through a RemoteCacheObserver.
 * - Viewable: sent by reference, but its view_* methods also get the calling perspective.
 */
import { AttributeError } from "../python/builtins";
import { Interface, method } from "../../zope/interface";
import { classImplements } from "../../zope/interface/declarations";
import { recordModule } from "../../zope/interface/repr";
import { atom, qual } from "./jelly-types";
import {
  Jellyable,
  Unjellyable,
  getInstanceState,
  instanceDict,
  setInstanceState,
  setUnjellyableFactoryForClass,
  setUnjellyableForClass,
  setUnjellyableForClassTree,
  unjellyableRegistry,
  type Jellier,
  type Sexp,
  type Unjellier,
} from "./jelly";

export const setCopierForClass = setUnjellyableForClass;
export const setCopierForClassTree = setUnjellyableForClassTree;
export const setFactoryForClass = setUnjellyableFactoryForClass;
export const copyTags = unjellyableRegistry;
export { setUnjellyableForClass, setUnjellyableFactoryForClass, setUnjellyableForClassTree, Jellyable, Unjellyable };

/** What a Broker offers to the objects it sends and receives (see pb.Broker). */
export interface BrokerLike {
  serializingPerspective: unknown;
  unserialize(sexp: Sexp, perspective?: unknown): any;
  serialize(object: unknown, perspective?: unknown, method?: unknown, args?: unknown, kw?: unknown): any;
  registerReference(object: Serializable): number | Uint8Array;
  cachedRemotelyAs(instance: Serializable, incref?: boolean): number | undefined;
  cacheRemotely(instance: Serializable): number;
  cacheLocally(cid: number, instance: RemoteCache): void;
  cachedLocallyAs(cid: number): RemoteCache;
  remotelyCachedForLUID(luid: number): Serializable;
  localObjectForID(luid: unknown): unknown;
  _sendMessage(prefix: Uint8Array, perspective: unknown, objectID: unknown, message: Uint8Array, args: unknown[], kw: Record<string, unknown>): any;
  decCacheRef(luid: number): void;
}

/** A remote call named a method the object does not have: "No such method: remote_x". */
export class NoSuchMethod extends AttributeError {
  constructor(message = "") {
    super(message);
    this.name = "NoSuchMethod";
  }
}

/** Something that can be the root object of a PBServerFactory. */
export const IPBRoot = Interface<{ rootObject(broker: unknown): unknown }>("twisted.spread.flavors.IPBRoot", {
  rootObject: method("broker"),
});

const uniqueIds = new WeakMap<object, number>();
let nextUniqueId = 1;

/** A number for `object`, the same every time (Python's id()). */
export function idOf(object: object): number {
  let id = uniqueIds.get(object);
  if (id === undefined) {
    id = nextUniqueId++;
    uniqueIds.set(object, id);
  }
  return id;
}

/** An object that knows how to jelly itself over a Broker. */
export class Serializable extends Jellyable {
  /** A key that stays the same for this object while it lives. */
  processUniqueID(): number | string {
    return idOf(this);
  }
}

/**
 * Sent by reference: the peer gets a RemoteReference, and its
 * callRemote("name", ...args) runs this object's remote_name(...args) here.
 */
export class Referenceable extends Serializable {
  perspective: unknown = null;

  /**
   * Runs remote_<message> with the unserialized arguments (keyword arguments,
   * when there are any, come as one last object) and returns the serialized result.
   * @throws NoSuchMethod when there is no remote_<message>.
   */
  remoteMessageReceived(broker: BrokerLike, message: string, args: Sexp, kw: Sexp): unknown {
    const method = (this as unknown as Record<string, unknown>)[`remote_${message}`];
    const unserializedArgs = broker.unserialize(args) as unknown[];
    const unserializedKw = broker.unserialize(kw) as Record<string, unknown>;
    if (typeof method !== "function") throw new NoSuchMethod(`No such method: remote_${message}`);
    const state = method.apply(this, withKeywords(unserializedArgs, unserializedKw));
    return broker.serialize(state, this.perspective);
  }

  override jellyFor(jellier: Jellier): Sexp {
    return [atom("remote"), jellier.invoker!.registerReference(this)];
  }
}

/** The positional arguments, then the keyword arguments as one object when there are any. */
export function withKeywords(args: unknown[], kw: unknown): unknown[] {
  const keywords = kw instanceof Map ? Object.fromEntries(kw) : kw;
  return keywords && typeof keywords === "object" && Object.keys(keywords).length ? [...args, keywords] : [...args];
}

/** A Referenceable that is its own root object: subclass it and add remote_* methods. */
export class Root extends Referenceable {
  /** This object serves every connection. */
  rootObject(_broker: unknown): unknown {
    return this;
  }
}

/** A Viewable as one perspective sees it: view_* methods get that perspective first. */
export class ViewPoint extends Referenceable {
  constructor(
    override perspective: unknown,
    readonly object: object,
  ) {
    super();
  }

  override processUniqueID(): string {
    return `${idOf(this.perspective as object)},${idOf(this.object)}`;
  }

  /** @throws NoSuchMethod when the object has no view_<message>. */
  override remoteMessageReceived(broker: BrokerLike, message: string, args: Sexp, kw: Sexp): unknown {
    const unserializedArgs = broker.unserialize(args, this.perspective) as unknown[];
    const unserializedKw = broker.unserialize(kw, this.perspective);
    const method = (this.object as Record<string, unknown>)[`view_${message}`];
    if (typeof method !== "function") throw new NoSuchMethod(`No such method: view_${message}`);
    const state = method.apply(this.object, [this.perspective, ...withKeywords(unserializedArgs, unserializedKw)]);
    return broker.serialize(state, this.perspective, method, unserializedArgs, unserializedKw);
  }
}

/** Sent by reference like a Referenceable, but each view_* method learns which perspective called it. */
export class Viewable extends Serializable {
  override jellyFor(jellier: Jellier): Sexp {
    return new ViewPoint(jellier.invoker!.serializingPerspective, this).jellyFor(jellier);
  }
}

/**
 * Sent by copy: the peer gets [type name, state] and rebuilds it with the
 * RemoteCopy registered for the type name. The type name is the class's
 * qualified name ("__main__.User" for a learner's class), as in Python.
 */
export class Copyable extends Serializable {
  /** The state to copy: the instance's own properties. */
  getStateToCopy(): unknown {
    return instanceDict(this);
  }

  /** The state to copy for one perspective; by default getStateToCopy(). */
  getStateToCopyFor(_perspective: unknown): unknown {
    return this.getStateToCopy();
  }

  /** The type name the copy travels under. */
  getTypeToCopy(): Uint8Array {
    return atom(qual(this.constructor));
  }

  /** The type name for one perspective; by default getTypeToCopy(). */
  getTypeToCopyFor(_perspective: unknown): Uint8Array {
    return this.getTypeToCopy();
  }

  override jellyFor(jellier: Jellier): Sexp {
    if (jellier.invoker === null) return getInstanceState(this, jellier);
    const perspective = jellier.invoker.serializingPerspective;
    const type = this.getTypeToCopyFor(perspective);
    const state = this.getStateToCopyFor(perspective);
    const sxp = jellier.prepare(this);
    sxp.push(type, jellier.jelly(state));
    return jellier.preserve(this, sxp);
  }
}

/** Copied once, then kept up to date: call methods on the observer to update the peer's RemoteCache. */
export class Cacheable extends Copyable {
  /** The state to send, given the observer that will carry later updates. */
  getStateToCacheAndObserveFor(perspective: unknown, _observer: RemoteCacheObserver): unknown {
    return this.getStateToCopyFor(perspective);
  }

  override jellyFor(jellier: Jellier): Sexp {
    if (jellier.invoker === null) return getInstanceState(this, jellier);
    const broker = jellier.invoker as BrokerLike;
    const known = broker.cachedRemotelyAs(this, true);
    if (known !== undefined) return [atom("cached"), known];
    const luid = broker.cacheRemotely(this);
    const perspective = broker.serializingPerspective;
    const type = this.getTypeToCopyFor(perspective);
    const observer = new RemoteCacheObserver(broker, this, perspective);
    const state = this.getStateToCacheAndObserveFor(perspective, observer);
    const sxp = jellier.prepare(this);
    const jellied = jellier.jelly(state);
    sxp.push(type, luid, jellied);
    return jellier.preserve(this, sxp);
  }

  /** Hook: the peer no longer observes this object (it dropped its copy or disconnected). */
  stoppedObserving(_perspective: unknown, _observer: RemoteCacheObserver): void {}
}

/** Rebuilds a Copyable's copy: register a subclass with setUnjellyableForClass(typeName, Subclass). */
export class RemoteCopy extends Unjellyable {
  /** Takes the copied state (a dict) onto this object. */
  setCopyableState(state: unknown): void {
    const entries = state instanceof Map ? [...state] : Object.entries((state ?? {}) as object);
    for (const [key, value] of entries) {
      (this as Record<string, unknown>)[key instanceof Uint8Array ? new TextDecoder().decode(key) : String(key)] = value;
    }
  }

  override unjellyFor(unjellier: Unjellier, jellyList: Sexp[]): unknown {
    if (unjellier.invoker === null) return setInstanceState(this, unjellier, jellyList);
    this.setCopyableState(unjellier.unjelly(jellyList[1]!));
    return this;
  }
}

/** The peer's copy of a Cacheable: observe_* methods receive the Cacheable's updates. */
export class RemoteCache extends RemoteCopy {
  broker: BrokerLike | null = null;
  luid: number | null = null;

  /** Runs observe_<message> for an update from the Cacheable's side. */
  remoteMessageReceived(broker: BrokerLike, message: string, args: Sexp, kw: Sexp): unknown {
    const method = (this as unknown as Record<string, unknown>)[`observe_${message}`];
    const unserializedArgs = broker.unserialize(args) as unknown[];
    const unserializedKw = broker.unserialize(kw);
    if (typeof method !== "function") throw new NoSuchMethod(`No such method: observe_${message}`);
    const state = method.apply(this, withKeywords(unserializedArgs, unserializedKw));
    return broker.serialize(state, null, method, unserializedArgs, unserializedKw);
  }

  jellyFor(jellier: Jellier): Sexp {
    if (jellier.invoker === null) return getInstanceState(this, jellier);
    return [atom("lcache"), this.luid!];
  }

  override unjellyFor(unjellier: Unjellier, jellyList: Sexp[]): unknown {
    if (unjellier.invoker === null) return setInstanceState(this, unjellier, jellyList);
    const broker = unjellier.invoker as BrokerLike;
    this.broker = broker;
    this.luid = jellyList[1] as number;
    broker.cacheLocally(this.luid, this);
    this.setCopyableState(unjellier.unjelly(jellyList[2]!));
    return this;
  }
}

function unjellyCached(unjellier: Unjellier, jellyList: Sexp[]): unknown {
  return (unjellier.invoker as BrokerLike).cachedLocallyAs(jellyList[1] as number);
}
setUnjellyableForClass("cached", unjellyCached);

function unjellyLCache(unjellier: Unjellier, jellyList: Sexp[]): unknown {
  return (unjellier.invoker as BrokerLike).remotelyCachedForLUID(jellyList[1] as number);
}
setUnjellyableForClass("lcache", unjellyLCache);

function unjellyLocal(unjellier: Unjellier, jellyList: Sexp[]): unknown {
  return (unjellier.invoker as BrokerLike).localObjectForID(jellyList[1]);
}
setUnjellyableForClass("local", unjellyLocal);

/** Sends updates to the peer's RemoteCache of one Cacheable: callRemote("x") runs its observe_x. */
export class RemoteCacheObserver {
  constructor(
    readonly broker: BrokerLike,
    readonly cached: Serializable,
    readonly perspective: unknown,
  ) {}

  /**
   * Calls observe_<name> on the peer's copy.
   * @returns a Deferred with its result.
   * @throws ProtocolError-like Error when the object was never sent to the peer.
   */
  callRemote(name: string, ...args: unknown[]): unknown {
    const cacheID = this.broker.cachedRemotelyAs(this.cached);
    if (cacheID === undefined) throw new Error("You can't call a cached method when the object hasn't been given to the peer yet.");
    return this.broker._sendMessage(atom("cache"), this.perspective, cacheID, new TextEncoder().encode(name), args, {});
  }
}

for (const cls of [NoSuchMethod, Serializable, Referenceable, Root, ViewPoint, Viewable, Copyable, Cacheable, RemoteCopy, RemoteCache, RemoteCacheObserver]) {
  recordModule(cls, "twisted.spread.flavors");
}

classImplements(Root, IPBRoot);
