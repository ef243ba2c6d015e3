/**
 * twisted.protocols.amp's boxes: a box is a map of byte-string keys to
 * byte-string values, sent as 16-bit big-endian length-prefixed key, value,
 * key, value, ... and an empty key to end it. Keys are held as strings of
 * one character per byte, so any byte round-trips.
 */
import { TwistedError } from "../python/exceptions";
import { pyBytesRepr } from "../python/reprs";

export const ASK = "_ask";
export const ANSWER = "_answer";
export const COMMAND = "_command";
export const ERROR = "_error";
export const ERROR_CODE = "_error_code";
export const ERROR_DESCRIPTION = "_error_description";
export const UNKNOWN_ERROR_CODE = "UNKNOWN";
export const UNHANDLED_ERROR_CODE = "UNHANDLED";
export const MAX_KEY_LENGTH = 0xff;
export const MAX_VALUE_LENGTH = 0xffff;

/** A key's bytes, one per character. */
export function keyBytes(key: string): Uint8Array {
  return Uint8Array.from(key, (ch) => ch.charCodeAt(0) & 0xff);
}

/** Bytes as a key: one character per byte. */
export function bytesKey(bytes: Uint8Array): string {
  let key = "";
  for (const b of bytes) key += String.fromCharCode(b);
  return key;
}

/** Each of `parts` after its length as two big-endian bytes: AMP's framing of keys, values and ListOf items. */
export function lengthPrefixed(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + 2 + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out[at] = part.length >> 8;
    out[at + 1] = part.length & 0xff;
    out.set(part, at + 2);
    at += 2 + part.length;
  }
  return out;
}

/** Any AMP error. */
export class AmpError extends TwistedError {}

/** A string too long for its place in a box: a key over 255 bytes or a value over 65,535. */
export class TooLong extends AmpError {
  constructor(
    readonly isKey: boolean,
    readonly isLocal: boolean,
    readonly value: Uint8Array | null,
    readonly keyName: string | null = null,
  ) {
    const where = isKey ? "key" : `value ${keyName === null ? "None" : pyBytesRepr(keyBytes(keyName))}`;
    super(`${isLocal ? "local" : "remote"} ${where} too long: ${value?.length ?? 0}`);
  }
}

/** A box that is not a command, an answer or an error. */
export class NoEmptyBoxes extends AmpError {}

/**
 * A box: byte-string keys to byte-string values. Text given as a value is
 * refused, as Twisted refuses str values: encode it (or use a Command, whose
 * argument types do).
 */
export class AmpBox extends Map<string, Uint8Array> {
  constructor(entries?: Iterable<readonly [string, Uint8Array]> | Record<string, Uint8Array>) {
    super();
    if (!entries) return;
    const pairs = Symbol.iterator in entries ? (entries as Iterable<readonly [string, Uint8Array]>) : Object.entries(entries);
    for (const [key, value] of pairs) this.set(key, value);
  }

  /** The box as it goes on the wire: keys in byte order, each key and value length-prefixed, then two zero bytes. */
  serialize(): Uint8Array {
    const parts: Uint8Array[] = [];
    for (const key of [...this.keys()].sort()) {
      const value = this.get(key) as unknown;
      if (!(value instanceof Uint8Array)) {
        throw new TypeError(`Unicode value for key ${pyBytesRepr(keyBytes(key))} not allowed: ${typeof value === "string" ? `'${value}'` : String(value)}`);
      }
      const k = keyBytes(key);
      if (k.length > MAX_KEY_LENGTH) throw new TooLong(true, true, k, null);
      if (value.length > MAX_VALUE_LENGTH) throw new TooLong(false, true, value, key);
      parts.push(k, value);
    }
    // The empty key that ends a box is one more zero-length string.
    return lengthPrefixed([...parts, new Uint8Array(0)]);
  }

  /** A copy of this box. */
  copy(): AmpBox {
    return new AmpBox(this);
  }

  /** Convenience for examples and tests: the value of `key` as UTF-8 text. */
  text(key: string): string | undefined {
    const value = this.get(key);
    return value === undefined ? undefined : new TextDecoder().decode(value);
  }

}

/** twisted.protocols.amp.Box is AmpBox. */
export const Box = AmpBox;

/** A box that closes the connection once it is sent (how a fatal error answer goes out). */
export class QuitBox extends AmpBox {}

/** Every complete box in `data`, as AMP's parseString reads a recorded stream. */
export function parseBoxes(data: Uint8Array): AmpBox[] {
  const boxes: AmpBox[] = [];
  let box = new AmpBox();
  let key: string | null = null;
  let at = 0;
  while (at + 2 <= data.length) {
    const length = (data[at]! << 8) | data[at + 1]!;
    if (at + 2 + length > data.length) break;
    const string = data.subarray(at + 2, at + 2 + length);
    at += 2 + length;
    if (key !== null) {
      box.set(key, string.slice());
      key = null;
    } else if (length === 0) {
      boxes.push(box);
      box = new AmpBox();
    } else {
      key = bytesKey(string);
    }
  }
  return boxes;
}
