import { describe, expect, it } from "vitest";
import { World } from "../../runtime/world";
import { CancelledError } from "../internet/defer";
import { TwistedError } from "./exceptions";
import { Failure, NoCurrentExceptionError } from "./failure";

class SpecificError extends TwistedError {}

describe("a Failure", () => {
  it("wraps an exception with its value and type", () => {
    const error = new RangeError("out");
    const failure = new Failure(error);
    expect(failure.value).toBe(error);
    expect(failure.type).toBe(RangeError);
    expect(failure.getErrorMessage()).toBe("out");
  });

  it("cannot be made from nothing: JavaScript has no current exception", () => {
    expect(() => new Failure()).toThrow(NoCurrentExceptionError);
  });

  it("copies another Failure it wraps, count included, as Twisted does", () => {
    const original = new Failure(new Error("x"));
    const copy = new Failure(original);
    expect(copy).not.toBe(original);
    expect(copy.value).toBe(original.value);
    expect(copy.count).toBe(original.count);
  });

  it("checks against classes up the inheritance chain and against class names", () => {
    const failure = new Failure(new SpecificError("s"));
    expect(failure.check(RangeError, TwistedError)).toBe(TwistedError);
    expect(failure.check("SpecificError")).toBe("SpecificError");
    expect(failure.check("twisted.python.TwistedError")).toBe("twisted.python.TwistedError");
    expect(failure.check(CancelledError)).toBeNull();
    expect(failure.parents).toEqual(["SpecificError", "TwistedError", "Error"]);
  });

  it("rethrows itself from trap when nothing matches", () => {
    const failure = new Failure(new SpecificError("s"));
    expect(failure.trap(SpecificError)).toBe(SpecificError);
    let thrown: unknown;
    try {
      failure.trap(CancelledError);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(failure);
  });

  it("raises the wrapped exception, not itself", () => {
    const error = new Error("raised");
    expect(() => new Failure(error).raiseException()).toThrow(error);
  });

  it("wraps values that are not Errors, as JavaScript lets anything be thrown", () => {
    const failure = new Failure("a string");
    expect(failure.type).toBe(String);
    expect(failure.getErrorMessage()).toBe("a string");
    expect(failure.check(String)).toBe(String);
  });

  it("says so when it has no learner frames, as Twisted's frameless tracebacks do", () => {
    expect(new Failure(new SpecificError("no frames")).getTraceback()).toBe(
      "Traceback (most recent call last):\nFailure: SpecificError: no frames",
    );
    expect(new Failure(new SpecificError("brief")).getBriefTraceback()).toBe(
      "Traceback (failure with no frames): SpecificError: brief\n",
    );
  });

  it("points its traceback at the learner's lines, outermost first", () => {
    const world = new World();
    world.start(
      [
        'import { defer } from "twisted/internet";',
        "function parse(text: string) {",
        "  return JSON.parse(text);",
        "}",
        "function load() {",
        "  return parse('{oops');",
        "}",
        "const d = defer.maybeDeferred(load);",
        "d.addErrback((f: any) => console.log(f.getTraceback()));",
      ].join("\n"),
      "learner.ts",
    );
    const lines = world.output[0]!.text.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "Traceback (most recent call last):",
      '  File "learner.ts", line 8, in <module>',
      '  File "learner.ts", line 6, in load',
      '  File "learner.ts", line 3, in parse',
    ]);
    expect(lines[4]).toMatch(/^SyntaxError: /);
  });
});
