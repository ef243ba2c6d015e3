/**
 * HTTP Basic authentication as twisted.web.http.Request.getUser and
 * getPassword read it: "Authorization: Basic <base64 of user:password>".
 */

/** The [user, password] of a Basic Authorization header, or ["", ""] when there is none or it is malformed. */
export function basicAuthCredentials(header: string | null): [string, string] {
  const parts = header?.trim().split(/\s+/) ?? [];
  if (parts.length !== 2 || parts[0]!.toLowerCase() !== "basic" || !/^[A-Za-z0-9+/]+={0,2}$/.test(parts[1]!)) return ["", ""];
  const decoded = decodeBase64Latin1(parts[1]!);
  const colon = decoded.indexOf(":");
  return colon < 0 ? ["", ""] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes base64 into text, one character per byte. */
function decodeBase64Latin1(text: string): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const ch of text.replace(/=+$/, "")) {
    value = ((value << 6) | B64.indexOf(ch)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 255);
    }
  }
  return out;
}
