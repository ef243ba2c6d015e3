import { describe, expect, it } from "vitest";
import { runChecks } from "./run-checks";
import { ChecksFileSchema } from "./scenario";

const checks = ChecksFileSchema.parse({
  checks: [
    {
      id: "answers-moshez",
      title: "Answers moshez",
      scenario: [
        { connect: "a", port: 1079 },
        { send: "a", data: "moshez\r\n" },
        { expect: "a", received: "Happy and well\r\n", state: "closed" },
      ],
    },
    {
      id: "split-line",
      title: "A line split in two still gets one answer",
      scenario: [
        { connect: "a", port: 1079 },
        { send: "a", segments: ["mos", "hez\r\n"] },
        { expect: "a", received: "Happy and well\r\n", state: "closed" },
      ],
    },
  ],
}).checks;

const server = (reply: string) => `
import { reactor, protocol, endpoints } from "twisted/internet";
import { basic } from "twisted/protocols";
class P extends basic.LineReceiver {
  lineReceived(line: string) { this.sendLine(${JSON.stringify(reply)}); this.transport!.loseConnection(); }
}
const f = new protocol.ServerFactory();
f.protocol = P;
endpoints.serverFromString(reactor, "tcp:1079").listen(f);
reactor.run();
`;

describe("running checks", () => {
  it("passes every check for a correct server", async () => {
    const results = await runChecks(server("Happy and well"), "finger.ts", checks);
    expect(results.map((r) => r.passed)).toEqual([true, true]);
    expect(results[0]!.detail).toBe('Sent "moshez\\r\\n" to port 1079: received "Happy and well\\r\\n" and the connection closed.');
  });

  it("explains a wrong reply: what was sent, expected and received", async () => {
    const [result] = await runChecks(server("Sad"), "finger.ts", checks);
    expect(result!.passed).toBe(false);
    expect(result!.detail).toBe(
      'Sent "moshez\\r\\n" to port 1079. Expected to receive exactly "Happy and well\\r\\n", then the server to close the connection; got received "Sad\\r\\n" and the connection closed.',
    );
  });

  it("fails every check with the error when the program does not compile", async () => {
    const results = await runChecks("class {", "finger.ts", checks);
    expect(results.every((r) => !r.passed && r.detail.startsWith("The program stopped with an error: finger.ts, line 1: SyntaxError"))).toBe(true);
  });

  it("rejects a malformed check and names the field", () => {
    const parsed = ChecksFileSchema.safeParse({ checks: [{ id: "x", title: "t", scenario: [{ sned: "a" }] }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(["checks", 0, "scenario", 0]);
    expect(parsed.error!.issues[0]!.message).toMatch(/a step needs one of: connect, send/);
  });
});
