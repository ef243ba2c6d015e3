import { describe, expect, it } from "vitest";
import { SimulatedDriver } from "./driver";
import { judgeCheck, observeCheck, type Observation } from "./observed";
import { ChecksFileSchema } from "./scenario";

const [answers, showsCode] = ChecksFileSchema.parse({
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
    { id: "uses-sendline", title: "Uses sendLine", scenario: [{ expectSource: "sendLine", means: "a call to sendLine" }] },
  ],
}).checks as [never, never];

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

/** What a runner would send the page: plain data, as it crosses a port. */
async function observe(source: string, check: Parameters<typeof observeCheck>[1]): Promise<Observation[]> {
  return JSON.parse(JSON.stringify(await observeCheck(new SimulatedDriver(source, "finger.ts"), check))) as Observation[];
}

describe("checks judged from a runner's observations", () => {
  it("passes a correct server and fails a wrong one, with the details a direct run gives", async () => {
    const good = server("Happy and well");
    expect(await judgeCheck(await observe(good, answers), answers, good)).toEqual({
      id: "answers-moshez",
      title: "Answers moshez",
      passed: true,
      detail: 'Sent "moshez\\r\\n" to port 1079: the client received "Happy and well\\r\\n" and the connection closed.',
    });
    const wrong = server("nope");
    const verdict = await judgeCheck(await observe(wrong, answers), answers, wrong);
    expect(verdict.passed).toBe(false);
    expect(verdict.detail).toContain('the client received "nope\\r\\n"');
  });

  it("keeps a failing server failing when the record skips the expectation that failed", async () => {
    const wrong = server("nope");
    const observations = await observe(wrong, answers);
    // A runner that lies by leaving out what the client received: the judge still reads it, and the record runs dry.
    const lying = observations.filter((entry) => !(entry.kind === "get" && entry.key === "received"));
    const verdict = await judgeCheck(lying, answers, wrong);
    expect(verdict.passed).toBe(false);
    expect(verdict.detail).toMatch(/^This check could not be judged: the runner's record strays from the check's steps/);
  });

  it("fails a check whose record ends early, or holds anything but observations", async () => {
    const good = server("Happy and well");
    const observations = await observe(good, answers);
    expect((await judgeCheck(observations.slice(0, 4), answers, good)).detail).toMatch(/record ended before the check did/);
    const forged = [{ id: "answers-moshez", passed: true }, ...observations];
    expect((await judgeCheck(forged, answers, good)).passed).toBe(false);
    // The page takes the record as it comes (the message's schema does not look inside it): the judge finds the forgery.
    expect((await judgeCheck(forged, answers, good)).detail).toMatch(/record is malformed at entry 1/);
  });

  it("fails a record whose actions differ from the check's own steps", async () => {
    const good = server("Happy and well");
    const observations = await observe(good, answers);
    // As if the runner had been given other checks: it sent something else.
    const other = observations.map((entry) => (entry.kind === "call" && entry.key === "send" ? { ...entry, args: entry.args.replace("moshez", "root") } : entry));
    const verdict = await judgeCheck(other, answers, good);
    expect(verdict.passed).toBe(false);
    expect(verdict.detail).toMatch(/the runner called send with .*root.*, the check calls it with .*moshez/);
  });

  it("reads the code under check from the judge's own copy, not from the runner", async () => {
    const observations = await observe(server("Happy and well"), showsCode);
    expect((await judgeCheck(observations, showsCode, server("Happy and well"))).passed).toBe(true);
    // The runner saw code with sendLine; the code the learner asked to check has none.
    expect((await judgeCheck(observations, showsCode, "// no server here\n")).passed).toBe(false);
  });
});
