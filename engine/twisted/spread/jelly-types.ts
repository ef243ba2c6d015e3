/**
 * How Python's values look in TypeScript when jelly carries them: a tuple is
 * an Array marked as a tuple (tuple(...)), a set a Set, a dict a plain object
 * when every key is a str and a Map otherwise, None is null (undefined is
 * sent as None too), bytes a Uint8Array, str a string.
 */
import { latin1Bytes, latin1Text } from "./banana";
import { moduleOf } from "../../zope/interface/repr";

const tuples = new WeakSet<readonly unknown[]>();

/** Makes a Python tuple of `items`: an Array that jelly sends as a tuple. */
export function tuple<T extends unknown[]>(...items: T): T {
  tuples.add(items);
  return items;
}

/** Marks an existing array as a tuple and returns it. */
export function asTuple<T extends unknown[]>(items: T): T {
  tuples.add(items);
  return items;
}

/** True when `value` was made (or received) as a tuple. */
export function isTuple(value: unknown): value is unknown[] {
  return Array.isArray(value) && tuples.has(value);
}

/** An atom of the jelly language ("None", "list", a class name) as the bytes that travel. */
export function atom(name: string): Uint8Array {
  return latin1Bytes(name);
}

/** The text of an atom, or null when `value` is not a byte string. */
export function atomName(value: unknown): string | null {
  return value instanceof Uint8Array ? latin1Text(value) : null;
}

/** UTF-8 bytes of a str, as Python's str.encode("utf-8"). */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A str from UTF-8 bytes, as Python's bytes.decode("utf-8") (invalid bytes become U+FFFD). */
export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/**
 * Python's reflect.qual for a class: "module.Name". Learner classes are in
 * "__main__" (their program runs as a script); the engine's classes carry
 * their Twisted module.
 */
export function qual(cls: Function): string {
  if (cls === Error) return "builtins.Exception";
  if (builtinErrors.has(cls)) return `builtins.${cls.name}`;
  return `${moduleOf(cls)}.${cls.name}`;
}

const builtinErrors = new Set<Function>([TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError]);

/** True for an object jelly sends as a dict: a plain object (not an instance of a class). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A placeholder for an object whose definition comes later in the same jelly (a back-reference). */
export class NotKnown {
  private readonly dependants: ((value: unknown) => void)[] = [];

  /** Registers a setter to call when the real object is known. */
  addDependant(set: (value: unknown) => void): void {
    this.dependants.push(set);
  }

  /** Hands the real object to every place that holds this placeholder. */
  resolveDependants(value: unknown): void {
    for (const set of this.dependants) set(value);
  }
}
