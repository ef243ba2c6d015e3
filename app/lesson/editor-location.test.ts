import { describe, expect, it } from "vitest";
import { isLineInText, locationInText, type EditorText } from "./editor-location";

/** Two lines: "ab" and "" (Monaco's max column is the length plus one). */
const twoLines: EditorText = {
  lineCount: 2,
  maxColumn(line) {
    if (line < 1 || line > 2) throw new Error("Illegal value for lineNumber");
    return line === 1 ? 3 : 1;
  },
};

describe("locationInText", () => {
  it("keeps a location that is in the text", () => {
    expect(locationInText(twoLines, 1, 2)).toEqual({ line: 1, column: 2, endColumn: 3 });
  });

  it("drops a line past the end of the text, as after a timer on line 8 fires once the file has two lines", () => {
    expect(locationInText(twoLines, 8, 1)).toBeNull();
    expect(locationInText(twoLines, 999, 1)).toBeNull();
  });

  it("drops lines that are not lines at all", () => {
    for (const line of [0, -3, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, undefined]) {
      expect(locationInText(twoLines, line)).toBeNull();
    }
  });

  it("pulls a column past the line's end back to its last column, and a bad column to the first", () => {
    expect(locationInText(twoLines, 1, 500)).toEqual({ line: 1, column: 3, endColumn: 3 });
    expect(locationInText(twoLines, 2, -1)).toEqual({ line: 2, column: 1, endColumn: 1 });
    expect(locationInText(twoLines, 2, Number.NaN)).toEqual({ line: 2, column: 1, endColumn: 1 });
  });
});

describe("isLineInText", () => {
  it("accepts the text's lines only", () => {
    expect(isLineInText(twoLines, 2)).toBe(true);
    expect([0, 3, null, undefined, 1.5].map((line) => isLineInText(twoLines, line))).toEqual([false, false, false, false, false]);
  });
});
