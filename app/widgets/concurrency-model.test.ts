import { describe, expect, it } from "vitest";
import { modelTimelines } from "./concurrency-model";

const byName = (clients: number, blockingCallback = false) =>
  Object.fromEntries(modelTimelines({ clients, wait: 2, compute: 0.5, blockingCallback }).map((m) => [m.name, m]));

describe("the concurrency model", () => {
  it("serves clients one after another when the server blocks", () => {
    const models = byName(3);
    expect(models["one-at-a-time"]!.lanes.map((l) => l.done)).toEqual([2.5, 5, 7.5]);
  });

  it("overlaps the waits in the event loop, and takes turns only for computing", () => {
    const models = byName(3);
    expect(models["event-loop"]!.lanes.map((l) => l.done)).toEqual([2.5, 3, 3.5]);
    expect(models["event-loop"]!.finished).toBe(3.5);
  });

  it("makes the event loop as slow as a blocking server when a callback blocks", () => {
    expect(byName(4, true)["event-loop"]!.finished).toBe(byName(4)["one-at-a-time"]!.finished);
  });

  it("charges processes more memory than threads, and threads more than the event loop", () => {
    const models = byName(8);
    expect(models["process-per-connection"]!.memoryMb).toBeGreaterThan(models["thread-per-connection"]!.memoryMb);
    expect(models["thread-per-connection"]!.memoryMb).toBeGreaterThan(models["event-loop"]!.memoryMb);
  });

  it("gives every client a lane that ends when it is answered", () => {
    for (const model of modelTimelines({ clients: 5, wait: 1, compute: 0.2, blockingCallback: false })) {
      expect(model.lanes).toHaveLength(5);
      for (const lane of model.lanes) expect(lane.done).toBe(lane.segments.at(-1)!.end);
    }
  });
});
