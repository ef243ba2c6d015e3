import { describe, expect, it } from "vitest";
import { Clock } from "./task";
import { Deferred } from "./defer";
import { Failure } from "../python/failure";

describe("callback and errback behave like Python's bound methods", () => {
  it("d.callback can be passed to callLater on its own", () => {
    const clock = new Clock();
    const d = new Deferred<number>();
    const seen: number[] = [];
    d.addCallback((value) => seen.push(value));
    clock.callLater(2, d.callback, 3 * 3);
    clock.advance(2);
    expect(seen).toEqual([9]);
  });

  it("d.errback can be handed to another Deferred as its errback", () => {
    const source = new Deferred<number>();
    const target = new Deferred<number>();
    const caught: string[] = [];
    target.addErrback((failure: Failure) => caught.push(failure.getErrorMessage()));
    source.addCallbacks(target.callback, target.errback);
    source.errback(new Error("boom"));
    expect(caught).toEqual(["boom"]);
  });
});
