/**
 * twisted.protocols.amp's argument types: how each Python value becomes the
 * bytes of one AMP box value and back. Integer, String (bytes), Float,
 * Boolean, Unicode (UTF-8 text), ListOf and AmpList, with Twisted's wire
 * forms and error messages.
 */
import { KeyError, UnicodeDecodeError, ValueError } from "../python/builtins";
import { pyBytesRepr, pyFloatRepr, pyRepr } from "../python/reprs";
import { AmpBox, lengthPrefixed, parseBoxes } from "./amp-box";

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
// This module defines a class named String (AMP's bytes argument), so the built-in is reached through globalThis.
const text = globalThis.String;
const ascii = (bytes: Uint8Array) => text.fromCharCode(...bytes);

/** A command's argument or response list: pairs of wire name and argument type. */
export type ArgumentList = ReadonlyArray<ReadonlyArray<string | Argument>>;

/** Values by their Python-side names, as responders receive and return them. */
export type AmpObjects = Record<string, unknown>;

const PYTHON_KEYWORDS = new Set(
  "and del for is raise assert elif from lambda return break else global not try class except if or while continue exec import pass yield def finally in print".split(" "),
);

/** The name a wire key has in code: dashes become underscores, Python keywords are capitalised ("from" is "From"). */
export function wireNameToIdentifier(key: string): string {
  const name = key.replace(/-/g, "_");
  return PYTHON_KEYWORDS.has(name) ? name[0]!.toUpperCase() + name.slice(1) : name;
}

/** The [name, Argument] pairs of a list, checked: a wrong entry is named. */
export function argumentPairs(list: ArgumentList, what: string): Array<[string, Argument]> {
  return list.map((entry) => {
    const [name, argument] = entry;
    if (entry.length !== 2 || typeof name !== "string" || !(argument instanceof Argument)) {
      throw new TypeError(`${what} must be [name, Argument] pairs, got: ${text(entry)}`);
    }
    return [name, argument];
  });
}

/** The base of every argument type: toString and fromString convert one value. */
export class Argument {
  constructor(readonly optional = false) {}

  /** What String(argument) shows: toString here is AMP's encoder, not a description. */
  [Symbol.toPrimitive](): string {
    return `<${this.constructor.name} argument>`;
  }

  /** Takes `name` out of `values`; a missing required one is a KeyError, as a dict's pop raises. */
  retrieve<T>(values: Map<string, T>, name: string): T | undefined {
    const value = values.get(name);
    if (value === undefined && !this.optional) throw new KeyError(name);
    values.delete(name);
    return value;
  }

  /** Decodes `name` from a received box into `objects`. */
  fromBox(name: string, strings: Map<string, Uint8Array>, objects: AmpObjects, proto: unknown): void {
    const raw = this.retrieve(strings, name);
    objects[wireNameToIdentifier(name)] = this.optional && raw === undefined ? null : this.fromStringProto(raw!, proto);
  }

  /** Encodes `name` from `objects` into a box being built. */
  toBox(name: string, strings: AmpBox, objects: Map<string, unknown>, proto: unknown): void {
    const value = this.retrieve(objects, wireNameToIdentifier(name));
    if (this.optional && (value === undefined || value === null)) return;
    strings.set(name, this.toStringProto(value, proto));
  }

  fromStringProto(inString: Uint8Array, proto: unknown): unknown {
    void proto;
    return this.fromString(inString);
  }

  toStringProto(inObject: unknown, proto: unknown): Uint8Array {
    void proto;
    return this.toString(inObject);
  }

  /** Hook: the value the bytes stand for. */
  fromString(inString: Uint8Array): unknown {
    return inString;
  }

  /** Hook: the bytes for the value. */
  toString(inObject: unknown): Uint8Array {
    return inObject as Uint8Array;
  }
}

/** Any integer, as its decimal digits ("123"). Past 2**53 it is a bigint. */
export class Integer extends Argument {
  override fromString(inString: Uint8Array): number | bigint {
    const text = ascii(inString).trim().replace(/_/g, "");
    if (!/^[+-]?\d+$/.test(text)) throw new ValueError(`invalid literal for int() with base 10: ${pyBytesRepr(inString)}`);
    const big = BigInt(text);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }

  override toString(inObject: unknown): Uint8Array {
    if (typeof inObject === "bigint") return utf8.encode(inObject.toString());
    if (typeof inObject === "boolean") return utf8.encode(inObject ? "1" : "0");
    if (typeof inObject !== "number" || !Number.isFinite(inObject)) {
      throw new TypeError(`%d format: a real number is required, not ${inObject === null ? "NoneType" : typeof inObject}`);
    }
    return utf8.encode(text(Math.trunc(inObject)));
  }
}

/** Bytes, passed through as they are (Python's bytes; a Uint8Array here). */
export class String extends Argument {
  override fromString(inString: Uint8Array): unknown {
    return inString;
  }

  override toString(inObject: unknown): Uint8Array {
    if (!(inObject instanceof Uint8Array)) {
      throw new TypeError(`String arguments are bytes (a Uint8Array), not ${typeof inObject === "string" ? "text: use Unicode for text" : typeof inObject}`);
    }
    return inObject;
  }
}

/** A float, as Python's repr writes it ("1.5", "1e+20", "inf"). */
export class Float extends Argument {
  override fromString(inString: Uint8Array): number {
    const text = ascii(inString).trim().replace(/_/g, "").toLowerCase();
    const named: Record<string, number> = { inf: Infinity, "+inf": Infinity, "-inf": -Infinity, infinity: Infinity, "-infinity": -Infinity, nan: NaN, "+nan": NaN, "-nan": NaN };
    if (text in named) return named[text]!;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text)) throw new ValueError(`could not convert string to float: ${pyBytesRepr(inString)}`);
    return Number(text);
  }

  override toString(inObject: unknown): Uint8Array {
    if (typeof inObject !== "number") throw new ValueError(`Bad float value ${typeof inObject === "string" ? pyRepr(inObject) : text(inObject)}`);
    return utf8.encode(pyFloatRepr(inObject));
  }
}

/** True or False, as the words "True" and "False". */
export class Boolean extends Argument {
  override fromString(inString: Uint8Array): boolean {
    const text = ascii(inString);
    if (text === "True") return true;
    if (text === "False") return false;
    throw new TypeError(`Bad boolean value: ${pyBytesRepr(inString)}`);
  }

  override toString(inObject: unknown): Uint8Array {
    return utf8.encode(inObject ? "True" : "False");
  }
}

/** Text, as UTF-8 bytes. */
export class Unicode extends Argument {
  override fromString(inString: Uint8Array): string {
    try {
      return strictUtf8.decode(inString);
    } catch {
      throw new UnicodeDecodeError(`'utf-8' codec can't decode ${pyBytesRepr(inString)}: invalid UTF-8`);
    }
  }

  override toString(inObject: unknown): Uint8Array {
    if (typeof inObject !== "string") throw new TypeError(`Unicode arguments are text, not ${inObject instanceof Uint8Array ? "bytes: use String for bytes" : typeof inObject}`);
    return utf8.encode(inObject);
  }
}

/** A list of values of one type, each with a 16-bit length prefix, all in one box value. */
export class ListOf extends Argument {
  constructor(
    readonly elementType: Argument,
    optional = false,
  ) {
    super(optional);
  }

  override fromString(inString: Uint8Array): unknown[] {
    const values: unknown[] = [];
    let at = 0;
    while (at + 2 <= inString.length) {
      const length = (inString[at]! << 8) | inString[at + 1]!;
      if (at + 2 + length > inString.length) break;
      values.push(this.elementType.fromString(inString.subarray(at + 2, at + 2 + length)));
      at += 2 + length;
    }
    return values;
  }

  override toString(inObject: unknown): Uint8Array {
    return lengthPrefixed([...(inObject as Iterable<unknown>)].map((value) => this.elementType.toString(value)));
  }
}

/** A list of records, each sent as an AMP box of its own: `new AmpList([["a", new Integer()], ["b", new Unicode()]])`. */
export class AmpList extends Argument {
  readonly subargs: Array<[string, Argument]>;

  constructor(subargs: ArgumentList, optional = false) {
    super(optional);
    this.subargs = argumentPairs(subargs, "AmpList fields");
  }

  override fromStringProto(inString: Uint8Array, proto: unknown): AmpObjects[] {
    return parseBoxes(inString).map((box) => stringsToObjects(box, this.subargs, proto));
  }

  override toStringProto(inObject: unknown, proto: unknown): Uint8Array {
    const boxes = [...(inObject as Iterable<AmpObjects>)].map((objects) => objectsToStrings(objects, this.subargs, new AmpBox(), proto).serialize());
    const out = new Uint8Array(boxes.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const box of boxes) {
      out.set(box, at);
      at += box.length;
    }
    return out;
  }
}

/** Decodes every argument of `arglist` from a received box (extra keys are ignored). */
export function stringsToObjects(strings: Map<string, Uint8Array>, arglist: Array<[string, Argument]>, proto: unknown): AmpObjects {
  const objects: AmpObjects = {};
  const remaining = new Map(strings);
  for (const [name, parser] of arglist) parser.fromBox(name, remaining, objects, proto);
  return objects;
}

/** Encodes every argument of `arglist` from `objects` into `strings` (extra values are ignored). */
export function objectsToStrings(objects: AmpObjects, arglist: Array<[string, Argument]>, strings: AmpBox, proto: unknown): AmpBox {
  const remaining = new Map<string, unknown>(Object.entries(objects ?? {}));
  for (const [name, parser] of arglist) parser.toBox(name, strings, remaining, proto);
  return strings;
}
