/**
 * A top-level reactor.run() returns only when the reactor stops, as in
 * Python: what the program does after it runs last, with its variables and
 * functions as they were, and its errors are the program's.
 */
import { describe, expect, it } from "vitest";
import { instrument } from "./instrument";
import { World } from "./world";

function run(source: string, seconds = 5) {
  const world = new World();
  const outcome = world.start(source, "program.ts");
  world.advance(seconds);
  return { outcome, lines: world.output.map((line) => `${line.stream}: ${line.text}`) };
}

describe("the code after reactor.run()", () => {
  it("runs after the reactor has stopped, seeing the top level's variables, functions and their changes", () => {
    const { outcome, lines } = run(`import { reactor } from "twisted/internet";
let ticks = 0;
reactor.callLater(1, () => { ticks += 1; reactor.stop(); });
console.log("before run");
reactor.run();
console.log(summary(ticks));
function summary(n: number) { return "server stopped after " + n + " tick"; }
`);
    expect(outcome).toEqual({ status: "running" });
    expect(lines).toEqual(["stdout: before run", "log: Main loop terminated.", "stdout: server stopped after 1 tick"]);
  });

  it("never runs while the reactor keeps running", () => {
    const { lines } = run(`import { reactor } from "twisted/internet";
reactor.run();
console.log("unreachable while serving");
`);
    expect(lines).toEqual([]);
  });

  it("reports an error it raises with its line, after the loop ended", () => {
    const { lines } = run(`import { reactor } from "twisted/internet";
reactor.callWhenRunning(() => reactor.stop());
reactor.run();
const missing: any = undefined;
missing.name;
`);
    expect(lines[0]).toBe("log: Main loop terminated.");
    expect(lines[1]).toMatch(/^error: program\.ts, line 5: TypeError: Cannot read properties of undefined/);
  });

  it("works with the import's namespace too (internet.reactor.run())", () => {
    const { lines } = run(`import * as internet from "twisted/internet";
internet.reactor.callLater(0, () => internet.reactor.stop());
internet.reactor.run();
console.log("done");
`);
    expect(lines).toEqual(["log: Main loop terminated.", "stdout: done"]);
  });
});

describe("instrumenting reactor.run()", () => {
  const transformed = (code: string) => instrument(code, { lines: false });

  it("makes a top-level run(), even inside an if, a point where the program waits", () => {
    const out = transformed("if (go) { x.reactor.run(); }\nreactor.run();\n");
    expect(out.waitsAtRun).toBe(true);
    expect(out.code).toContain("(x.reactor.run(), (yield))");
    expect(out.code).toContain("(reactor.run(), (yield))");
  });

  it("leaves run() alone inside functions, static blocks and for other objects, and keeps every line where it was", () => {
    const code = "function main() {\n  reactor.run();\n}\nclass A { static { reactor.run(); } }\nserver.run();\nreactor.run(1);\n";
    const out = transformed(code);
    expect(out.waitsAtRun).toBe(false);
    expect(out.code).not.toContain("yield");
    expect(out.code.split("\n").length).toBe(code.split("\n").length);
  });
});
