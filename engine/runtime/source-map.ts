/**
 * Maps a place in the code that runs back to the learner's TypeScript.
 * Sucrase keeps every line where it was, but not every column (a removed
 * type annotation, `_internet.reactor` for `reactor`); the instrumenter adds
 * text inside lines. An error must name the line and column the learner wrote.
 */

/** A position, 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One line's mappings: generated column to source position (0-based columns), in column order. */
type LineMappings = { generated: number; line: number; column: number }[];

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes a source map's `mappings` (version 3, one source) into lines of segments. */
function decodeMappings(mappings: string): LineMappings[] {
  const lines: LineMappings[] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(";")) {
    const segments: LineMappings = [];
    let generated = 0;
    for (const segment of lineText.split(",")) {
      if (!segment) continue;
      const fields = decodeVlq(segment);
      generated += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceLine += fields[2]!;
        sourceColumn += fields[3]!;
        segments.push({ generated, line: sourceLine, column: sourceColumn });
      }
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Maps positions in sucrase's output to the TypeScript it came from. */
export class CompiledMap {
  private readonly lines: LineMappings[];

  constructor(mappings: string) {
    this.lines = decodeMappings(mappings);
  }

  /**
   * The TypeScript position of generated `position`: the nearest mapped token
   * at or before it on its line, moved by the distance from that token. The
   * line never changes (sucrase keeps lines).
   */
  toSource(position: Position): Position {
    const segments = this.lines[position.line - 1] ?? [];
    const column0 = position.column - 1;
    let best: LineMappings[number] | null = null;
    for (const segment of segments) {
      if (segment.generated > column0) break;
      best = segment;
    }
    if (!best || best.line !== position.line - 1) return position;
    return { line: position.line, column: best.column + (column0 - best.generated) + 1 };
  }
}

/** Text the instrumenter added, by line: where (0-based column in the compiled code) and how long. */
export type AddedText = ReadonlyMap<number, readonly { readonly column: number; readonly length: number }[]>;

/**
 * The compiled-code position of a position in the instrumented code: the
 * added text before it on its line is taken away; a position inside added
 * text is put where that text was added.
 */
export function withoutAddedText(position: Position, added: AddedText, prefixOnFirstLine = 0): Position {
  const column0 = position.column - 1 - (position.line === 1 ? prefixOnFirstLine : 0);
  let shift = 0;
  for (const insertion of added.get(position.line) ?? []) {
    const start = insertion.column + shift;
    if (column0 < start) break;
    if (column0 < start + insertion.length) return { line: position.line, column: insertion.column + 1 };
    shift += insertion.length;
  }
  return { line: position.line, column: Math.max(0, column0 - shift) + 1 };
}
