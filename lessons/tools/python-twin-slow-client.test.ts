import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChecksFileSchema, SimulatedDriver, runCheck } from "../../engine";
import { PythonTwinDriver, realTwistedAvailable } from "./python-twin-driver";

const chapter = path.join(process.cwd(), "lessons", "22-streaming-with-producers");
const step = (folder: string, file: string) => path.join(chapter, folder, file);

// A slow client on both drivers: it reads nothing for a second, then everything. The real one is a paused socket.
const [numbers, file] = ChecksFileSchema.parse({
  checks: [
    {
      id: "numbers",
      title: "numbers to a slow client",
      scenario: [
        { connect: "slow", port: 8030, paused: true },
        { wait: 1 },
        { resumeReading: "slow" },
        { expect: "slow", contains: "\r\n19998\r\n19999\r\n", state: "closed" },
        { expectOutput: "Sent 20000 numbers" },
      ],
    },
    {
      id: "file",
      title: "a repeated file to a client that stops reading midway",
      scenario: [
        { file: "/srv/fox.txt", content: "The quick brown fox jumps over the lazy dog.\n", repeat: 4000 },
        { connect: "slow", port: 8030 },
        { pauseReading: "slow" },
        { wait: 1 },
        { resumeReading: "slow" },
        { expect: "slow", received: "The quick brown fox jumps over the lazy dog.\n", repeat: 4000, state: "closed" },
        { expectOutput: "Sent the whole file, ending in a newline" },
      ],
    },
  ],
}).checks;

describe.skipIf(!realTwistedAvailable())("a slow client on real Twisted and in the simulation", () => {
  it("gets every number in order, and the push producer is paused and resumed once on both", async () => {
    const solution = readFileSync(step("01-push-producer", "solution/numbers.ts"), "utf8");
    const real = await runCheck(new PythonTwinDriver(solution, step("01-push-producer", "twin/numbers.py")), numbers!);
    const simulated = await runCheck(new SimulatedDriver(solution, "numbers.ts"), numbers!);
    expect(real.passed).toBe(true);
    expect(simulated.passed).toBe(true);
    expect(real.transcript).toEqual(simulated.transcript);
    expect(real.transcript.filter((line) => line.startsWith("stdout:"))).toEqual(["stdout: Paused at 10949", "stdout: Resumed at 10950", "stdout: Sent 20000 numbers"]);
  });

  it("gets a large repeated file byte for byte through FileSender after pausing its reading", async () => {
    const solution = readFileSync(step("03-file-sender", "solution/serve-file.ts"), "utf8");
    const real = await runCheck(new PythonTwinDriver(solution, step("03-file-sender", "twin/serve-file.py")), file!);
    const simulated = await runCheck(new SimulatedDriver(solution, "serve-file.ts"), file!);
    expect(real.passed).toBe(true);
    expect(simulated.passed).toBe(true);
    expect(real.transcript).toEqual(simulated.transcript);
  });
});
