/**
 * Python's `html` module, as far as the web lessons need it: escape(), which
 * the finger tutorial's pages use (its cgi.escape is gone from Python 3.8).
 */

/**
 * Replaces &, < and > with HTML entities and, when `quote` is true (the
 * default), " and ' too: `escape("<b>")` is "&lt;b&gt;".
 */
export function escape(s: string, quote = true): string {
  const text = String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return quote ? text.replace(/"/g, "&quot;").replace(/'/g, "&#x27;") : text;
}
