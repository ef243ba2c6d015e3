/**
 * twisted.web.http's constants and helpers: status codes and reason phrases,
 * HTTP dates, chunks, query strings, header names. Shared by the request,
 * the channel and the modules above them.
 */

export const CONTINUE = 100;
export const SWITCHING = 101;
export const OK = 200;
export const CREATED = 201;
export const ACCEPTED = 202;
export const NON_AUTHORITATIVE_INFORMATION = 203;
export const NO_CONTENT = 204;
export const RESET_CONTENT = 205;
export const PARTIAL_CONTENT = 206;
export const MULTI_STATUS = 207;
export const MULTIPLE_CHOICE = 300;
export const MOVED_PERMANENTLY = 301;
export const FOUND = 302;
export const SEE_OTHER = 303;
export const NOT_MODIFIED = 304;
export const USE_PROXY = 305;
export const TEMPORARY_REDIRECT = 307;
export const PERMANENT_REDIRECT = 308;
export const BAD_REQUEST = 400;
export const UNAUTHORIZED = 401;
export const PAYMENT_REQUIRED = 402;
export const FORBIDDEN = 403;
export const NOT_FOUND = 404;
export const NOT_ALLOWED = 405;
export const NOT_ACCEPTABLE = 406;
export const PROXY_AUTH_REQUIRED = 407;
export const REQUEST_TIMEOUT = 408;
export const CONFLICT = 409;
export const GONE = 410;
export const LENGTH_REQUIRED = 411;
export const PRECONDITION_FAILED = 412;
export const REQUEST_ENTITY_TOO_LARGE = 413;
export const REQUEST_URI_TOO_LONG = 414;
export const UNSUPPORTED_MEDIA_TYPE = 415;
export const REQUESTED_RANGE_NOT_SATISFIABLE = 416;
export const EXPECTATION_FAILED = 417;
export const INTERNAL_SERVER_ERROR = 500;
export const NOT_IMPLEMENTED = 501;
export const BAD_GATEWAY = 502;
export const SERVICE_UNAVAILABLE = 503;
export const GATEWAY_TIMEOUT = 504;
export const HTTP_VERSION_NOT_SUPPORTED = 505;
export const INSUFFICIENT_STORAGE_SPACE = 507;
export const NOT_EXTENDED = 510;

/** Twisted 22.4's reason phrases, quirks included ("Reset Content.", "Request Time-out"). */
export const RESPONSES: Readonly<Record<number, string>> = {
  100: "Continue",
  101: "Switching Protocols",
  200: "OK",
  201: "Created",
  202: "Accepted",
  203: "Non-Authoritative Information",
  204: "No Content",
  205: "Reset Content.",
  206: "Partial Content",
  207: "Multi-Status",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  305: "Use Proxy",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Time-out",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Request Entity Too Large",
  414: "Request-URI Too Long",
  415: "Unsupported Media Type",
  416: "Requested Range not satisfiable",
  417: "Expectation Failed",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Time-out",
  505: "HTTP Version not supported",
  507: "Insufficient Storage Space",
  510: "Not Extended",
};

/** Codes whose responses never carry a body. */
export const NO_BODY_CODES: readonly number[] = [204, 304];

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** `seconds` since the epoch as an HTTP date: "Mon, 07 Dec 2026 06:13:23 GMT". */
export function datetimeToString(seconds: number): string {
  const d = new Date(Math.floor(seconds) * 1000);
  const weekday = WEEKDAYS[(d.getUTCDay() + 6) % 7];
  return `${weekday}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

/** `seconds` since the epoch as the access log writes it: "[07/Dec/2026:06:13:23 +0000]". */
export function datetimeToLogString(seconds: number): string {
  const d = new Date(Math.floor(seconds) * 1000);
  return `[${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000]`;
}

const encoder = new TextEncoder();

/** The bytes of `data`: text as UTF-8. */
export function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? encoder.encode(data) : data;
}

/** One chunk of a chunked body: [size in hex, CRLF, data, CRLF]. */
export function toChunk(data: string | Uint8Array): [string, string, Uint8Array, string] {
  const bytes = toBytes(data);
  return [bytes.length.toString(16), "\r\n", bytes, "\r\n"];
}

/**
 * Percent-decodes `text` as UTF-8 (urllib's unquote); a malformed escape
 * is kept as it is, as Python keeps it.
 */
export function unquote(text: string): string {
  if (!text.includes("%")) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "%" && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of encoder.encode(c)) bytes.push(b);
    }
  }
  return new TextDecoder("utf-8").decode(new Uint8Array(bytes));
}

/**
 * Parses a query string ("a=1&b=2;a=3") into name -> values, as Twisted's
 * parse_qs: "+" is a space, names and values are percent-decoded, and an
 * item without "=" is skipped (or, with strictParsing, throws ValueError).
 */
export function parse_qs(qs: string, keepBlankValues = false, strictParsing = false): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const item of qs.split("&").flatMap((part) => part.split(";"))) {
    const eq = item.indexOf("=");
    if (eq < 0) {
      if (strictParsing) throw Object.assign(new RangeError(`bad query field: ${JSON.stringify(item)}`), { name: "ValueError" });
      continue;
    }
    const value = item.slice(eq + 1);
    if (!value && !keepBlankValues) continue;
    const key = unquote(item.slice(0, eq).replace(/\+/g, " "));
    (Object.hasOwn(result, key) ? result[key]! : (result[key] = [])).push(unquote(value.replace(/\+/g, " ")));
  }
  return result;
}

const CASE_MAPPINGS: Readonly<Record<string, string>> = {
  "content-md5": "Content-MD5",
  dnt: "DNT",
  etag: "ETag",
  p3p: "P3P",
  te: "TE",
  "www-authenticate": "WWW-Authenticate",
  "x-xss-protection": "X-XSS-Protection",
};

/** A header name as Twisted's Headers writes it: "content-type" -> "Content-Type", "etag" -> "ETag". */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return CASE_MAPPINGS[lower] ?? lower.split("-").map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("-");
}
