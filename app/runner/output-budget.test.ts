import { describe, expect, it } from "vitest";
import { ConnectionDataBudget, OutputBudget } from "./output-budget";

describe("a run's output budget", () => {
  it("passes ordinary lines as they are", () => {
    const budget = new OutputBudget();
    expect(budget.admit("hello")).toEqual({ text: "hello", note: null });
  });

  it("cuts a 50,000,000-character line to its first 2,000 characters and says so", () => {
    const budget = new OutputBudget();
    const admitted = budget.admit("x".repeat(50_000_000));
    expect(admitted?.text.length).toBe(2000);
    expect(admitted?.note).toBe("output truncated: that line had 50,000,000 characters; the first 2,000 are shown.");
  });

  it("names the length a line had before the world shortened it", () => {
    const budget = new OutputBudget();
    expect(budget.admit("x".repeat(20_000), 50_000_000)?.note).toBe("output truncated: that line had 50,000,000 characters; the first 2,000 are shown.");
  });

  it("shows 2,000 lines of a flood of ten million, says so once, then drops the rest", () => {
    const budget = new OutputBudget();
    let shown = 0;
    const notes: string[] = [];
    for (let i = 0; i < 10_000_000; i++) {
      const admitted = budget.admit("tick");
      if (!admitted) continue;
      shown++;
      if (admitted.note) notes.push(admitted.note);
    }
    expect(shown).toBe(2000);
    expect(notes).toEqual(["output truncated: this run has printed 2,000 lines; the rest of its output is not shown."]);
  });

  it("stops at 200,000 characters over all lines, even when each line is short enough", () => {
    const budget = new OutputBudget();
    const shown: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const admitted = budget.admit("y".repeat(1500));
      if (admitted) shown.push(admitted.text);
    }
    expect(shown.join("").length).toBe(200_000);
  });
});

describe("a connection's data budget", () => {
  it("passes a finger answer as it is", () => {
    expect(new ConnectionDataBudget().admit("Happy and well\r\n")).toEqual({ text: "Happy and well\r\n", note: null });
  });

  it("cuts 50 MB sent in chunks at 200,000 characters, says so once, then passes nothing", () => {
    const budget = new ConnectionDataBudget();
    const chunk = "y".repeat(65_536);
    const shown: string[] = [];
    const notes: string[] = [];
    for (let sent = 0; sent < 50_000_000; sent += chunk.length) {
      const admitted = budget.admit(chunk);
      if (!admitted) continue;
      shown.push(admitted.text);
      if (admitted.note) notes.push(admitted.note);
    }
    expect(shown.join("").length).toBe(200_000);
    expect(notes).toEqual(["output truncated: this connection has received 200,000 characters; the rest of what the program sends on it is not shown."]);
  });

  it("cuts one 50,000,000-character write at once", () => {
    expect(new ConnectionDataBudget().admit("z".repeat(50_000_000))?.text.length).toBe(200_000);
  });
});
