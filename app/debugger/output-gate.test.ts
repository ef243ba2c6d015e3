import { describe, expect, it } from "vitest";
import { DebugStore } from "./debug-store";
import { OutputGate, outputShown, SHOW_ALL } from "./output-gate";

function gate() {
  const printed: string[] = [];
  const dims: (number | null)[] = [];
  const g = new OutputGate<string>(
    (line, index) => printed.push(`${index}:${line}`),
    (from) => dims.push(from),
  );
  return { g, printed, dims };
}

describe("the terminal's output gate", () => {
  it("prints every line at once when the debugger follows the run", () => {
    const { g, printed, dims } = gate();
    g.add("a");
    g.add("b");
    expect(printed).toEqual(["0:a", "1:b"]);
    expect(dims).toEqual([]);
  });

  it("holds a paused run's lines until the cursor passes them, and dims those it goes back before", () => {
    const { g, printed, dims } = gate();
    g.show({ printBefore: 0, dimFrom: 0 });
    g.add("top level");
    g.add("failed: nobody");
    expect(printed).toEqual([]);
    g.show({ printBefore: 1, dimFrom: 1 });
    expect(printed).toEqual(["0:top level"]);
    g.show({ printBefore: 2, dimFrom: 2 });
    expect(printed).toEqual(["0:top level", "1:failed: nobody"]);
    // Step back before the errback's line: it stays printed, dimmed, and is not printed again.
    g.show({ printBefore: 1, dimFrom: 1 });
    expect(dims).toEqual([1]);
    g.show({ printBefore: 0, dimFrom: 0 });
    g.show({ printBefore: 2, dimFrom: 2 });
    expect(dims).toEqual([1, 0, null]);
    expect(printed).toEqual(["0:top level", "1:failed: nobody"]);
  });

  it("prints what it held and undims when the run carries on live, and numbers a new run's lines from 0", () => {
    const { g, printed, dims } = gate();
    g.add("a");
    g.show({ printBefore: 0, dimFrom: 0 });
    g.add("b");
    expect(dims).toEqual([0]);
    g.show(SHOW_ALL);
    expect(printed).toEqual(["0:a", "1:b"]);
    expect(dims).toEqual([0, null]);
    g.show({ printBefore: 0, dimFrom: 0 });
    g.reset();
    g.add("c");
    expect(printed).toEqual(["0:a", "1:b", "0:c"]);
    expect(dims).toEqual([0, null, 0, null]);
  });
});

describe("how much output the terminal shows for the debugger", () => {
  function storeWithOutput() {
    const store = new DebugStore(() => {});
    store.runStarted("print()", "paused");
    store.receiveStarted();
    const events = [
      { type: "program.started", seq: 0, time: 0, location: null, file: "a.ts" },
      { type: "output", seq: 1, time: 0, location: null, stream: "stdout", text: "one" },
      { type: "output", seq: 2, time: 0, location: null, stream: "stdout", text: "two" },
      { type: "program.ended", seq: 3, time: 0, location: null, status: "running", message: null },
    ];
    store.receiveTrace(JSON.stringify(events));
    store.receiveDebugState(true, true);
    return store;
  }

  it("shows a paused run's output up to the cursor, and everything once the run has ended", () => {
    const store = storeWithOutput();
    expect(outputShown(store.getSnapshot(), true)).toEqual({ printBefore: 0, dimFrom: 0 });
    store.moveTo(2);
    expect(outputShown(store.getSnapshot(), true)).toEqual({ printBefore: 2, dimFrom: 2 });
    store.moveTo(1);
    expect(outputShown(store.getSnapshot(), true)).toEqual({ printBefore: 1, dimFrom: 1 });
    expect(outputShown(store.getSnapshot(), false)).toEqual(SHOW_ALL);
    store.runEnded();
    expect(outputShown(store.getSnapshot(), true)).toEqual(SHOW_ALL);
  });

  it("prints everything of a run that goes on live, dimming what comes after the cursor, until it follows the run again", () => {
    const store = storeWithOutput();
    store.resume();
    expect(outputShown(store.getSnapshot(), true)).toEqual(SHOW_ALL);
    store.moveTo(1);
    expect(outputShown(store.getSnapshot(), true)).toEqual({ printBefore: null, dimFrom: 1 });
  });
});
