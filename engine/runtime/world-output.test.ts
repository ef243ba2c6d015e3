import { describe, expect, it } from "vitest";
import { WorldOutput, type OutputLine } from "./world-output";

describe("WorldOutput", () => {
  it("stamps each line with the virtual time and tells the recording its text before it is kept", () => {
    const order: string[] = [];
    let now = 1.5;
    const output = new WorldOutput(
      () => now,
      (stream, shown) => order.push(`recorded ${stream} ${shown}`),
    );
    output.listen((line) => order.push(`heard ${line.text} at ${line.time}`));
    output.add("stdout", "hello");
    now = 2;
    output.add("log", "tick");
    expect(order).toEqual(["recorded stdout hello", "heard hello at 1.5", "recorded log tick", "heard tick at 2"]);
    expect(output.lines).toEqual([
      { stream: "stdout", text: "hello", time: 1.5 },
      { stream: "log", text: "tick", time: 2 },
    ]);
  });

  it("cuts a line too long to keep, saying how long it was", () => {
    const output = new WorldOutput(() => 0, () => {});
    output.add("stdout", "x".repeat(50_000));
    const [line] = output.lines as [OutputLine];
    expect(line.fullLength).toBe(50_000);
    expect(line.text.endsWith("… (output truncated: 50000 characters in all)")).toBe(true);
    expect(line.text.length).toBeLessThan(20_100);
  });

  it("keeps the first 20,000 lines and one note, while listeners still hear every line", () => {
    const output = new WorldOutput(() => 0, () => {});
    let heard = 0;
    const stop = output.listen(() => heard++);
    for (let i = 0; i < 20_005; i++) output.add("stdout", String(i));
    expect(output.lines).toHaveLength(20_001);
    expect(output.lines.at(-1)!.text).toBe("output truncated: only the first 20000 lines of output are kept");
    expect(heard).toBe(20_005);
    stop();
    output.add("stdout", "later");
    expect(heard).toBe(20_005);
  });
});
