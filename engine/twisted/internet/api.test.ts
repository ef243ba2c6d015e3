import { describe, expect, it } from "vitest";
import * as engine from "../../index";
import { learnerModules } from "../../runtime/modules";

describe("the public API", () => {
  it("offers Twisted's names in namespaces named after Twisted's modules", () => {
    expect(Object.keys(engine.defer)).toEqual(
      expect.arrayContaining([
        "Deferred", "succeed", "fail", "maybeDeferred", "DeferredList", "gatherResults", "inlineCallbacks",
        "ensureDeferred", "DeferredQueue", "DeferredLock", "DeferredSemaphore",
        "AlreadyCalledError", "CancelledError", "FirstError", "TimeoutError",
      ]),
    );
    expect(Object.keys(engine.failure)).toContain("Failure");
    expect(Object.keys(engine.task)).toEqual(
      expect.arrayContaining(["Clock", "LoopingCall", "deferLater", "coiterate", "cooperate"]),
    );
    expect(Object.keys(engine.error)).toEqual(
      expect.arrayContaining(["AlreadyCalled", "AlreadyCancelled", "ConnectionDone", "ConnectionLost", "ConnectionRefusedError", "TimeoutError"]),
    );
    expect(Object.keys(engine.trace)).toEqual(expect.arrayContaining(["setTraceSink", "setTimeSource", "TraceEventSchema", "TraceRecorder"]));
  });

  it("gives learner code the same modules under Twisted's paths", () => {
    expect(learnerModules["twisted/internet/defer"]).toBe(engine.defer);
    expect(learnerModules["twisted/internet/task"]).toBe(engine.task);
    expect(learnerModules["twisted/python/failure"]).toBe(engine.failure);
    expect((learnerModules["twisted/internet"] as { defer: unknown }).defer).toBe(engine.defer);
  });

  it("keeps defer's TimeoutError (addTimeout) apart from error.TimeoutError (connections), as Twisted does", () => {
    expect(engine.defer.TimeoutError).not.toBe(engine.error.TimeoutError);
  });
});
