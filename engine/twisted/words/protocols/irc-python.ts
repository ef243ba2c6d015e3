/**
 * What IRCClient needs of Python that JavaScript lacks: str() and repr() of
 * values as Twisted's messages print them, list indexing that raises
 * IndexError, strict UTF-8 decoding that raises UnicodeDecodeError, and
 * time.asctime().
 */
import { IndexError, UnicodeDecodeError } from "../../python/builtins";
import { pyRepr as strRepr } from "../../python/reprs";

/** Python's str() of a value, as Twisted's format strings print it (None for null). */
export function pyStr(value: unknown): string {
  return value === null || value === undefined ? "None" : String(value);
}

/** params[i] as Python indexes a list (negative from the end). @throws IndexError when out of range. */
export function at(params: readonly string[], i: number): string {
  const index = i < 0 ? params.length + i : i;
  if (index < 0 || index >= params.length) {
    throw new IndexError("list index out of range");
  }
  return params[index]!;
}

/** The first character of `s`. @throws IndexError for "" (Python's s[0]). */
export function first(s: string): string {
  if (s === "") {
    throw new IndexError("string index out of range");
  }
  return s[0]!;
}

/** Text to UTF-8 bytes. */
export const UTF8 = new TextEncoder();
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** A line of bytes (one character per byte) decoded as strict UTF-8. @throws UnicodeDecodeError, as Python's bytes.decode("utf-8"). */
export function decodeLine(raw: string): string {
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    throw new UnicodeDecodeError(`'utf-8' codec can't decode byte 0x${bytes[at]!.toString(16).padStart(2, "0")} in position ${at}`);
  }
}

/** Where the first byte sequence that is not UTF-8 starts, as Python reports it. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Python's time.asctime() of `seconds` since the epoch, in UTC: "Thu Jan  1 00:00:00 1970". */
export function asctime(seconds: number): string {
  const d = new Date(Math.floor(seconds) * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Python's repr() of a str or None, for log lines. */
export function pyRepr(value: string | null): string {
  return value === null ? "None" : strRepr(value);
}
