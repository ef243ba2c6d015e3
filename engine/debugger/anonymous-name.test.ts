import { describe, expect, it } from "vitest";
import { anonymousHead, shortFunctionName } from "./anonymous-name";

describe("naming an anonymous function by its source", () => {
  it("shows an arrow's parameters without their types, and a block body as {…}", () => {
    expect(anonymousHead('d.addErrback((reason: any) => { console.log("failed: " + reason.getErrorMessage()); throw reason; });')).toBe("(reason) => {…}");
  });

  it("shows a short expression body whole, and a call by its callee", () => {
    expect(anonymousHead('d.addCallback((status: string) => "line: " + status);')).toBe('(status) => "line: " + status');
    expect(anonymousHead("reactor.callLater(1, () => d.errback(new UnknownUser(user)));")).toBe("() => d.errback(…)");
    expect(anonymousHead("d.addCallback((line: string) => console.log(line));")).toBe("(line) => console.log(…)");
  });

  it("cuts a long expression body", () => {
    expect(anonymousHead("d.addCallback((users: string[]) => users.filter(Boolean).length > 10 ? 'many' : 'few');")).toBe("(users) => users.filter(Boolean)…");
  });

  it("takes the errback of addCallbacks from its second function", () => {
    const line = "d.addCallbacks((v: number) => v * 2, (f: Failure) => 0);";
    expect(anonymousHead(line, "callback")).toBe("(v) => v * 2");
    expect(anonymousHead(line, "errback")).toBe("(f) => 0");
  });

  it("reads bare parameters, function expressions, return types and a function that starts on the next line", () => {
    expect(anonymousHead("d.addCallback(x => x + 1);")).toBe("(x) => x + 1");
    expect(anonymousHead("d.addCallback(function (result, extra = 1) { return result; });")).toBe("function (result, extra) {…}");
    expect(anonymousHead("d.addCallback(async (r): Promise<void> => { await r; });")).toBe("(r) => {…}");
    expect(anonymousHead("d.addCallback(\n  (user: string) => lookup(user),\n);")).toBe("(user) => lookup(…)");
  });

  it("keeps a function's own name, and says anonymous function when the source does not help", () => {
    const source = ["const d = getUser();", "d.addCallback(render);", "d.addCallback((page: string) => page.trim());"];
    expect(shortFunctionName("render", source, 2)).toBe("render");
    expect(shortFunctionName("<anonymous>", source, 3)).toBe("(page) => page.trim(…)");
    expect(shortFunctionName("<anonymous>", source, 1)).toBe("anonymous function");
    expect(shortFunctionName("<anonymous>", undefined, 3)).toBe("anonymous function");
    expect(shortFunctionName("<anonymous>", source, null)).toBe("anonymous function");
  });
});
