/**
 * twisted.web.http's access log format: the combined log format, each field
 * quoted as Python's repr() quotes it.
 */
import type { Request } from "./http-request";

/** What an access-log formatter gets: the time (already formatted) and the request. */
export type LogFormatter = (timestamp: string, request: Request) => string;

/** Python's repr() escaping inside double quotes, as the access log quotes its fields. */
function escapeLogField(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out;
}

/** The combined log format: `"127.0.0.1" - - [07/Dec/2026:06:13:23 +0000] "GET / HTTP/1.1" 200 13 "-" "curl/7.88.1"`. */
export function combinedLogFormatter(timestamp: string, request: Request): string {
  const ip = request.getClientAddress()?.host ?? "-";
  const referrer = escapeLogField(request.getHeader("referer") || "-");
  const agent = escapeLogField(request.getHeader("user-agent") || "-");
  return (
    `"${escapeLogField(ip)}" - - ${timestamp} "${escapeLogField(request.method)} ${escapeLogField(request.uri)} ${escapeLogField(request.clientproto)}" ` +
    `${request.code} ${request.sentLength || "-"} "${referrer}" "${agent}"`
  );
}
