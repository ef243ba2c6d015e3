import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChecksFileSchema, SimulatedDriver, runCheck } from "../../engine";
import { PythonTwinDriver, realTwistedAvailable } from "./python-twin-driver";

const check = ChecksFileSchema.parse({
  checks: [
    {
      id: "moshez",
      title: "moshez",
      scenario: [
        { connect: "a", port: 1079 },
        { send: "a", segments: ["mos", "hez\r\n"] },
        { expect: "a", received: "Happy and well\r\n", state: "closed" },
      ],
    },
  ],
}).checks[0]!;

const twin = (reply: string) => `
from twisted.internet import endpoints, protocol, reactor
from twisted.protocols import basic

class P(basic.LineReceiver):
    def lineReceived(self, line):
        self.transport.write(${JSON.stringify(reply)}.encode() + b"\\r\\n")
        self.transport.loseConnection()

f = protocol.ServerFactory()
f.protocol = P
endpoints.serverFromString(reactor, "tcp:1079:interface=127.0.0.1").listen(f)
reactor.run()
`;

const solution = `
import { endpoints, protocol, reactor } from "twisted/internet";
import { basic } from "twisted/protocols";
class P extends basic.LineReceiver {
  lineReceived() { this.transport!.write("Happy and well\\r\\n"); this.transport!.loseConnection(); }
}
const f = new protocol.ServerFactory();
f.protocol = P;
endpoints.serverFromString(reactor, "tcp:1079").listen(f);
reactor.run();
`;

function writeTwin(reply: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "twin-")), "twin.py");
  writeFileSync(file, twin(reply));
  return file;
}

describe.skipIf(!realTwistedAvailable())("a Python twin on real Twisted", () => {
  it("gives the same transcript as the simulation when the programs agree", async () => {
    const real = await runCheck(new PythonTwinDriver(solution, writeTwin("Happy and well")), check);
    const simulated = await runCheck(new SimulatedDriver(solution, "finger.ts"), check);
    expect(real.transcript).toEqual(['a: "Happy and well\\r\\n" closed']);
    expect(real.transcript).toEqual(simulated.transcript);
  });

  it("gives a different transcript when the twin answers differently", async () => {
    const real = await runCheck(new PythonTwinDriver(solution, writeTwin("Sad")), check);
    expect(real.passed).toBe(false);
    expect(real.transcript).toEqual(['a: "Sad\\r\\n" closed']);
  });
});
