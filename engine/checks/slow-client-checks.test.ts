import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runChecks } from "./run-checks";
import { ChecksFileSchema } from "./scenario";

const fileSender = readFileSync(new URL("../../lessons/22-streaming-with-producers/03-file-sender/solution/serve-file.ts", import.meta.url), "utf8");
const writeAll = readFileSync(new URL("../../lessons/22-streaming-with-producers/03-file-sender/start/serve-file.ts", import.meta.url), "utf8");

const checks = ChecksFileSchema.parse({
  checks: [
    {
      id: "slow-then-reads",
      title: "A paused client holds the transfer back until it reads",
      scenario: [
        { file: "/srv/fox.txt", content: "fox\n", repeat: 50000 },
        { connect: "slow", port: 8030, paused: true },
        { wait: 3 },
        { expect: "slow", received: "", within: 0 },
        { expectOutput: "Sent the whole file", absent: true },
        { resumeReading: "slow" },
        { expect: "slow", received: "fox\n", repeat: 50000, state: "closed" },
        { expectOutput: "Sent the whole file, ending in a newline" },
      ],
    },
    {
      id: "pause-again",
      title: "pauseReading stops a client midway",
      scenario: [
        { network: { latency: 0.1 } },
        { file: "/srv/fox.txt", content: "fox\n", repeat: 50000 },
        { connect: "c", port: 8030 },
        { pauseReading: "c" },
        { wait: 2 },
        { expect: "c", contains: "fox\n", within: 0 },
        { expectOutput: "Sent the whole file", absent: true },
        { resumeReading: "c" },
        { expect: "c", received: "fox\n", repeat: 50000, state: "closed" },
      ],
    },
  ],
}).checks;

describe("check steps for a slow client", () => {
  it("let a FileSender wait for a client that reads nothing, and deliver every byte once it reads", async () => {
    const results = await runChecks(fileSender, "serve-file.ts", checks);
    expect(results.map((r) => [r.id, r.passed, r.detail])).toEqual([
      ["slow-then-reads", true, expect.anything()],
      ["pause-again", true, expect.anything()],
    ]);
  });

  it("catch a server that writes the whole file at once, and say so briefly", async () => {
    const [slow] = await runChecks(writeAll, "serve-file.ts", checks);
    expect(slow!.passed).toBe(false);
    expect(slow!.detail).toContain('Expected the output not to contain "Sent the whole file"');
  });

  it("repeat a file's content and an expected text, and refuse repeat without received", () => {
    const parsed = ChecksFileSchema.safeParse({ checks: [{ id: "x", title: "x", scenario: [{ connect: "a", port: 1 }, { expect: "a", contains: "y", repeat: 2 }] }] });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain("repeat repeats received: give received too");
  });
});
