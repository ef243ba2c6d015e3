import { describe, expect, it } from "vitest";
import { splitErrorText } from "./error-text";

describe("splitErrorText", () => {
  it("keeps the module list of a bad import out of the summary", () => {
    const text = splitErrorText("ModuleNotFoundError: No module named 'twisted/internets'. Available: twisted/internet, twisted/protocols/basic");
    expect(text.summary).toBe("ModuleNotFoundError: No module named 'twisted/internets'.");
    expect(text.more).toEqual({ title: "The 2 modules you can import", items: ["twisted/internet", "twisted/protocols/basic"] });
  });

  it("leaves any other message whole", () => {
    expect(splitErrorText("TypeError: x is not a function")).toEqual({ summary: "TypeError: x is not a function", more: null });
  });
});
