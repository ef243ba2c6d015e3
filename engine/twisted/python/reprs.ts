/**
 * Python's repr() of str, bytes and float, for messages that must read as
 * Twisted's do ("Unhandled Command: b'Sum'", "Bad float value 'x'").
 */

/** Python's repr() of a str: single quotes unless the text holds one and no double quote. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's repr() of bytes: b'...' with printable ASCII as itself and the rest as \xNN. */
export function pyBytesRepr(bytes: Uint8Array): string {
  const hasSingle = bytes.includes(0x27);
  const quote = hasSingle && !bytes.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const c of bytes) {
    if (c === 0x5c) out += "\\\\";
    else if (c === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += String.fromCharCode(c);
  }
  return out + quote;
}

/** A float as Python's repr() writes it: "1.5", "1e+16", "1e-07", "-0.0", "inf". */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const [mantissa, expText] = n.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/**
 * Any value as Python's repr() would show it: str, bytes, numbers, None,
 * True/False, lists, dicts (plain objects and Maps), sets and exceptions.
 * `special` may name a repr for values of its own (XML-RPC's Binary, say).
 */
export function pyValueRepr(value: unknown, special?: (value: unknown) => string | undefined): string {
  const own = special?.(value);
  if (own !== undefined) return own;
  const inner = (item: unknown) => pyValueRepr(item, special);
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return pyRepr(value);
  if (typeof value === "number") return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : pyFloatRepr(value);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return pyBytesRepr(value);
  if (Array.isArray(value)) return `[${value.map(inner).join(", ")}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${inner(k)}: ${inner(v)}`).join(", ")}}`;
  if (value instanceof Set) return value.size ? `{${[...value].map(inner).join(", ")}}` : "set()";
  if (value instanceof Error) return `${value.name}(${pyRepr(value.message)})`;
  if (typeof value === "function") return `<function ${value.name || "<lambda>"}>`;
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${inner(v)}`).join(", ")}}`;
  }
  return String(value);
}
