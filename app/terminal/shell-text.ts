/**
 * The shell's text: splitting command lines (words, quotes, a pipe), printf's
 * escapes, wrapping long lines between words, and line ends for xterm.
 */

/** The line end xterm needs to return to the first column. */
export const CRLF = "\r\n";

/** "A | B" split at its one unquoted pipe, or null. */
export function splitPipe(line: string): [string, string] | null {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "|") return [line.slice(0, i).trim(), line.slice(i + 1).trim()];
  }
  return null;
}

/** printf FORMAT [ARG...]: backslash escapes (\n \r \t \\) and %s, as the shell's printf does. */
export function printf(args: readonly string[]): string {
  const [format = "", ...rest] = args;
  let next = 0;
  const escapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\", a: "\x07", "0": "\0" };
  return format.replace(/\\(.)|%([sd%])/g, (whole, escape: string | undefined, conversion: string | undefined) => {
    if (escape !== undefined) return escapes[escape] ?? whole;
    if (conversion === "%") return "%";
    return rest[next++] ?? "";
  });
}

/** Splits a command line into words, honouring single and double quotes. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) words.push(match[1] ?? match[2] ?? match[3]!);
  return words;
}

/**
 * Splits text into lines no wider than `columns`, breaking between words
 * where it can (a word longer than a line is broken where it must).
 */
export function wrapText(text: string, columns: number): string[] {
  const width = Math.max(10, columns - 1);
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/\r$/, "");
    while (line.length > width) {
      const space = line.lastIndexOf(" ", width);
      const cut = space > 0 ? space : width;
      out.push(line.slice(0, cut).trimEnd());
      line = line.slice(space > 0 ? cut + 1 : cut);
    }
    out.push(line);
  }
  return out;
}

/** xterm needs CRLF to return to the first column; servers may send bare LF. */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, CRLF);
}
