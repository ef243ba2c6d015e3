import { describe, expect, it } from "vitest";
import { firstUnhandledError } from "./unhandled";

describe("firstUnhandledError", () => {
  it("finds the reactor's Unhandled Error with the innermost learner frame", () => {
    const output = [
      "FingerFactory starting on 1079",
      "Unhandled Error",
      "Traceback (most recent call last):",
      '  File "finger.ts", line 7, in lineReceived',
      '  File "finger.ts", line 20, in getUser',
      "TypeError: this.users.get is not a function",
    ].join("\n");
    expect(firstUnhandledError(output)).toEqual({
      error: "TypeError: this.users.get is not a function",
      where: "finger.ts, line 20, in getUser",
      line: 20,
    });
  });

  it("finds an unhandled error in a Deferred, past its debug block", () => {
    const output = [
      "Unhandled error in Deferred:",
      "(debug:  C: Deferred was created:",
      '  File "finger.ts", line 4, in getUser',
      ")",
      "Traceback (most recent call last):",
      "Failure: RuntimeError: the user database is down",
    ].join("\n");
    expect(firstUnhandledError(output)).toEqual({ error: "RuntimeError: the user database is down", where: "finger.ts, line 4, in getUser", line: 4 });
  });

  it("is null for a program that logged no unhandled error", () => {
    expect(firstUnhandledError("FingerFactory starting on 1079\nStarting factory <FingerFactory object>")).toBeNull();
  });
});
