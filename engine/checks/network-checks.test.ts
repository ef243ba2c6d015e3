import { describe, expect, it } from "vitest";
import { runChecks } from "./run-checks";
import { ChecksFileSchema } from "./scenario";

const streamCheck = ChecksFileSchema.parse({
  checks: [
    {
      id: "stream-not-messages",
      title: "Answers even when the line arrives one byte at a time",
      scenario: [
        { network: { segmentation: "bytewise" } },
        { connect: "a", port: 1079 },
        { send: "a", data: "moshez\r\n" },
        { expect: "a", received: "Happy and well\r\n", state: "closed" },
      ],
    },
    {
      id: "half-close",
      title: "A bare LF line and a half-close get no answer, and the server hangs up",
      scenario: [
        { connect: "a", port: 1079 },
        { send: "a", data: "moshez\n" },
        { halfClose: "a" },
        { expect: "a", received: "", state: "closed" },
      ],
    },
  ],
}).checks;

const program = (body: string) => `
import { reactor, protocol } from "twisted/internet";
import { basic } from "twisted/protocols";
${body}
const f = new protocol.ServerFactory();
f.protocol = Finger;
reactor.listenTCP(1079, f);
reactor.run();
`;

const naive = program(`
class Finger extends protocol.Protocol {
  dataReceived(data: string) {
    const user = data.replace("\\r\\n", "");
    this.transport!.write((user === "moshez" ? "Happy and well" : "No such user") + "\\r\\n");
    this.transport!.loseConnection();
  }
}`);

const lineBased = program(`
class Finger extends basic.LineReceiver {
  lineReceived(user: string) {
    this.sendLine(user === "moshez" ? "Happy and well" : "No such user");
    this.transport!.loseConnection();
  }
}`);

describe("checks that change the network", () => {
  it("catch a server that treats each dataReceived as a whole message", async () => {
    const [stream] = await runChecks(naive, "finger.ts", streamCheck);
    expect(stream!.passed).toBe(false);
    expect(stream!.detail).toContain('the client received "No such user\\r\\n"');
  });

  it("pass a LineReceiver server, and see the half-close close it", async () => {
    expect((await runChecks(lineBased, "finger.ts", streamCheck)).map((r) => r.passed)).toEqual([true, true]);
  });

  it("reject an unknown segmentation and name the field", () => {
    const parsed = ChecksFileSchema.safeParse({
      checks: [{ id: "x", title: "t", scenario: [{ network: { segmentation: "chunky" } }] }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(["checks", 0, "scenario", 0, "network", "segmentation"]);
  });
});
