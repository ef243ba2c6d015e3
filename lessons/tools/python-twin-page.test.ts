import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ChecksFileSchema, SimulatedDriver, runCheck } from "../../engine";
import { PythonTwinDriver, realTwistedAvailable } from "./python-twin-driver";

const check = ChecksFileSchema.parse({
  checks: [
    {
      id: "press",
      title: "A press reaches the handler, which shows and prints the text",
      scenario: [
        { expectPage: "ready", within: 1 },
        { uiEvent: "click", text: "hi there" },
        { expectPage: "you said hi there", within: 1 },
        { expectOutput: "pressed hi there", within: 1 },
      ],
    },
  ],
}).checks[0]!;

const twin = `
from twisted.internet import reactor
import pagesupport

page = pagesupport.install()

def pressed(text):
    print("pressed " + text)
    page.show("you said " + text)

page.onClick(pressed)
reactor.callWhenRunning(page.show, "ready")
reactor.run()
`;

const solution = `
import { reactor } from "twisted/internet";
import * as pagesupport from "pagesupport";
const page = pagesupport.install();
page.onClick((text) => {
  console.log("pressed " + text);
  page.show("you said " + text);
});
reactor.callWhenRunning(() => page.show("ready"));
reactor.run();
`;

function writeTwin(source: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "twin-")), "page.py");
  writeFileSync(file, source);
  return file;
}

describe.skipIf(!realTwistedAvailable())("the page's panel in a Python twin on real Twisted", () => {
  it("presses the twin's button over its stdin and reads its display, as the simulation does", async () => {
    const real = await runCheck(new PythonTwinDriver(solution, writeTwin(twin)), check);
    const simulated = await runCheck(new SimulatedDriver(solution, "page.ts"), check);
    expect(real.passed).toBe(true);
    expect(real.transcript).toEqual(['page: "ready"', 'page: "you said hi there"', "stdout: pressed hi there"]);
    expect(real.transcript).toEqual(simulated.transcript);
  });

  it("says when no handler heard a press, in both runs", async () => {
    const deaf = (source: string) => source.replace(/page\.onClick\(/, "void (");
    const real = await runCheck(new PythonTwinDriver(solution, writeTwin(twin.replace("page.onClick(pressed)", "pressed"))), check);
    const simulated = await runCheck(new SimulatedDriver(deaf(solution), "page.ts"), check);
    for (const run of [real, simulated]) {
      expect(run.passed).toBe(false);
      expect(run.detail).toContain("but no handler was listening: call page.onClick(handler)");
    }
  });
});
