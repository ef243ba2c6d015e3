import { describe, expect, it } from "vitest";
import { ShellChannels } from "./shell-channels";

describe("ShellChannels", () => {
  it("routes a connection's events to its handlers until it closes", () => {
    const channels = new ShellChannels();
    const seen: string[] = [];
    const conn = channels.newId();
    channels.openConnection(conn, {
      onConnected: () => seen.push("connected"),
      onData: (data) => seen.push(`data ${data}`),
      onClosed: (clean) => seen.push(`closed ${clean}`),
      onRefused: () => seen.push("refused"),
    });
    channels.route({ type: "connected", conn });
    channels.route({ type: "data", conn, data: "hi" });
    channels.route({ type: "closed", conn, clean: true });
    channels.route({ type: "data", conn, data: "late" });
    expect(seen).toEqual(["connected", "data hi", "closed true"]);
  });

  it("gives commands and inspections ids distinct from connections and from each other", () => {
    const channels = new ShellChannels();
    const ids = [channels.newId(), channels.addCommand({ onOutput: () => {}, onExit: () => {} }), channels.addInspection(() => {})];
    expect(new Set(ids).size).toBe(3);
  });

  it("ends every command and closes every connection when the run is dropped", () => {
    const channels = new ShellChannels();
    const seen: string[] = [];
    channels.openConnection(channels.newId(), { onConnected: () => {}, onData: () => {}, onClosed: (clean) => seen.push(`closed ${clean}`), onRefused: () => {} });
    const id = channels.addCommand({ onOutput: () => {}, onExit: (code) => seen.push(`exit ${code}`) });
    channels.dropAll();
    channels.route({ type: "exec-exit", id, code: 0 });
    expect(seen).toEqual(["closed false", "exit null"]);
  });
});
