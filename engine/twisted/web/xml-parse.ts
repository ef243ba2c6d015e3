/**
 * A small, strict XML parser for XML-RPC: elements, attributes (read and
 * ignored), text with the five named entities and character references,
 * CDATA, comments and processing instructions. Anything else (a DOCTYPE, a
 * mismatched or unclosed tag, text outside the root, a bad entity) is an
 * ExpatError, as Python's expat would raise. It never evaluates entities
 * beyond those, so no entity expansion attacks.
 */

/** A parsed element: its name, its child elements and text in order. */
export interface XmlElement {
  readonly name: string;
  readonly children: (XmlElement | string)[];
}

/** The XML could not be parsed (Python's xml.parsers.expat.ExpatError). */
export class ExpatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpatError";
  }
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Where `offset` is, as expat reports it: "line 1, column 8". */
function where(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1);
  return `line ${line}, column ${column}`;
}

/** Replaces entity and character references. @throws ExpatError for an unknown or malformed one. */
function decodeText(raw: string, text: string, offset: number): string {
  return raw.replace(/&([^;&\s]*);?/g, (match, ref: string) => {
    if (!match.endsWith(";")) throw new ExpatError(`not well-formed (invalid token): ${where(text, offset)}`);
    if (ref in ENTITIES) return ENTITIES[ref]!;
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2]!, 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new ExpatError(`reference to invalid character number: ${where(text, offset)}`);
      return String.fromCodePoint(code);
    }
    throw new ExpatError(`undefined entity: ${where(text, offset)}`);
  });
}

/**
 * Parses `text` into its root element.
 * @throws ExpatError when it is not well-formed XML (or uses a DOCTYPE).
 */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const stack: { name: string; children: (XmlElement | string)[] }[] = [];
  let root: XmlElement | null = null;
  const fail = (what: string, at = i): never => {
    throw new ExpatError(`${what}: ${where(text, at)}`);
  };
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    const end = lt < 0 ? text.length : lt;
    if (end > i) {
      const raw = text.slice(i, end);
      if (stack.length) stack.at(-1)!.children.push(decodeText(raw, text, i));
      else if (raw.trim()) fail(root ? "junk after document element" : "syntax error");
      i = end;
      if (lt < 0) break;
    }
    if (text.startsWith("<?", i)) {
      const close = text.indexOf("?>", i + 2);
      if (close < 0) fail("unclosed token");
      i = close + 2;
    } else if (text.startsWith("<!--", i)) {
      const close = text.indexOf("-->", i + 4);
      if (close < 0) fail("unclosed token");
      i = close + 3;
    } else if (text.startsWith("<![CDATA[", i)) {
      if (!stack.length) fail("syntax error");
      const close = text.indexOf("]]>", i + 9);
      if (close < 0) fail("unclosed CDATA section");
      stack.at(-1)!.children.push(text.slice(i + 9, close));
      i = close + 3;
    } else if (text.startsWith("<!", i)) {
      fail("DOCTYPE and declarations are not accepted in XML-RPC");
    } else if (text.startsWith("</", i)) {
      const name = NAME.exec(text.slice(i + 2))?.[0];
      if (!name) fail("not well-formed (invalid token)");
      const after = i + 2 + name!.length;
      const gt = /^\s*>/.exec(text.slice(after));
      if (!gt) fail("not well-formed (invalid token)", after);
      const open = stack.pop();
      if (!open || open.name !== name) fail("mismatched tag", i + 2);
      const element: XmlElement = { name: open!.name, children: open!.children };
      if (stack.length) stack.at(-1)!.children.push(element);
      else root = element;
      i = after + gt![0].length;
    } else {
      if (root) fail("junk after document element");
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (!name) fail("not well-formed (invalid token)");
      let j = i + 1 + name!.length;
      // Attributes: name="value" or name='value', read and ignored.
      for (;;) {
        const attr = /^\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("[^"<]*"|'[^'<]*')/.exec(text.slice(j));
        if (!attr) break;
        j += attr[0].length;
      }
      const tail = /^\s*(\/?)>/.exec(text.slice(j));
      if (!tail) fail(j >= text.length ? "unclosed token" : "not well-formed (invalid token)", j);
      j += tail![0].length;
      if (tail![1]) {
        const element: XmlElement = { name: name!, children: [] };
        if (stack.length) stack.at(-1)!.children.push(element);
        else root = element;
      } else {
        stack.push({ name: name!, children: [] });
      }
      i = j;
    }
  }
  if (stack.length) fail("no element found");
  if (!root) fail("no element found");
  return root!;
}

/** The child elements of `element` (text between them ignored). */
export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== "string");
}

/** All the text directly inside `element`. */
export function textOf(element: XmlElement): string {
  return element.children.filter((child): child is string => typeof child === "string").join("");
}
