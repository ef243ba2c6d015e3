import { describe, expect, it } from "vitest";
import { CommandOutputLines } from "./command-output-lines";

describe("CommandOutputLines", () => {
  it("hands on a line once its newline has come, however the text was split", () => {
    const seen: string[] = [];
    const lines = new CommandOutputLines((stream, text) => seen.push(`${stream}: ${text}`));
    lines.write("stdout", "Usage: tw");
    expect(seen).toEqual([]);
    lines.write("stdout", "istd [options]\nOpt");
    lines.write("stderr", "error: bad\n");
    expect(seen).toEqual(["stdout: Usage: twistd [options]", "stderr: error: bad"]);
  });

  it("hands on a last line without a newline when the command ends, and no empty line after a final newline", () => {
    const seen: string[] = [];
    const lines = new CommandOutputLines((stream, text) => seen.push(`${stream}: ${text}`));
    lines.write("stdout", "one\n\ntwo");
    lines.write("stderr", "oops\n");
    lines.end();
    expect(seen).toEqual(["stdout: one", "stdout: ", "stderr: oops", "stdout: two"]);
  });
});
