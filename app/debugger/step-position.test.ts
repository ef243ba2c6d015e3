import { describe, expect, it } from "vitest";
import { stepPosition } from "./step-position";

describe("the debugger's position", () => {
  it("gives no total while the run is still recorded, however far the recording has got", () => {
    expect(stepPosition({ cursor: 11, length: 46 }, true)).toBe("Step 12 · recording…");
    expect(stepPosition({ cursor: 11, length: 88 }, true)).toBe("Step 12 · recording…");
  });

  it("gives the total once the run has ended", () => {
    expect(stepPosition({ cursor: 11, length: 1112 }, false)).toBe("Step 12 of 1,112");
    expect(stepPosition({ cursor: -1, length: 0 }, false)).toBe("No run recorded");
  });
});
