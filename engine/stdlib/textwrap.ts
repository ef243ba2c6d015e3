/**
 * Python's textwrap.wrap, the part Twisted's usage.Options uses to lay out
 * `--help`: the same chunking (words, whitespace runs, hyphenated words), so
 * a help text breaks at exactly the places Python breaks it. Imports nothing.
 */

const WHITESPACE = "[\\t\\n\\x0b\\x0c\\r ]";
const NOT_WHITESPACE = "[^\\t\\n\\x0b\\x0c\\r ]";
const LETTER = "[^\\d\\W]";
const WORD_PUNCTUATION = "[\\w!\"'&.,?]";

/** TextWrapper.wordsep_re, as Python 3.11 writes it (verbose mode spelled out). */
const WORD_SEPARATOR = new RegExp(
  `(${WHITESPACE}+` +
    `|(?<=${WORD_PUNCTUATION})-{2,}(?=\\w)` +
    `|${NOT_WHITESPACE}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})` +
    `|(?=${WHITESPACE}|$)` +
    `|(?<=${WORD_PUNCTUATION})(?=-{2,}\\w)))`,
);

/**
 * Wraps `text` into lines of at most `width` characters, as Python's
 * textwrap.wrap(text, width) does with its defaults: tabs expanded, every
 * whitespace character made a space, whitespace dropped at line ends, long
 * words broken (after a hyphen when one fits).
 * @throws RangeError for a width below 1, as Python's ValueError
 */
export function wrap(text: string, width = 70): string[] {
  if (width <= 0) throw new RangeError(`invalid width ${width} (must be > 0)`);
  const munged = expandTabs(text).replace(/[\t\n\x0b\x0c\r]/g, " ");
  const chunks = munged.split(WORD_SEPARATOR).filter((chunk) => chunk !== "");
  return wrapChunks(chunks, width);
}

function expandTabs(text: string, tabSize = 8): string {
  let column = 0;
  let out = "";
  for (const ch of text) {
    if (ch === "\t") {
      const spaces = tabSize - (column % tabSize);
      out += " ".repeat(spaces);
      column += spaces;
    } else {
      out += ch;
      column = ch === "\n" || ch === "\r" ? 0 : column + 1;
    }
  }
  return out;
}

const isBlank = (chunk: string) => chunk.trim() === "";

/** TextWrapper._wrap_chunks with drop_whitespace and break_long_words on, no indents. */
function wrapChunks(chunks: string[], width: number): string[] {
  const lines: string[] = [];
  const pending = [...chunks].reverse();
  while (pending.length > 0) {
    const line: string[] = [];
    let length = 0;
    if (isBlank(pending.at(-1)!) && lines.length > 0) pending.pop();
    while (pending.length > 0 && length + pending.at(-1)!.length <= width) {
      const chunk = pending.pop()!;
      line.push(chunk);
      length += chunk.length;
    }
    if (pending.length > 0 && pending.at(-1)!.length > width) {
      breakLongWord(pending, line, length, width);
    }
    if (line.length > 0 && isBlank(line.at(-1)!)) line.pop();
    if (line.length > 0) lines.push(line.join(""));
  }
  return lines;
}

/** TextWrapper._handle_long_word: as much of the word as fits, cut after a hyphen when there is one. */
function breakLongWord(pending: string[], line: string[], length: number, width: number): void {
  const spaceLeft = width < 1 ? 1 : width - length;
  const chunk = pending.at(-1)!;
  let end = spaceLeft;
  if (chunk.length > spaceLeft) {
    const hyphen = chunk.lastIndexOf("-", spaceLeft - 1);
    if (hyphen > 0 && /[^-]/.test(chunk.slice(0, hyphen))) end = hyphen + 1;
  }
  line.push(chunk.slice(0, end));
  pending[pending.length - 1] = chunk.slice(end);
}
