/**
 * The browser pane's addresses: what the learner types in the address bar,
 * and the links a page carries, both turned into the http:// URLs that the
 * simulated network's curl understands.
 */

/** Where the pane starts when the step names no address: the port twisted.web examples serve on. */
export const DEFAULT_BROWSER_URL = "http://localhost:8000/";

export type AddressResult = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };

/**
 * Reads what the learner typed: a full http:// URL, a host with an optional
 * port and path ("localhost:8000/moshez"), or a path ("/moshez") on the page
 * shown now (`current`). The fragment is dropped: it never goes on the wire.
 * @returns the URL, or a message saying what is wrong with the input.
 */
export function readAddress(input: string, current: string): AddressResult {
  const text = input.trim();
  if (text === "") return { ok: false, message: `Type an address, e.g. ${DEFAULT_BROWSER_URL}` };
  if (/^https:\/\//i.test(text)) {
    return { ok: false, message: "This Browser tab speaks plain HTTP only: use http://, or curl -k https://... in the terminal for TLS." };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme && scheme[1]!.toLowerCase() !== "http") {
    return { ok: false, message: `Only http:// addresses can be opened here, not ${scheme[1]}://.` };
  }
  let url: URL;
  try {
    url = text.startsWith("/") ? new URL(text, current) : new URL(scheme ? text : `http://${text}`);
  } catch {
    return { ok: false, message: `"${text}" is not an address. Try ${DEFAULT_BROWSER_URL}` };
  }
  if (url.protocol !== "http:" || url.hostname === "" || url.username || url.password) {
    return { ok: false, message: `"${text}" is not an address this browser can open. Try ${DEFAULT_BROWSER_URL}` };
  }
  url.hash = "";
  return { ok: true, url: url.href };
}

/**
 * The URL a link on the page at `pageUrl` leads to, or null if the pane
 * cannot follow it: another scheme (mailto:, javascript:, https:), a bare
 * fragment on the same page, or an href that does not parse.
 */
export function resolveLink(href: string, pageUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim(), pageUrl);
  } catch {
    return null;
  }
  if (url.protocol !== "http:") return null;
  url.hash = "";
  if (href.trim().startsWith("#") && url.href === new URL(pageUrl).href.replace(/#.*$/, "")) return null;
  return url.href;
}

/** "localhost:8000", the host and port a URL connects to, for messages. */
export function hostAndPort(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "80"}`;
}
