/**
 * twisted.spread.banana: the s-expression wire format under Perspective Broker.
 *
 * An expression is a list, a byte string, an integer or a float. Each is
 * written as a base-128 number (lowest 7 bits first, high bit clear) followed
 * by one type byte with the high bit set; byte strings follow with their
 * bytes, floats with 8 big-endian IEEE bytes. The "pb" dialect also sends the
 * 31 words of PB's vocabulary ("None", "list", "message", ...) as one VOCAB
 * number. These are the same bytes Twisted 22.4 writes.
 *
 * In TypeScript a Python byte string is a Uint8Array (as everywhere in the
 * engine), a list or tuple is an Array, an int is a number (a bigint beyond
 * 2**53), and a float is a number that is not an integer.
 */
import { Protocol } from "../internet/protocol";
import { TwistedError } from "../python/exceptions";
import * as log from "../python/log";
import { recordModule } from "../../zope/interface/repr";

/** What banana carries: lists, byte strings, ints and floats. */
export type BananaValue = BananaValue[] | readonly BananaValue[] | Uint8Array | number | bigint;

/** Bad banana: too long, too big, or a type banana cannot carry. */
export class BananaError extends TwistedError {}
recordModule(BananaError, "twisted.spread.banana");

export const LIST = 0x80;
export const INT = 0x81;
export const STRING = 0x82;
export const NEG = 0x83;
export const FLOAT = 0x84;
export const LONGINT = 0x85;
export const LONGNEG = 0x86;
export const VOCAB = 0x87;
const HIGH_BIT_SET = 0x80;

/** The longest list or string banana sends or accepts: 640 KiB. */
export const SIZE_LIMIT = 640 * 1024;

let prefixLimitForNewConnections = 64;

/**
 * Sets how many bytes of base-128 prefix a banana decoder accepts, for
 * connections made after this call.
 */
export function setPrefixLimit(limit: number): void {
  prefixLimitForNewConnections = limit;
}

/** PB's vocabulary: these byte strings travel as one number in the "pb" dialect. */
export const outgoingVocabulary: Readonly<Record<string, number>> = {
  None: 1, class: 2, dereference: 3, reference: 4, dictionary: 5, function: 6, instance: 7, list: 8, module: 9,
  persistent: 10, tuple: 11, unpersistable: 12, copy: 13, cache: 14, cached: 15, remote: 16, local: 17, lcache: 18,
  version: 19, login: 20, password: 21, challenge: 22, logged_in: 23, not_logged_in: 24, cachemessage: 25,
  message: 26, answer: 27, error: 28, decref: 29, decache: 30, uncache: 31,
};
const incomingVocabulary = new Map(Object.entries(outgoingVocabulary).map(([word, id]) => [id, latin1Bytes(word)]));

/** Python's bytes literal for a text of code points 0-255 (an atom, a dialect name). */
export function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
}

/** The code points 0-255 of `bytes` as a string, for comparing atoms. */
export function latin1Text(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** Writes a non-negative integer in base 128, lowest digit first, as Twisted's int2b128. */
export function int2b128(integer: number | bigint, write: (bytes: Uint8Array) => void): void {
  let rest = BigInt(integer);
  if (rest === 0n) {
    write(Uint8Array.of(0));
    return;
  }
  if (rest < 0n) throw new BananaError("can only encode positive integers");
  const digits: number[] = [];
  while (rest > 0n) {
    digits.push(Number(rest & 0x7fn));
    rest >>= 7n;
  }
  write(Uint8Array.from(digits));
}

/** Reads a base-128 integer (as Twisted's b1282int): a number while exact, else a bigint. */
export function b1282int(digits: Uint8Array): number | bigint {
  if (digits.length <= 7) {
    let value = 0;
    for (let i = digits.length - 1; i >= 0; i--) value = value * 128 + digits[i]!;
    return value;
  }
  let value = 0n;
  for (let i = digits.length - 1; i >= 0; i--) value = value * 128n + BigInt(digits[i]!);
  return Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

function negate(value: number | bigint): number | bigint {
  if (typeof value === "number") return -value;
  const negative = -value;
  return Number.isSafeInteger(Number(negative)) ? Number(negative) : negative;
}

/** Python's repr of a byte string: b'...'. */
export function bytesRepr(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let out = "b" + quote;
  for (const byte of bytes) {
    if (byte === 0x5c) out += "\\\\";
    else if (byte === quote.charCodeAt(0)) out += "\\" + quote;
    else if (byte === 0x0a) out += "\\n";
    else if (byte === 0x0d) out += "\\r";
    else if (byte === 0x09) out += "\\t";
    else if (byte < 0x20 || byte >= 0x7f) out += "\\x" + byte.toString(16).padStart(2, "0");
    else out += String.fromCharCode(byte);
  }
  return out + quote;
}

/**
 * Banana, client and server: negotiates a dialect (the server offers
 * ["pb", "none"], the client answers with the first it knows), then hands
 * each complete expression to expressionReceived. Garbage on the wire (an
 * oversized prefix, list or string, an unknown type byte) throws BananaError
 * from dataReceived, which logs it and drops the connection, as in Twisted.
 */
export class Banana extends Protocol {
  override receivesBytes = true;
  /** The dialects this end speaks, best first. */
  knownDialects: Uint8Array[] = [latin1Bytes("pb"), latin1Bytes("none")];
  /** The negotiated dialect, or null before negotiation. */
  currentDialect: Uint8Array | null = null;
  prefixLimit = 64;
  sizeLimit = SIZE_LIMIT;
  /** True for the end that connected. */
  isClient: boolean;
  private buffer: Uint8Array = new Uint8Array(0);
  private readonly listStack: [number, BananaValue[]][] = [];
  private smallestLongInt = 0n;
  private largestLongInt = 0n;

  /** @param isClient true for the connecting end (it answers the dialect offer). */
  constructor(isClient: boolean | number = true) {
    super();
    this.isClient = Boolean(isClient);
  }

  /** Sets the prefix limit for this connection's decoding. */
  setPrefixLimit(limit: number): void {
    this.prefixLimit = limit;
    this.smallestLongInt = -(2n ** BigInt(limit * 7)) + 1n;
    this.largestLongInt = 2n ** BigInt(limit * 7) - 1n;
  }

  /** Called once a dialect is agreed: the real start of the conversation. */
  connectionReady(): void {}

  /** Called with each complete expression after negotiation. */
  expressionReceived(_expression: BananaValue): void {
    throw new TwistedError("expressionReceived not implemented");
  }

  override connectionMade(): void {
    this.setPrefixLimit(prefixLimitForNewConnections);
    this.currentDialect = null;
    if (!this.isClient) this.sendEncoded(this.knownDialects);
  }

  /** @internal */
  _selectDialect(dialect: Uint8Array): void {
    this.currentDialect = dialect;
    this.connectionReady();
  }

  private callExpressionReceived(expression: BananaValue): void {
    if (this.currentDialect) {
      this.expressionReceived(expression);
      return;
    }
    if (this.isClient) {
      const offered = Array.isArray(expression) ? expression : [];
      for (const dialect of offered) {
        if (dialect instanceof Uint8Array && this.knows(dialect)) {
          this.sendEncoded(dialect);
          this._selectDialect(dialect);
          return;
        }
      }
      log.msg("The client doesn't speak any of the protocols offered by the server: disconnecting.");
      this.transport?.loseConnection();
    } else if (expression instanceof Uint8Array && this.knows(expression)) {
      this._selectDialect(expression);
    } else {
      log.msg("The client selected a protocol the server didn't suggest and doesn't know: disconnecting.");
      this.transport?.loseConnection();
    }
  }

  private knows(dialect: Uint8Array): boolean {
    const name = latin1Text(dialect);
    return this.knownDialects.some((known) => latin1Text(known) === name);
  }

  private gotItem(item: BananaValue): void {
    const top = this.listStack[this.listStack.length - 1];
    if (top) top[1].push(item);
    else this.callExpressionReceived(item);
  }

  /**
   * Decodes what arrived, expression by expression.
   * @throws BananaError on a prefix over the limit, a list or string over SIZE_LIMIT, or an unknown type byte.
   */
  override dataReceived(chunk: string | Uint8Array): void {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    let buffer: Uint8Array = concat(this.buffer, bytes);
    while (buffer.length) {
      let pos = 0;
      while (pos < buffer.length && buffer[pos]! < HIGH_BIT_SET) pos++;
      if (pos === buffer.length) {
        this.buffer = buffer;
        if (pos > this.prefixLimit) throw new BananaError(`Security precaution: more than ${this.prefixLimit} bytes of prefix`);
        return;
      }
      const num = buffer.subarray(0, pos);
      const typeByte = buffer[pos]!;
      const rest = buffer.subarray(pos + 1);
      if (num.length > this.prefixLimit) {
        throw new BananaError(`Security precaution: longer than ${this.prefixLimit} bytes worth of prefix`);
      }
      if (typeByte === LIST) {
        const length = b1282int(num);
        if (length > SIZE_LIMIT) throw new BananaError("Security precaution: List too long.");
        this.listStack.push([Number(length), []]);
        buffer = rest;
      } else if (typeByte === STRING) {
        const length = b1282int(num);
        if (length > SIZE_LIMIT) throw new BananaError("Security precaution: String too long.");
        const size = Number(length);
        if (rest.length < size) {
          this.buffer = buffer;
          return;
        }
        buffer = rest.subarray(size);
        this.gotItem(rest.slice(0, size));
      } else if (typeByte === INT || typeByte === LONGINT) {
        buffer = rest;
        this.gotItem(b1282int(num));
      } else if (typeByte === NEG || typeByte === LONGNEG) {
        buffer = rest;
        this.gotItem(negate(b1282int(num)));
      } else if (typeByte === VOCAB) {
        buffer = rest;
        const id = b1282int(num);
        const word = incomingVocabulary.get(Number(id));
        if (word === undefined) throw new BananaError(`Unknown vocabulary number ${id}`);
        if (this.currentDialect && latin1Text(this.currentDialect) === "pb") this.gotItem(word.slice());
        else throw new BananaError(`Invalid item for pb protocol ${bytesRepr(word)}`);
      } else if (typeByte === FLOAT) {
        if (rest.length < 8) {
          this.buffer = buffer;
          return;
        }
        buffer = rest.subarray(8);
        this.gotItem(new DataView(rest.buffer, rest.byteOffset, 8).getFloat64(0, false));
      } else {
        throw new BananaError(`Invalid Type Byte ${bytesRepr(Uint8Array.of(typeByte))}`);
      }
      while (this.listStack.length && this.listStack[this.listStack.length - 1]![1].length === this.listStack[this.listStack.length - 1]![0]) {
        this.gotItem(this.listStack.pop()![1]);
      }
    }
    this.buffer = new Uint8Array(0);
  }

  /**
   * Writes the encoding of `value` to the transport.
   * @throws BananaError when `value` holds something banana cannot carry.
   */
  sendEncoded(value: BananaValue): void {
    this.transport?.write(this.encode(value));
  }

  /**
   * The bytes for `value` in this connection's dialect.
   * @throws BananaError when `value` holds something banana cannot carry, or is too long or too big.
   */
  encode(value: BananaValue): Uint8Array {
    const parts: Uint8Array[] = [];
    this._encode(value, (bytes) => parts.push(bytes));
    return concat(...parts);
  }

  /** @internal */
  _encode(value: unknown, write: (bytes: Uint8Array) => void): void {
    if (Array.isArray(value)) {
      if (value.length > SIZE_LIMIT) throw new BananaError(`list/tuple is too long to send (${value.length})`);
      int2b128(value.length, write);
      write(Uint8Array.of(LIST));
      for (const element of value) this._encode(element, write);
    } else if ((typeof value === "number" && Number.isInteger(value)) || typeof value === "bigint") {
      this.encodeInt(BigInt(value), write);
    } else if (typeof value === "number") {
      const bytes = new Uint8Array(9);
      bytes[0] = FLOAT;
      new DataView(bytes.buffer).setFloat64(1, value, false);
      write(bytes);
    } else if (value instanceof Uint8Array) {
      const symbol = this.currentDialect && latin1Text(this.currentDialect) === "pb" ? outgoingVocabulary[latin1Text(value)] : undefined;
      if (symbol !== undefined && Object.hasOwn(outgoingVocabulary, latin1Text(value))) {
        int2b128(symbol, write);
        write(Uint8Array.of(VOCAB));
        return;
      }
      if (value.length > SIZE_LIMIT) throw new BananaError(`byte string is too long to send (${value.length})`);
      int2b128(value.length, write);
      write(Uint8Array.of(STRING));
      write(value);
    } else {
      throw new BananaError(`Banana cannot send ${pythonTypeName(value)} objects: ${String(value)}`);
    }
  }

  private encodeInt(value: bigint, write: (bytes: Uint8Array) => void): void {
    if (value < this.smallestLongInt || value > this.largestLongInt) throw new BananaError(`int is too large to send (${value})`);
    if (value < -(2n ** 31n)) {
      int2b128(-value, write);
      write(Uint8Array.of(LONGNEG));
    } else if (value < 0n) {
      int2b128(-value, write);
      write(Uint8Array.of(NEG));
    } else if (value <= 2n ** 31n - 1n) {
      int2b128(value, write);
      write(Uint8Array.of(INT));
    } else {
      int2b128(value, write);
      write(Uint8Array.of(LONGINT));
    }
  }
}
recordModule(Banana, "twisted.spread.banana");

function pythonTypeName(value: unknown): string {
  if (typeof value === "string") return "builtins.str";
  if (value === null || value === undefined) return "builtins.NoneType";
  if (typeof value === "boolean") return "builtins.bool";
  if (value instanceof Map || (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)) return "builtins.dict";
  return typeof value === "object" ? (value as object).constructor?.name ?? "object" : typeof value;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A banana in the "none" dialect, for encode and decode outside a connection. */
const standalone = new Banana();
standalone.setPrefixLimit(64);
standalone.currentDialect = latin1Bytes("none");

/**
 * Encodes an s-expression in the "none" dialect (no vocabulary), as banana.encode.
 * @throws BananaError when `value` holds something banana cannot carry.
 */
export function encode(value: BananaValue): Uint8Array {
  return standalone.encode(value);
}

/**
 * Decodes one banana expression, as banana.decode.
 * @throws BananaError on malformed input.
 */
export function decode(bytes: Uint8Array): BananaValue | undefined {
  const decoder = new Banana();
  decoder.setPrefixLimit(64);
  decoder.currentDialect = latin1Bytes("none");
  let result: BananaValue | undefined;
  decoder.expressionReceived = (expression) => {
    result ??= expression;
  };
  decoder.dataReceived(bytes);
  return result;
}
