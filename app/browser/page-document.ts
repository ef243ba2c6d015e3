/**
 * Turns the HTML a learner's program served into the srcdoc of the browser
 * pane's frame. Runs in the page (it needs DOMParser, whose documents never
 * run scripts or load anything).
 *
 * How links work. The frame is sandboxed with no permissions at all (no
 * allow-scripts, no allow-same-origin): its document runs no code and has an
 * opaque origin, so the pane can neither listen to clicks inside it nor read
 * where it navigated. Left alone, a click on <a href="http://localhost:8000/x">
 * would navigate the frame to the learner's *real* machine, outside the
 * simulated network. So every link loses its href here (a click does
 * nothing), keeps a link's look, and gets a number, [1], [2], ..., as text
 * browsers such as lynx number them; the pane lists the numbered links under
 * the frame as buttons, and a button loads its URL through the simulated
 * network like the address bar. A <meta http-equiv> (refresh would navigate
 * the frame too), <base> and <link> are removed for the same reason, and <script>
 * and on* attributes are removed: the sandbox would block them anyway, and
 * the pane says how many it dropped. A Content-Security-Policy meta comes
 * first in <head>, so nothing (image, style sheet, font, frame) loads from
 * any network; forms cannot submit (no allow-forms, form-action 'none').
 */
import { resolveLink } from "./address";

/** Nothing from any network: inline styles and data: images only. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; form-action 'none'; base-uri 'none'";

/** The frame's sandbox attribute: an empty token list grants nothing. */
export const PAGE_SANDBOX = "";

const XLINK = "http://www.w3.org/1999/xlink";

/** Marks the numbered links so they still look like links without an href. */
const LINK_STYLE = "a[data-pane-link]{color:#0000ee;text-decoration:underline}sup.pane-link-number{color:#666;font:11px monospace;margin-left:1px}";

export interface PageLink {
  /** The number shown after the link in the page, from 1. */
  readonly number: number;
  readonly text: string;
  readonly url: string;
}

export interface PageDocument {
  readonly srcdoc: string;
  /** The page's <title>, or "" when it has none. */
  readonly title: string;
  readonly links: readonly PageLink[];
  /** Scripts removed: <script> elements, and elements with on* handlers. */
  readonly scripts: number;
  /** Forms on the page, which cannot submit in the pane. */
  readonly forms: number;
}

/**
 * Builds the frame's document for `html` served at `pageUrl`: links
 * numbered and inert, scripts and navigating meta removed, the CSP added.
 */
export function pageDocument(html: string, pageUrl: string): PageDocument {
  const doc = new DOMParser().parseFromString(html, "text/html");
  let scripts = 0;
  for (const element of doc.querySelectorAll("script")) {
    scripts++;
    element.remove();
  }
  for (const element of doc.querySelectorAll("*")) {
    const handlers = [...element.attributes].filter((attribute) => attribute.name.toLowerCase().startsWith("on"));
    for (const attribute of handlers) element.removeAttribute(attribute.name);
    if (handlers.length) scripts++;
  }
  // <link> too: a dns-prefetch or preconnect reaches the real network past the CSP, and no style sheet could load anyway.
  for (const element of doc.querySelectorAll("meta[http-equiv], base, link")) element.remove();
  const links: PageLink[] = [];
  for (const anchor of doc.querySelectorAll("a, area")) {
    // An SVG <a> may carry its URL as xlink:href.
    const href = anchor.getAttribute("href") ?? anchor.getAttributeNS(XLINK, "href");
    for (const name of ["href", "target", "ping"]) anchor.removeAttribute(name);
    anchor.removeAttributeNS(XLINK, "href");
    const url = href === null ? null : resolveLink(href, pageUrl);
    if (url === null || anchor.localName !== "a") continue;
    const number = links.length + 1;
    links.push({ number, text: (anchor.textContent ?? "").trim().replace(/\s+/g, " ") || url, url });
    anchor.setAttribute("data-pane-link", String(number));
    anchor.setAttribute("title", url);
    const mark = doc.createElement("sup");
    mark.className = "pane-link-number";
    mark.textContent = `[${number}]`;
    anchor.after(mark);
  }
  const policy = doc.createElement("meta");
  policy.httpEquiv = "Content-Security-Policy";
  policy.content = PAGE_CSP;
  const style = doc.createElement("style");
  style.textContent = LINK_STYLE;
  doc.head.prepend(policy, style);
  const srcdoc = (doc.doctype ? "<!DOCTYPE html>" : "") + doc.documentElement.outerHTML;
  return { srcdoc, title: doc.title.trim(), links, scripts, forms: doc.forms.length };
}
