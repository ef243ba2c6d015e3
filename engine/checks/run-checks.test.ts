import { describe, expect, it } from "vitest";
import { forTranscript, outputForTranscript, runChecks } from "./run-checks";
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
    expect(results[0]!.detail).toBe('Sent "moshez\\r\\n" to port 1079: the client received "Happy and well\\r\\n" and the connection closed.');
  });

  it("explains a wrong reply: what was sent, expected and received", async () => {
    const [result] = await runChecks(server("Sad"), "finger.ts", checks);
    expect(result!.passed).toBe(false);
    expect(result!.detail).toBe(
      'Sent "moshez\\r\\n" to port 1079. Expected to receive exactly "Happy and well\\r\\n" and then the server to close the connection; instead, the client received "Sad\\r\\n" and the connection closed.',
    );
  });

  it("gives a likely fix that follows from the reply: only the line ending is missing", async () => {
    const source = server("x").replace('this.sendLine("x")', 'this.transport!.write("Happy and well")');
    const [result] = await runChecks(source, "finger.ts", [{ ...checks[0]!, onFail: "Write the reply in a callback." }]);
    expect(result!.passed).toBe(false);
    expect(result!.hint).toBe('The reply is right but has no line ending: write "\\r\\n" after "Happy and well".');
  });

  it("says when the program logged an unhandled error, with its line", async () => {
    const source = server("x").replace('this.sendLine("x");', "const users: any = {};\n  users.get(line);");
    const [result] = await runChecks(source, "finger.ts", [{ ...checks[0]!, onFail: "Look the name up." }]);
    expect(result!.passed).toBe(false);
    expect(result!.detail).toMatch(/instead, the client received nothing and the connection (closed|was still open after \d+ s)\. Meanwhile the program logged an unhandled error: TypeError: users\.get is not a function \(finger\.ts, line 6, in lineReceived\)\.$/);
    expect(result!.hint).toBe("Fix the error on line 6 first: TypeError: users.get is not a function.");
  });

  it("expects a close alone without a dangling 'then'", async () => {
    const closes = ChecksFileSchema.parse({
      checks: [{ id: "c", title: "closes", scenario: [{ connect: "a", port: 1079 }, { expect: "a", state: "closed", within: 1 }] }],
    }).checks;
    const [result] = await runChecks(server("x"), "finger.ts", closes);
    expect(result!.detail).toBe("Connected to port 1079 and sent nothing. Expected the server to close the connection; instead, the client received nothing and the connection was still open after 1 s.");
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

describe("the transcript of what a client received", () => {
  it("leaves out the value of an HTTP response's Date header, which no two runs share", () => {
    const response = "HTTP/1.0 200 OK\r\nServer: TwistedWeb/22.4.0\r\nDate: Mon, 07 Dec 2026 12:13:19 GMT\r\nContent-Length: 2\r\n\r\nhi";
    expect(forTranscript(response)).toBe("HTTP/1.0 200 OK\r\nServer: TwistedWeb/22.4.0\r\nDate: (when it was served)\r\nContent-Length: 2\r\n\r\nhi");
  });

  it("keeps everything else, and anything that is not an HTTP response, as it came", () => {
    expect(forTranscript("Date: today\r\n")).toBe("Date: today\r\n");
    expect(forTranscript("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")).toBe("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  });
});

describe("the transcript of what the program printed", () => {
  it("leaves out how long trial's tests took, and keeps every other line as it came", () => {
    expect(outputForTranscript("Ran 3 tests in 0.576s")).toBe("Ran 3 tests in (how long they took)");
    expect(outputForTranscript("Ran 1 test in 0.000s")).toBe("Ran 1 tests in (how long they took)");
    expect(outputForTranscript("Ran 3 tests quickly")).toBe("Ran 3 tests quickly");
    expect(outputForTranscript("PASSED (successes=3)")).toBe("PASSED (successes=3)");
  });
});
