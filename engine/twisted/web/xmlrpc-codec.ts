/**
 * The XML-RPC encoding, as Python's xmlrpc.client writes and reads it (which
 * twisted.web.xmlrpc uses): dumps and loads, byte for byte the same XML, and
 * the value types: Fault, DateTime, Binary.
 *
 * JavaScript values map to XML-RPC as: an integer number -> <int> (beyond 32
 * bits, OverflowError as in Python), any other number -> <double> (written as
 * Python's repr), boolean -> <boolean>, string -> <string>, null/undefined ->
 * <nil/> (with allowNone), Array -> <array>, a plain object -> <struct>,
 * DateTime or Date -> <dateTime.iso8601>, Binary or Uint8Array -> <base64>.
 */
import { TwistedError } from "../python/exceptions";
import { ExpatError, childElements, parseXml, textOf, type XmlElement } from "./xml-parse";
import { pyFloatRepr, pyRepr } from "../python/reprs";

export { pyFloatRepr, pyRepr };

export { ExpatError } from "./xml-parse";

/** An XML-RPC fault: a code and a message, sent instead of a result. */
export class Fault extends TwistedError {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(`<Fault ${faultCode}: ${pyRepr(faultString)}>`);
    this.name = "Fault";
  }
}

/** A dateTime.iso8601 value, kept as its text ("20260107T06:13:23"), as Python's DateTime. */
export class DateTime {
  /** The value as sent: "YYYYMMDDTHH:MM:SS". */
  readonly value: string;

  /** @param value the text, or a Date (its UTC time); by default the epoch (the engine reads no wall clock). */
  constructor(value: string | Date = new Date(0)) {
    this.value = typeof value === "string" ? value : isoDate(value);
  }

  toString(): string {
    return this.value;
  }
}

/** A base64 value: raw bytes. */
export class Binary {
  constructor(readonly data: Uint8Array = new Uint8Array(0)) {}
}

/** A reply that is not valid XML-RPC (Python's xmlrpc.client.ResponseError). */
export class ResponseError extends TwistedError {
  constructor(message: string) {
    super(message);
    this.name = "ResponseError";
  }
}

/** Python's OverflowError, for an int beyond XML-RPC's 32 bits. */
export class OverflowError extends TwistedError {
  constructor(message: string) {
    super(message);
    this.name = "OverflowError";
  }
}

const MAXINT = 2 ** 31 - 1;
const MININT = -(2 ** 31);

function isoDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 of `bytes`, with padding. */
export function base64Encode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (b === undefined ? "=" : B64[(n >> 6) & 63]!) + (c === undefined ? "=" : B64[n & 63]!);
  }
  return out;
}

function base64Lines(bytes: Uint8Array): string {
  const encoded = base64Encode(bytes);
  let out = "";
  for (let i = 0; i < encoded.length; i += 76) out += `${encoded.slice(i, i + 76)}\n`;
  return out;
}

function typeName(value: unknown): string {
  if (typeof value === "function") return "function";
  if (typeof value === "object" && value) return value.constructor?.name ?? "object";
  return typeof value;
}

/** Writes one value as Python's Marshaller does. @throws TypeError, OverflowError */
function dumpValue(value: unknown, allowNone: boolean, out: string[], seen: Set<unknown>): void {
  if (value === null || value === undefined) {
    if (!allowNone) throw new TypeError("cannot marshal None unless allow_none is enabled");
    out.push("<value><nil/></value>");
  } else if (typeof value === "boolean") {
    out.push(`<value><boolean>${value ? 1 : 0}</boolean></value>\n`);
  } else if (typeof value === "number") {
    if (Number.isInteger(value) && !Object.is(value, -0)) {
      if (value > MAXINT || value < MININT) throw new OverflowError("int exceeds XML-RPC limits");
      out.push(`<value><int>${value}</int></value>\n`);
    } else {
      out.push(`<value><double>${pyFloatRepr(value)}</double></value>\n`);
    }
  } else if (typeof value === "string") {
    out.push(`<value><string>${escapeXml(value)}</string></value>\n`);
  } else if (value instanceof DateTime || value instanceof Date) {
    out.push(`<value><dateTime.iso8601>${value instanceof Date ? isoDate(value) : value.value}</dateTime.iso8601></value>\n`);
  } else if (value instanceof Binary || value instanceof Uint8Array) {
    out.push(`<value><base64>\n${base64Lines(value instanceof Binary ? value.data : value)}</base64></value>\n`);
  } else if (Array.isArray(value)) {
    if (seen.has(value)) throw new TypeError("cannot marshal recursive sequences");
    seen.add(value);
    out.push("<value><array><data>\n");
    for (const item of value) dumpValue(item, allowNone, out, seen);
    out.push("</data></array></value>\n");
    seen.delete(value);
  } else if (typeof value === "object" && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null || value instanceof Fault)) {
    if (seen.has(value)) throw new TypeError("cannot marshal recursive dictionaries");
    seen.add(value);
    out.push("<value><struct>\n");
    const entries = value instanceof Fault ? [["faultCode", value.faultCode], ["faultString", value.faultString]] : Object.entries(value);
    for (const [key, item] of entries) {
      out.push("<member>\n", `<name>${escapeXml(String(key))}</name>\n`);
      dumpValue(item, allowNone, out, seen);
      out.push("</member>\n");
    }
    out.push("</struct></value>\n");
    seen.delete(value);
  } else {
    throw new TypeError(`cannot marshal ${typeName(value)} objects`);
  }
}

/**
 * Encodes `params` (or a Fault) as xmlrpc.client.dumps does: a methodCall
 * when `methodname` is given, a methodResponse when `methodresponse`, else
 * just the <params> fragment.
 * @throws TypeError (a value that cannot be sent), OverflowError (an int over 32 bits)
 */
export function dumps(params: readonly unknown[] | Fault, methodname: string | null = null, methodresponse = false, allowNone = false): string {
  const out: string[] = [];
  if (params instanceof Fault) {
    out.push("<fault>\n");
    dumpValue({ faultCode: params.faultCode, faultString: params.faultString }, allowNone, out, new Set());
    out.push("</fault>\n");
  } else {
    if (methodresponse && params.length !== 1) throw new Error("AssertionError: response tuple must be a singleton");
    out.push("<params>\n");
    for (const param of params) {
      out.push("<param>\n");
      dumpValue(param, allowNone, out, new Set());
      out.push("</param>\n");
    }
    out.push("</params>\n");
  }
  const data = out.join("");
  if (methodname !== null) return `<?xml version='1.0'?>\n<methodCall>\n<methodName>${escapeXml(methodname)}</methodName>\n${data}</methodCall>\n`;
  if (methodresponse) return `<?xml version='1.0'?>\n<methodResponse>\n${data}</methodResponse>\n`;
  return data;
}

function parseInt32(text: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) throw Object.assign(new RangeError(`invalid literal for int() with base 10: ${pyRepr(text)}`), { name: "ValueError" });
  return Number(text.trim());
}

function parseDouble(text: string): number {
  const t = text.trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) throw Object.assign(new RangeError(`could not convert string to float: ${pyRepr(text)}`), { name: "ValueError" });
  return Number(t);
}

function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw Object.assign(new RangeError("Incorrect padding"), { name: "binascii.Error" });
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean.replace(/=+$/, "")) {
    value = (value << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 255);
    }
  }
  return new Uint8Array(out);
}

/** Reads one <value>. @throws ResponseError, ValueError */
function loadValue(value: XmlElement, useDateTime: boolean): unknown {
  const typed = childElements(value);
  if (typed.length === 0) return textOf(value);
  if (typed.length > 1) throw new ResponseError("a value holds more than one element");
  const element = typed[0]!;
  const text = textOf(element);
  switch (element.name) {
    case "int":
    case "i1":
    case "i2":
    case "i4":
    case "i8":
    case "biginteger":
      return parseInt32(text);
    case "boolean":
      if (text === "0") return false;
      if (text === "1") return true;
      throw new TypeError("bad boolean value");
    case "string":
      return text;
    case "double":
    case "float":
    case "bigdecimal":
      return parseDouble(text);
    case "nil":
      return null;
    case "dateTime.iso8601":
      return useDateTime ? parseIsoDate(text) : new DateTime(text);
    case "base64":
      return new Binary(decodeBase64(text));
    case "array": {
      const data = childElements(element);
      if (data.length !== 1 || data[0]!.name !== "data") throw new ResponseError("an array must hold one <data>");
      return childElements(data[0]!).map((item) => {
        if (item.name !== "value") throw new ResponseError(`unknown tag ${pyRepr(item.name)}`);
        return loadValue(item, useDateTime);
      });
    }
    case "struct": {
      const struct: Record<string, unknown> = {};
      for (const member of childElements(element)) {
        if (member.name !== "member") throw new ResponseError(`unknown tag ${pyRepr(member.name)}`);
        const parts = childElements(member);
        const name = parts.find((p) => p.name === "name");
        const item = parts.find((p) => p.name === "value");
        if (!name || !item) throw new ResponseError("a struct member needs a <name> and a <value>");
        struct[textOf(name)] = loadValue(item, useDateTime);
      }
      return struct;
    }
    default:
      throw new ResponseError(`unknown tag ${pyRepr(element.name)}`);
  }
}

function parseIsoDate(text: string): Date {
  const m = /^(\d{4})-?(\d\d)-?(\d\d)T(\d\d):(\d\d):(\d\d)$/.exec(text.trim());
  if (!m) throw Object.assign(new RangeError(`time data ${pyRepr(text)} does not match format '%Y%m%dT%H:%M:%S'`), { name: "ValueError" });
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** The values of <params>: each <param>'s <value>s, skipping tags Python's Unmarshaller does not know. */
function loadParams(params: XmlElement | undefined, useDateTime: boolean): unknown[] {
  if (!params) return [];
  const values: XmlElement[] = [];
  for (const child of childElements(params)) {
    if (child.name === "value") values.push(child);
    else if (child.name === "param") values.push(...childElements(child).filter((element) => element.name === "value"));
  }
  return values.map((value) => loadValue(value, useDateTime));
}

/**
 * Decodes a methodCall or methodResponse as xmlrpc.client.loads does:
 * [params, methodName] (methodName null for a response).
 * @throws Fault for a fault response; ExpatError for XML that is not well-formed;
 *   ResponseError, ValueError, TypeError for XML that is not XML-RPC.
 */
export function loads(text: string, useDateTime = false): [unknown[], string | null] {
  const root = parseXml(text);
  // Python's Unmarshaller acts only on the tags it knows and skips the others:
  // what counts is a methodName, a params or a fault, at the top or one level down.
  const candidates = [root, ...childElements(root)];
  const named = (name: string) => candidates.find((element) => element.name === name);
  const fault = named("fault");
  const params = named("params");
  const methodName = named("methodName");
  if (fault) {
    const values = childElements(fault);
    const struct = values.length === 1 && values[0]!.name === "value" ? loadValue(values[0]!, useDateTime) : null;
    if (!struct || typeof struct !== "object") throw new ResponseError("");
    const { faultCode, faultString } = struct as { faultCode?: unknown; faultString?: unknown };
    throw new Fault(Number(faultCode), String(faultString));
  }
  // Neither a call nor a response: Python raises a ResponseError without a message.
  if (!params && !methodName) throw new ResponseError("");
  return [loadParams(params, useDateTime), methodName ? textOf(methodName) : null];
}

/** The text Python's str() gives an error raised while decoding, for Fault messages. */
export function describeDecodeError(thrown: unknown): string {
  if (thrown instanceof ResponseError) return thrown.message ? `ResponseError(${pyRepr(thrown.message)})` : "ResponseError()";
  if (thrown instanceof ExpatError) return thrown.message;
  return thrown instanceof Error ? thrown.message : String(thrown);
}
