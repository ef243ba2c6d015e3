import { describe, expect, it } from "vitest";
import { World, type RunnerRequest } from "../../engine";
import { DebugStore } from "./debug-store";
import { fullText } from "./DebuggerBar";

/** A run recorded by a real world whose recording holds only `limit` events. */
function recordedRun(limit: number): string {
  const world = new World({ record: { limit } });
  world.start('import { reactor } from "twisted/internet";\nfor (let i = 0; i < 100; i++) {\n  reactor.callLater(i, () => console.log(i));\n}\nreactor.run();\n', "f.ts");
  world.advance(3);
  return JSON.stringify(world.trace);
}

describe("the debugger's store, when the recording is full", () => {
  it("knows it is full whatever step the cursor is on", () => {
    const sent: RunnerRequest[] = [];
    const store = new DebugStore((request) => sent.push(request));
    store.runStarted("source", "paused");
    store.receiveStarted();
    store.receiveTrace(recordedRun(40));
    store.receiveDebugState(true, true);
    expect(store.getSnapshot().state.cursor).toBe(0);
    expect(store.getSnapshot().full).toBe(true);
    store.dispose();
  });

  it("does not ask the runner for a step it could not record: the program and the debugger stay together", () => {
    const sent: RunnerRequest[] = [];
    const store = new DebugStore((request) => sent.push(request));
    store.runStarted("source", "paused");
    store.receiveStarted();
    store.receiveTrace(recordedRun(40));
    store.receiveDebugState(true, true);
    store.moveTo(Number.MAX_SAFE_INTEGER);
    expect(store.step("event")).toBe(false);
    expect(sent).toEqual([]);
    store.dispose();
  });

  it("asks the runner as before while the recording has room", () => {
    const sent: RunnerRequest[] = [];
    const store = new DebugStore((request) => sent.push(request));
    store.runStarted("source", "paused");
    store.receiveStarted();
    store.receiveTrace(recordedRun(100_000));
    store.receiveDebugState(true, true);
    expect(store.getSnapshot().full).toBe(false);
    store.moveTo(Number.MAX_SAFE_INTEGER);
    expect(store.step("event")).toBe(true);
    expect(sent).toEqual([{ type: "debug", action: "step" }]);
    store.dispose();
  });

  it("says where the recording stopped and that the program runs on", () => {
    expect(fullText(100_000, 0, "paused")).toBe("Recording full at step 100,000 (0.0 s). Run goes on unrecorded; Restart records again.");
    expect(fullText(100_000, 0, "running")).toBe("Recording full at step 100,000 (0.0 s): the program runs on, unrecorded. Restart records again.");
    expect(fullText(100_000, 2.5, "ended")).toBe("Recording full at step 100,000 (2.5 s): later steps of the run were not recorded.");
  });
});

describe("the debugger's store, between steps", () => {
  /** A recorded run whose timers each create a Deferred, so Step changes the Deferreds created by the cursor. */
  function storeOverDeferreds(): DebugStore {
    const world = new World({ record: { limit: 100_000 } });
    const source = 'import { defer, reactor } from "twisted/internet";\nfor (let i = 0; i < 5; i++) {\n  reactor.callLater(i, () => { const d = new defer.Deferred(); d.callback(i); console.log(i); });\n}\nreactor.callLater(10, () => reactor.stop());\nreactor.run();\n';
    world.start(source, "f.ts");
    world.advance(20);
    const store = new DebugStore(() => undefined);
    store.runStarted(source, "paused");
    store.receiveStarted();
    store.receiveTrace(JSON.stringify(world.trace));
    store.receiveDebugState(false, false);
    return store;
  }

  it("keeps a list that a step did not change, so the views need not draw it again", () => {
    const store = storeOverDeferreds();
    store.step("event");
    const before = store.getSnapshot().state;
    store.step("line");
    const after = store.getSnapshot().state;
    expect(after.cursor).toBeGreaterThan(before.cursor);
    expect(after.deferreds).toEqual(before.deferreds);
    expect(after.deferreds).toBe(before.deferreds);
    expect(after.pending).toBe(before.pending);
    store.dispose();
  });

  it("gives a new list when a step changed it", () => {
    const store = storeOverDeferreds();
    store.step("event");
    const before = store.getSnapshot().state;
    store.step("event");
    const after = store.getSnapshot().state;
    expect(after.deferreds.length).toBe(before.deferreds.length + 1);
    expect(after.pending.length).toBe(before.pending.length - 1);
    expect(after.output.length).toBe(before.output.length + 1);
    store.dispose();
  });
});
