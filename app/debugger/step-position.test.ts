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

  it("gives the total of a full recording even while the run goes on, and says it is full", () => {
    expect(stepPosition({ cursor: 99_999, length: 100_000 }, true, true)).toBe("Step 100,000 of 100,000 · recording full");
  });
});
