/**
 * The layout of usage.Options' `--help`: twisted.python.usage.docMakeChunks,
 * one chunk per option or command, its description wrapped by Python's
 * textwrap beside a column of option names.
 */
import { wrap } from "../../stdlib/textwrap";

/** One row of the help: an option (flag or parameter) or a sub-command. */
export interface OptionDoc {
  readonly long: string;
  readonly short: string | null;
  readonly doc: string | null;
  readonly optType: "flag" | "parameter" | "command";
  /** A parameter's default, shown as "[default: x]" unless null. */
  readonly default?: unknown;
  /** A parameter's coerce function's coerceDoc, added after the description. */
  readonly coerceDoc?: string;
}

/** Python's str() of a default value: True/False/None, lists as ['a', 'b']. */
export function pythonStr(value: unknown): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null || value === undefined) return "None";
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  return String(value);
}

function pythonRepr(value: unknown): string {
  return typeof value === "string" ? `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` : pythonStr(value);
}

/** Orders as Python's sorted() orders strings: by code point. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Lays out `options` as Twisted's docMakeChunks does: sorted by short name
 * (or long name when there is none), each a block of lines ending in "\n".
 */
export function docMakeChunks(options: readonly OptionDoc[], width = 80): string[] {
  const sorted = [...options].sort((a, b) => byCodePoint(a.short || a.long, b.short || b.long));
  let maxOptLen = 0;
  for (const opt of sorted) {
    if (opt.long) maxOptLen = Math.max(maxOptLen, opt.long.length + (opt.optType === "parameter" ? 1 : 0));
  }
  const colWidth1 = maxOptLen + "  -s, --  ".length;
  const colWidth2 = width - colWidth1;
  const filler = " ".repeat(colWidth1);
  const seen = new Set<string>();
  const chunks: string[] = [];
  for (const opt of sorted) {
    if ((opt.short !== null && seen.has(opt.short)) || seen.has(opt.long)) continue;
    if (opt.short !== null) seen.add(opt.short);
    seen.add(opt.long);
    const short = opt.short ? `-${opt.short}` : "";
    const long = (opt.optType === "parameter" ? `${opt.long}=` : opt.long).padEnd(maxOptLen);
    const comma = short ? "," : " ";
    const column1 = opt.optType === "command" ? `    ${long}      ` : `  ${short.padStart(2)}${comma} --${long}  `;
    let doc = opt.doc ? opt.doc.trim() : "";
    if (opt.optType === "parameter" && opt.default !== null && opt.default !== undefined) doc = `${doc} [default: ${pythonStr(opt.default)}]`;
    if (opt.optType === "parameter" && opt.coerceDoc) doc = `${doc}. ${opt.coerceDoc}`;
    const lines = doc ? wrap(doc, colWidth2) : [""];
    chunks.push([`${column1}${lines[0] ?? ""}\n`, ...lines.slice(1).map((line) => `${filler}${line}\n`)].join(""));
  }
  return chunks;
}
