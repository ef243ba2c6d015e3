/**
 * The text side of twisted.words.protocols.irc: parsing a server's line into
 * prefix, command and parameters (parsemsg), the low-level and CTCP quoting,
 * CTCP's extended messages, and `split`, which cuts a long message into lines
 * as Python's textwrap.wrap does (so the bytes on the wire match Twisted's).
 */
import { IndexError, ValueError } from "../../python/builtins";

/** A line so broken that it cannot be parsed (an empty line). */
export class IRCBadMessage extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "IRCBadMessage";
  }
}

/** The server refused our password (ERR_PASSWDMISMATCH). */
export class IRCPasswordMismatch extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "IRCPasswordMismatch";
  }
}

/** Python's ValueError and IndexError, as parsemsg raises them on some garbage lines. */
function pythonError(name: "ValueError" | "IndexError", message: string): Error {
  return name === "ValueError" ? new ValueError(message) : new IndexError(message);
}

/** What parsemsg returns: [prefix, command, params]. */
export type ParsedMessage = [prefix: string, command: string, params: string[]];

/** Python's str.split() with no argument: runs of whitespace, none empty. */
function splitWhitespace(text: string): string[] {
  return text.split(/[\s\u001c-\u001f\u0085]+/u).filter((part) => part !== "");
}

/**
 * Breaks a line from an IRC server into its prefix (without the colon, "" if
 * none), command and parameters (the trailing one, after " :", kept whole).
 * @throws IRCBadMessage for an empty line; ValueError for a prefix with
 * nothing after it; IndexError for a line with no command (as Twisted's does).
 */
export function parsemsg(s: string): ParsedMessage {
  let prefix = "";
  if (!s) throw new IRCBadMessage("Empty line.");
  if (s.startsWith(":")) {
    const space = s.indexOf(" ", 1);
    if (space < 0) throw pythonError("ValueError", "not enough values to unpack (expected 2, got 1)");
    prefix = s.slice(1, space);
    s = s.slice(space + 1);
  }
  let args: string[];
  const trailingAt = s.indexOf(" :");
  if (trailingAt !== -1) {
    const trailing = s.slice(trailingAt + 2);
    args = splitWhitespace(s.slice(0, trailingAt));
    args.push(trailing);
  } else {
    args = splitWhitespace(s);
  }
  if (args.length === 0) throw pythonError("IndexError", "pop from empty list");
  const command = args.shift()!;
  return [prefix, command, args];
}

// Low-level quoting: NUL, LF, CR and the quote character itself travel as two characters.
const M_QUOTE = "\u0010";
const M_QUOTE_TABLE: Readonly<Record<string, string>> = { "\0": `${M_QUOTE}0`, "\n": `${M_QUOTE}n`, "\r": `${M_QUOTE}r`, [M_QUOTE]: M_QUOTE + M_QUOTE };
const M_DEQUOTE_TABLE: Readonly<Record<string, string>> = { "0": "\0", n: "\n", r: "\r", [M_QUOTE]: M_QUOTE };

/** Quotes NUL, LF, CR and \x10 for the wire. */
export function lowQuote(s: string): string {
  let out = s;
  for (const c of [M_QUOTE, "\0", "\n", "\r"]) out = out.split(c).join(M_QUOTE_TABLE[c]);
  return out;
}

/** Undoes lowQuote (an unknown escape stands for the character after the quote). */
export function lowDequote(s: string): string {
  return s.replace(/\u0010([\s\S])/g, (_all, c: string) => M_DEQUOTE_TABLE[c] ?? c);
}

/** The delimiter of CTCP's extended messages. */
export const X_DELIM = "\u0001";
const X_QUOTE = "\\";

/** Quotes the CTCP delimiter and backslash inside an extended message. */
export function ctcpQuote(s: string): string {
  return s.split(X_QUOTE).join(X_QUOTE + X_QUOTE).split(X_DELIM).join(`${X_QUOTE}a`);
}

/** Undoes ctcpQuote. */
export function ctcpDequote(s: string): string {
  return s.replace(/\\([\s\S])/g, (_all, c: string) => (c === "a" ? X_DELIM : c === X_QUOTE ? X_QUOTE : c));
}

/** A CTCP extended message: [tag, data] (data null when there is none). */
export type ExtendedMessage = [tag: string, data: string | null];

/** Splits a message into its CTCP extended messages and its normal text. */
export function ctcpExtract(message: string): { extended: ExtendedMessage[]; normal: string[] } {
  const parts = message.split(X_DELIM);
  const extended: string[] = [];
  const normal: string[] = [];
  parts.forEach((part, i) => (i % 2 === 1 ? extended : normal).push(part));
  return {
    extended: extended
      .filter((m) => m !== "")
      .map(ctcpDequote)
      .map((m): ExtendedMessage => {
        const space = m.indexOf(" ");
        return space < 0 ? [m, null] : [m.slice(0, space), m.slice(space + 1)];
      }),
    normal: normal.filter((m) => m !== ""),
  };
}

/** Builds CTCP extended messages: each [tag, data] becomes \x01TAG DATA\x01 (data may be a list, joined by spaces). */
export function ctcpStringify(messages: readonly (readonly [string, string | number | readonly unknown[] | null | undefined])[]): string {
  return messages
    .map(([tag, data]) => {
      let m: string;
      if (data !== null && data !== undefined && data !== "" && !(Array.isArray(data) && data.length === 0) && data !== 0) {
        m = `${tag} ${Array.isArray(data) ? data.map(String).join(" ") : String(data)}`;
      } else {
        m = String(tag);
      }
      return X_DELIM + ctcpQuote(m) + X_DELIM;
    })
    .join("");
}

// textwrap.wrap, with Python's defaults (tabs expanded, whitespace replaced, long words and hyphens broken).
const WS = "\\t\\n\\x0b\\x0c\\r ";
const WORD_PUNCT = `[\\p{L}\\p{N}_!"'&.,?]`;
const LETTER = "[\\p{L}_]";
const WORDSEP = new RegExp(
  `([${WS}]+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=[\\p{L}\\p{N}_])` +
    `|[^${WS}]+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=[${WS}]|$)|(?<=${WORD_PUNCT})(?=-{2,}[\\p{L}\\p{N}_])))`,
  "u",
);
const ONLY_WHITESPACE = /^\s*$/u;

function expandTabs(text: string, tabsize = 8): string {
  let out = "";
  let column = 0;
  for (const c of text) {
    if (c === "\t") {
      const spaces = tabsize - (column % tabsize);
      out += " ".repeat(spaces);
      column += spaces;
    } else if (c === "\n" || c === "\r") {
      out += c;
      column = 0;
    } else {
      out += c;
      column += 1;
    }
  }
  return out;
}

function wrap(text: string, width: number): string[] {
  const prepared = expandTabs(text).replace(/[\t\n\x0b\x0c\r]/g, " ");
  const chunks = prepared.split(WORDSEP).filter((chunk) => chunk !== undefined && chunk !== "");
  if (width <= 0) throw pythonError("ValueError", `invalid width ${width} (must be > 0)`);
  const lines: string[] = [];
  chunks.reverse();
  while (chunks.length) {
    const line: string[] = [];
    let length = 0;
    if (lines.length && ONLY_WHITESPACE.test(chunks[chunks.length - 1]!)) chunks.pop();
    while (chunks.length) {
      const next = [...chunks[chunks.length - 1]!].length;
      if (length + next > width) break;
      line.push(chunks.pop()!);
      length += next;
    }
    if (chunks.length && [...chunks[chunks.length - 1]!].length > width) {
      const chunk = [...chunks[chunks.length - 1]!];
      const spaceLeft = width < 1 ? 1 : width - length;
      let end = spaceLeft;
      if (chunk.length > spaceLeft) {
        const hyphen = chunk.slice(0, spaceLeft).lastIndexOf("-");
        if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== "-")) end = hyphen + 1;
      }
      line.push(chunk.slice(0, end).join(""));
      chunks[chunks.length - 1] = chunk.slice(end).join("");
    }
    if (line.length && ONLY_WHITESPACE.test(line[line.length - 1]!)) line.pop();
    if (line.length) lines.push(line.join(""));
  }
  return lines;
}

/**
 * Splits `str` into lines of at most `length` characters, at newlines and
 * preferably at whitespace (Python's textwrap.wrap on each line): an empty
 * or blank message gives no lines at all.
 */
export function split(str: string, length = 80): string[] {
  return str.split("\n").flatMap((line) => wrap(line, length));
}
