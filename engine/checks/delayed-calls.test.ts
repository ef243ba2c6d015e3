import { describe, expect, it } from "vitest";
import { runChecks } from "./run-checks";
import { ChecksFileSchema, type Check } from "./scenario";

function checks(...raw: unknown[]): Check[] {
  return ChecksFileSchema.parse({ checks: raw.map((c, i) => ({ id: `c${i}`, title: `check ${i}`, ...(c as object) })) }).checks;
}

/** An application whose service ticks every 30 s; `stop` is its stopService body. */
const ticking = (stop: string) => `
import { service } from "twisted/application";
import { reactor } from "twisted/internet";
class Ticker extends service.Service {
  private call: any = null;
  private tick() {
    this.call = reactor.callLater(30, () => this.tick());
  }
  startService() {
    this.tick();
    super.startService();
  }
  stopService() {
    ${stop}
  }
}
export const application = service.Application("ticker");
new Ticker().setServiceParent(application);
`;

const CANCELS = "const stopped = super.stopService();\n    this.call.cancel();\n    return stopped;";
const FORGETS = "return super.stopService();";

const afterSigterm = { scenario: [{ signal: "SIGTERM" }, { expectOutput: "Main loop terminated.", within: 1 }, { expectDelayedCalls: 0 }] };

describe("expectDelayedCalls", () => {
  it("counts the calls scheduled with callLater while the program runs", async () => {
    const [result] = await runChecks(ticking(CANCELS), "ticker.tac.ts", checks({ scenario: [{ wait: 65 }, { expectDelayedCalls: 1 }] }));
    expect(result).toMatchObject({ passed: true, detail: "1 delayed call scheduled." });
  });

  it("passes after SIGTERM when stopService cancelled the next call", async () => {
    const [result] = await runChecks(ticking(CANCELS), "ticker.tac.ts", checks(afterSigterm));
    expect(result).toMatchObject({ passed: true });
    expect(result!.detail).toContain("0 delayed calls left behind after the reactor stopped.");
  });

  it("fails after SIGTERM when stopService left the call scheduled, and says what to cancel", async () => {
    const [result] = await runChecks(ticking(FORGETS), "ticker.tac.ts", checks(afterSigterm));
    expect(result).toMatchObject({
      passed: false,
      detail: "Expected 0 delayed calls left behind after the reactor stopped; found 1 (reactor.getDelayedCalls()).",
      hint: "A call scheduled with reactor.callLater is still waiting: cancel it in stopService.",
    });
  });

  it("is a count: a negative or fractional number is a mistake in the lesson", () => {
    for (const bad of [-1, 0.5]) {
      expect(ChecksFileSchema.safeParse({ checks: [{ id: "x", title: "x", scenario: [{ expectDelayedCalls: bad }] }] }).success).toBe(false);
    }
  });
});
