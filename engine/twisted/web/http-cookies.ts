/**
 * Cookies as twisted.web.http.Request reads and writes them: the name=value
 * pairs of a Cookie header, and the text of one Set-Cookie header.
 */

/** The attributes Request.addCookie accepts after the name and value. */
export interface CookieOptions {
  expires?: string;
  domain?: string;
  path?: string;
  max_age?: string | number;
  secure?: boolean;
  httpOnly?: boolean;
}

/** The [name, value] pairs of one Cookie header's text, in order; a part without "=" is skipped. */
export function parseCookieHeader(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const cookie of text.split(";")) {
    const trimmed = cookie.replace(/^\s+/, "");
    const eq = trimmed.indexOf("=");
    if (eq >= 0) pairs.push([trimmed.slice(0, eq), trimmed.slice(eq + 1)]);
  }
  return pairs;
}

/**
 * One Set-Cookie header's value, as Twisted writes it: line breaks and semicolons in
 * the name, value and attributes become spaces, so a value cannot add attributes or headers.
 */
export function formatSetCookie(k: string, v: string, options: CookieOptions): string {
  const clean = (s: string) => s.replace(/\r\n|\r|\n/g, " ").replace(/;/g, " ");
  let cookie = `${clean(k)}=${clean(v)}`;
  if (options.expires !== undefined) cookie += `; Expires=${clean(options.expires)}`;
  if (options.domain !== undefined) cookie += `; Domain=${clean(options.domain)}`;
  if (options.path !== undefined) cookie += `; Path=${clean(options.path)}`;
  if (options.max_age !== undefined) cookie += `; Max-Age=${clean(String(options.max_age))}`;
  if (options.secure) cookie += "; Secure";
  if (options.httpOnly) cookie += "; HttpOnly";
  return cookie;
}
