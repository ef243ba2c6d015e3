import { describe, expect, it } from "vitest";
import type { TerminalLine } from "./session-snapshot";
import { TerminalFeed } from "./terminal-feed";

describe("TerminalFeed", () => {
  it("keeps lines printed before any terminal listens and gives them to the first one, once", () => {
    const feed = new TerminalFeed();
    feed.emit({ stream: "note", text: "Running finger.py…" });
    feed.addOutput({ stream: "stdout", text: "hello" });
    const first: TerminalLine[] = [];
    feed.listen((line) => first.push(line));
    const second: TerminalLine[] = [];
    feed.listen((line) => second.push(line));
    feed.emit({ stream: "note", text: "Program stopped." });
    expect(first.map((line) => line.text)).toEqual(["Running finger.py…", "hello", "Program stopped."]);
    expect(second.map((line) => line.text)).toEqual(["Program stopped."]);
    expect(first[1]).toEqual({ stream: "stdout", text: "hello", output: 0 });
  });

  it("holds the run's output beyond the debugger's cursor and dims what it printed after it", () => {
    const feed = new TerminalFeed();
    const printed: string[] = [];
    const dims: (number | null)[] = [];
    feed.listen((line) => printed.push(line.text));
    feed.listenDimmed((from) => dims.push(from));
    feed.showOutput({ printBefore: 1, dimFrom: null });
    feed.addOutput({ stream: "stdout", text: "one" });
    feed.addOutput({ stream: "stdout", text: "two" });
    expect(printed).toEqual(["one"]);
    feed.showOutput({ printBefore: null, dimFrom: null });
    expect(printed).toEqual(["one", "two"]);
    feed.showOutput({ printBefore: null, dimFrom: 1 });
    expect(dims.at(-1)).toBe(1);
  });

  it("explains Twisted's (debug: ...) block once per run", () => {
    const feed = new TerminalFeed();
    const notes: string[] = [];
    feed.listen((line) => {
      if (line.stream === "note") notes.push(line.text);
    });
    feed.addOutput({ stream: "log", text: "(debug:  C: Deferred was created:" });
    feed.addOutput({ stream: "log", text: "(debug:  C: Deferred was created:" });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^About the \(debug: \.\.\.\) block/);
    feed.runStarted();
    feed.addOutput({ stream: "log", text: "(debug:  I: First Invoker was:" });
    expect(notes).toHaveLength(2);
  });

  it("keeps at most 500 lines for a terminal that has not loaded", () => {
    const feed = new TerminalFeed();
    for (let i = 0; i < 600; i++) feed.emit({ stream: "stdout", text: String(i) });
    const got: string[] = [];
    feed.listen((line) => got.push(line.text));
    expect(got).toHaveLength(500);
    expect(got.at(-1)).toBe("499");
  });
});
