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
