import { describe, expect, it } from "vitest";
import * as engine from "../../index";
import { learnerModules } from "../../runtime/modules";

const module = (path: string) => learnerModules[path] as Record<string, unknown>;

describe("the learner's API", () => {
  it("offers Twisted's names in modules named after Twisted's", () => {
    expect(Object.keys(module("twisted/internet/defer"))).toEqual(
      expect.arrayContaining([
        "Deferred", "succeed", "fail", "maybeDeferred", "DeferredList", "gatherResults", "inlineCallbacks",
        "ensureDeferred", "DeferredQueue", "DeferredLock", "DeferredSemaphore",
        "AlreadyCalledError", "CancelledError", "FirstError", "TimeoutError",
      ]),
    );
    expect(Object.keys(module("twisted/python/failure"))).toContain("Failure");
    expect(Object.keys(module("twisted/internet/task"))).toEqual(
      expect.arrayContaining(["Clock", "LoopingCall", "deferLater", "coiterate", "cooperate"]),
    );
    expect(Object.keys(module("twisted/internet/error"))).toEqual(
      expect.arrayContaining([
        "AlreadyCalled", "AlreadyCancelled", "ConnectionDone", "ConnectionLost", "ConnectionRefusedError", "TimeoutError",
        "ReactorNotRunning", "ReactorAlreadyRunning", "ReactorNotRestartable",
      ]),
    );
  });

  it("gives `from twisted.internet import defer` and `twisted.internet.defer` the same module", () => {
    expect(module("twisted/internet").defer).toBe(module("twisted/internet/defer"));
    expect(module("twisted/internet").task).toBe(module("twisted/internet/task"));
  });

  it("keeps defer's TimeoutError (addTimeout) apart from error.TimeoutError (connections), as Twisted does", () => {
    expect(module("twisted/internet/defer").TimeoutError).not.toBe(module("twisted/internet/error").TimeoutError);
  });
});

describe("the engine's public door", () => {
  it("exports exactly the names the app, the lessons' tools and the scripts use", () => {
    // Types leave no trace at run time; these are the values. A new export is a decision: add it here too.
    expect(Object.keys(engine).sort()).toEqual(
      [
        "BUFFER_SIZE", "COURSE_FILES", "ChecksFileSchema", "MARK_FAILURE", "MARK_OUTPUT", "MARK_STEP", "MARK_UNHANDLED", "RunnerEventSchema",
        "RunnerRequestSchema", "ScenarioError", "SimulatedClient", "SimulatedDriver", "TraceEventSchema", "TraceIndex", "TraceRowDecoder",
        "World", "checkSetup", "commandLine", "debugStateAt", "formatTime", "judgeCheck", "learnerModuleNames", "loadSqlite", "mayUseSqlite", "nextStop", "observeCheck",
        "parseTraceEvent", "rootedFiles", "runCheck", "runChecks",
        "shortFunctionName", "sqliteLoaded", "stopInNewEvents", "timelineMarkers",
      ].sort(),
    );
  });

  it("keeps each world's reactor inside the world", () => {
    const world = new engine.World();
    // @ts-expect-error the reactor is private: the type check fails here if it is ever made public again.
    void world.reactor;
    // The operations the app needs are the world's own.
    expect(world.seconds()).toBe(0);
    expect(world.reactorRunning).toBe(false);
  });
});
