/**
 * What the two ends of a PB connection hold of each other's objects: a Local
 * is an object this end sent by reference (with the peer's reference count);
 * a RemoteReference is the peer's object, called with callRemote.
 */
import type { Deferred } from "../internet/defer-core";
import { addressOf, recordModule } from "../../zope/interface/repr";
import { setUnjellyableForClass, type Jellier, type Sexp, type Unjellier } from "./jelly";
import { atom, utf8 } from "./jelly-types";
import type { Broker } from "./pb-broker";

/** A local ID: a number the broker gave out, or a name ("root"). */
export type LocalID = number | Uint8Array;

/** An object this end sent by reference, with how many references the peer holds. */
export class Local {
  refcount = 1;

  constructor(
    readonly object: any,
    readonly perspective: unknown = null,
  ) {}

  incref(): number {
    return ++this.refcount;
  }

  decref(): number {
    return --this.refcount;
  }
}

/** A method of a RemoteReference, as remoteMethod("name") gives it: call it to callRemote. */
export class RemoteMethod {
  constructor(
    readonly obj: RemoteReference,
    readonly name: string,
  ) {}

  /** Calls the remote method; see RemoteReference.callRemote. */
  call(...args: unknown[]): Deferred<any> {
    return this.obj.callRemote(this.name, ...args);
  }
}

/**
 * The peer's Referenceable, on this side: callRemote("name", ...args) runs
 * its remote_name and gives a Deferred with the result.
 */
export class RemoteReference {
  disconnectCallbacks: ((ref: RemoteReference) => void)[] | null = [];
  private readonly disconnected = (): void => this._disconnected();

  constructor(
    public perspective: unknown,
    public broker: Broker,
    public luid: LocalID,
    public doRefCount: number | boolean,
  ) {}

  /** Calls `callback(this)` when the connection to this object's side is lost. */
  notifyOnDisconnect(callback: (ref: RemoteReference) => void): void {
    if (typeof callback !== "function") throw new TypeError("callback must be callable");
    this.disconnectCallbacks ??= [];
    this.disconnectCallbacks.push(callback);
    if (this.disconnectCallbacks.length === 1) this.broker.notifyOnDisconnect(this.disconnected);
  }

  /**
   * Stops calling `callback` on disconnection.
   * @throws Error (Python's ValueError) when it was not registered.
   */
  dontNotifyOnDisconnect(callback: (ref: RemoteReference) => void): void {
    const index = this.disconnectCallbacks?.indexOf(callback) ?? -1;
    if (index < 0) throw new RangeError("list.remove(x): x not in list");
    this.disconnectCallbacks!.splice(index, 1);
    if (!this.disconnectCallbacks!.length) this.broker.dontNotifyOnDisconnect(this.disconnected);
  }

  private _disconnected(): void {
    for (const callback of this.disconnectCallbacks ?? []) callback(this);
    this.disconnectCallbacks = null;
  }

  /** Sent back to its own side, it arrives as the original object. */
  jellyFor(jellier: Jellier): Sexp {
    if (jellier.invoker) return [atom("local"), this.luid];
    return [atom("unpersistable"), utf8("References cannot be serialized")];
  }

  unjellyFor(unjellier: Unjellier, jellyList: Sexp[]): this {
    const broker = unjellier.invoker as Broker;
    this.perspective = broker.unserializingPerspective;
    this.broker = broker;
    this.luid = jellyList[1] as LocalID;
    this.doRefCount = 1;
    this.disconnectCallbacks = [];
    Object.defineProperty(this, "disconnected", { value: () => this._disconnected() });
    return this;
  }

  /**
   * Calls remote_<name>(...args) on the peer's object.
   * @returns a Deferred firing with the result, or failing with the remote
   *   error (a CopiedFailure), or PBConnectionLost if the connection drops first.
   * @throws DeadReferenceError when the connection is already gone.
   */
  callRemote(name: string | Uint8Array, ...args: unknown[]): Deferred<any> {
    const message = typeof name === "string" ? utf8(name) : name;
    return this.broker._sendMessage(new Uint8Array(0), this.perspective, this.luid, message, args, {})!;
  }

  /** A callable stand-in for one remote method. */
  remoteMethod(key: string): RemoteMethod {
    return new RemoteMethod(this, key);
  }

  /** Python's default repr, as print() shows it: <twisted.spread.pb.RemoteReference object at 0x...>. */
  toString(): string {
    return `<twisted.spread.pb.RemoteReference object at ${addressOf(this)}>`;
  }
}
setUnjellyableForClass("remote", RemoteReference);

for (const cls of [RemoteReference, RemoteMethod, Local]) recordModule(cls, "twisted.spread.pb");
