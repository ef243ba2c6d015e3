/**
 * Perspective Broker's errors, and how a Failure crosses the wire: the
 * sender turns it into a CopyableFailure (type name, message, the class
 * names it inherits from), the receiver gets a CopiedFailure whose check()
 * and trap() match those names.
 */
import { TwistedError } from "../python/exceptions";
import { Failure, type ErrorType } from "../python/failure";
import { recordModule } from "../../zope/interface/repr";
import { atom, fromUtf8, isPlainObject, qual } from "./jelly-types";
import { getInstanceState, setUnjellyableForClass, type Jellier, type Sexp, type Unjellier } from "./jelly";

/** The peer broke the protocol. */
export class ProtocolError extends TwistedError {}

/** A call on a RemoteReference whose broker has disconnected: "Calling Stale Broker". */
export class DeadReferenceError extends ProtocolError {}

/**
 * The base for errors meant for the peer: raise a subclass from a remote_
 * method and the caller's errback gets a Failure that checks as that class,
 * and the server logs no traceback (any other exception is logged).
 */
export class Error extends TwistedError {}

/** The connection went away while a call waited for its answer. */
export class PBConnectionLost extends TwistedError {}

/**
 * An exception raised on the other side, as Python's `yield`/`await` of a
 * failed remote call throws it: `remoteType` names the remote class
 * ("twisted.spread.flavors.NoSuchMethod"), the message is the remote message.
 */
export class RemoteError extends TwistedError {
  constructor(
    readonly remoteType: string,
    value: string,
    readonly remoteTraceback: string,
  ) {
    super(value);
  }
}

for (const cls of [ProtocolError, DeadReferenceError, Error, PBConnectionLost, RemoteError]) recordModule(cls, "twisted.spread.pb");

const jsBuiltins = new Set<Function>([TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, globalThis.Error]);

/** The qualified names of `type` and the classes it inherits from, as Python's Failure.parents. */
export function parentsOf(type: Function): string[] {
  const names: string[] = [];
  for (let ctor: Function | null = type; ctor && ctor !== Object; ctor = Object.getPrototypeOf(ctor) as Function | null) {
    if (ctor === globalThis.Error || typeof ctor !== "function" || !ctor.name) break;
    if (ctor === TwistedError) continue;
    if (ctor !== type && jsBuiltins.has(ctor)) continue;
    names.push(qual(ctor));
  }
  names.push("builtins.Exception", "builtins.BaseException", "builtins.object");
  return names;
}

/** A Failure that can be sent to the peer: it travels as its type name, message and parents. */
export class CopyableFailure extends Failure {
  /** True to send the full traceback rather than "Traceback unavailable". */
  unsafeTracebacks: boolean | number = false;

  /** The state that travels, as Twisted's getStateToCopy. */
  getStateToCopy(): Record<string, unknown> {
    const type = typeof this.type === "string" ? this.type : qual(this.type);
    return {
      count: this.count,
      type: atom(type),
      value: this.getErrorMessage(),
      captureVars: false,
      frames: [],
      stack: [],
      tb: null,
      parents: parentsOf(this.type),
      unsafeTracebacks: this.unsafeTracebacks,
      traceback: this.unsafeTracebacks ? this.getTraceback() : "Traceback unavailable\n",
    };
  }

  /** Jellies as ["twisted.spread.pb.CopyableFailure", state]. */
  jellyFor(jellier: Jellier): Sexp {
    if (jellier.invoker === null) return getInstanceState(this, jellier);
    const sxp = jellier.prepare(this);
    sxp.push(atom("twisted.spread.pb.CopyableFailure"), jellier.jelly(this.getStateToCopy()));
    return jellier.preserve(this, sxp);
  }
}
recordModule(CopyableFailure, "twisted.spread.pb");

/** A CopyableFailure made from `fail`. */
export function failure2Copyable(fail: Failure, unsafeTracebacks: boolean | number = false): CopyableFailure {
  const copy = new CopyableFailure(fail);
  copy.unsafeTracebacks = unsafeTracebacks;
  return copy;
}

function text(value: unknown): string {
  return value instanceof Uint8Array ? fromUtf8(value) : String(value ?? "");
}

/**
 * A failure from the other side. Its value is a RemoteError carrying the
 * remote message (so `await` throws an Error); getErrorMessage() is the
 * remote message; check() and trap() match the remote class and the classes
 * it inherits from, by qualified or bare name or by a local class of that name.
 */
export class CopiedFailure extends Failure {
  /** The remote exception's qualified class name. */
  declare remoteType: string;
  /** The remote traceback text ("Traceback unavailable" unless the sender allowed it). */
  declare traceback: string;
  declare private remoteParents: string[];

  /** Takes the state a CopyableFailure sent. */
  setCopyableState(state: unknown): void {
    const fields = state instanceof Map ? Object.fromEntries([...state].map(([k, v]) => [text(k), v])) : isPlainObject(state) ? state : {};
    const remoteType = text(fields.type);
    const message = text(fields.value);
    const traceback = text(fields.traceback);
    const parents = Array.isArray(fields.parents) ? fields.parents.map(text) : [remoteType];
    Object.defineProperties(this, {
      remoteType: { value: remoteType, writable: true, enumerable: true },
      traceback: { value: traceback, writable: true, enumerable: true },
      remoteParents: { value: parents, writable: true },
      value: { value: new RemoteError(remoteType, message, traceback), writable: true, enumerable: true },
      type: { value: RemoteError, writable: true, enumerable: true },
      count: { value: typeof fields.count === "number" ? fields.count : 0, writable: true, enumerable: true },
      tb: { value: null, writable: true, enumerable: true },
    });
  }

  /** Rebuilds this blank object from ["twisted.spread.pb.CopyableFailure", state]. */
  unjellyFor(unjellier: Unjellier, jellyList: Sexp[]): this {
    this.setCopyableState(unjellier.unjelly(jellyList[1]!));
    return this;
  }

  override get parents(): string[] {
    return [...this.remoteParents];
  }

  override check(...errorTypes: ErrorType[]): ErrorType | null {
    const bare = (name: string) => name.slice(name.lastIndexOf(".") + 1);
    for (const errorType of errorTypes) {
      const name = typeof errorType === "string" ? errorType : qual(errorType as Function);
      if (this.remoteParents.some((parent) => parent === name || bare(parent) === bare(name))) return errorType;
      if (errorType === RemoteError || errorType === Failure) return errorType;
    }
    return null;
  }

  override getErrorMessage(): string {
    return (this.value as RemoteError).message;
  }

  override getTraceback(): string {
    return `Traceback from remote host -- ${this.remoteType}: ${this.getErrorMessage()}\n`;
  }

  override getBriefTraceback(): string {
    return this.getTraceback();
  }

  override printTraceback(file?: { write(text: string): unknown }): void {
    if (file) file.write(this.getTraceback());
    else console.error(this.getTraceback());
  }

  override toString(): string {
    return `[Failure instance: ${this.getTraceback()}]`;
  }
}
recordModule(CopiedFailure, "twisted.spread.pb");
setUnjellyableForClass("twisted.spread.pb.CopyableFailure", CopiedFailure);
