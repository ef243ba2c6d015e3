/**
 * Learner code is untrusted: each test here repeats an attack on the runtime
 * (issue 17) and shows it now does no harm.
 */
import { describe, expect, it } from "vitest";
import { ReactorBlockedError } from "./guard";
import { World } from "./world";

describe("a location a program reports about itself", () => {
  it("names no line when the program rewrote its stack to a line the file does not have", () => {
    const world = new World();
    const outcome = world.start('const e = new Error("boom");\ne.stack = "at finger.ts:999:1";\nthrow e;\n', "finger.ts");
    expect(outcome.status).toBe("error");
    expect(outcome.status === "error" && outcome.error.location).toBeNull();
  });

  it("still names the real line of an ordinary exception", () => {
    const world = new World();
    const outcome = world.start("const users: any = null;\n\nusers.moshez;\n", "finger.ts");
    expect(outcome.status === "error" && outcome.error.location?.line).toBe(3);
  });

  it("describes an error whose name and message are getters that throw", () => {
    const world = new World();
    const outcome = world.start(
      'const e = new Error("x");\nObject.defineProperty(e, "name", { get() { throw new Error("gotcha"); } });\nthrow e;\n',
      "finger.ts",
    );
    expect(outcome.status).toBe("error");
  });
});

describe("a program that floods its output", () => {
  it("keeps a bounded share of ten thousand times more lines than it can use, and of a line of fifty million characters", () => {
    const world = new World();
    let heard = 0;
    world.onOutput(() => heard++);
    world.start('for (let i = 0; i < 100_000; i++) console.log("tick " + i);\nconsole.log("x".repeat(50_000_000));\n', "flood.ts");
    expect(heard).toBe(100_001);
    expect(world.output.length).toBe(20_001);
    expect(world.output.at(-1)?.text).toBe("output truncated: only the first 20000 lines of output are kept");
  });

  it("shortens one very long line for its listeners and its trace", () => {
    const world = new World({ record: {} });
    const heard: string[] = [];
    world.onOutput((line) => heard.push(line.text));
    world.start('console.log("x".repeat(50_000_000));\n', "flood.ts");
    expect(heard[0]!.length).toBeLessThan(21_000);
    expect(heard[0]).toMatch(/output truncated: 50000000 characters in all\)$/);
    expect(JSON.stringify(world.trace).length).toBeLessThan(100_000);
  });
});

/** A clock that moves 1 ms each time it is read: wall-clock budgets trip without the test waiting for them. */
function fakeWallClock(): () => number {
  let now = 0;
  return () => (now += 1);
}

const PREAMBLE = 'import { reactor, task, defer } from "twisted/internet";\n';

/** Starts `body` (after PREAMBLE, so its first line is line 2) and advances the clock by 10 s. */
function runFor10s(body: string, options: ConstructorParameters<typeof World>[0] = {}): World {
  const world = new World(options);
  const outcome = world.start(`${PREAMBLE}${body}\nreactor.run();\n`, "hang.ts");
  if (outcome.status === "running") world.advanceTo(10);
  return world;
}

describe("a reactor that never goes idle at one virtual instant", () => {
  it("is stopped when a callLater(0) reschedules itself forever, naming the line that keeps rescheduling", () => {
    const world = runFor10s("function again() {\n  reactor.callLater(0, again);\n}\nreactor.callLater(1, again);");
    expect(world.blocked?.line).toBe(2);
    expect(world.blocked?.message).toMatch(/^hang\.ts, line 2: the reactor never became idle/);
    expect(world.seconds()).toBe(1);
    expect(world.reactorRunning).toBe(false);
  });

  it("is said never to have become idle when the wall clock stops it first (a slow machine, a recorded run)", () => {
    // About a millisecond of the clock per turn: the 30 s budget of one request runs out long before 100,000 turns.
    const world = runFor10s("function again() {\n  reactor.callLater(0, again);\n}\nreactor.callLater(1, again);", {
      wallClock: fakeWallClock(),
      guardBudget: { milliseconds: 30_000 },
    });
    expect(world.blocked?.message).toMatch(/^hang\.ts, line 2: the reactor never became idle/);
  });

  it("is stopped when a LoopingCall runs at interval 0", () => {
    const world = runFor10s('let n = 0;\nconst loop = new task.LoopingCall(() => {\n  n++;\n});\nloop.start(0);');
    expect(world.blocked?.message).toMatch(/^hang\.ts, line 3: the reactor never became idle/);
  });

  it("is not confused with a burst of work queued at once", () => {
    const world = runFor10s("let n = 0;\nfor (let i = 0; i < 150_000; i++) reactor.callLater(0, () => n++);\nreactor.callLater(1, () => console.log(String(n)));");
    expect(world.blocked).toBeNull();
    expect(world.output.map((line) => line.text)).toContain("150000");
  });
});

describe("a reactor kept busy although its clock moves", () => {
  it("stops an endless task.coiterate by the wall clock, naming the generator's loop", () => {
    const world = runFor10s("function* forever() {\n  while (true) yield;\n}\ntask.coiterate(forever());", { wallClock: fakeWallClock() });
    expect(world.blocked?.message).toMatch(/^hang\.ts, line 3: the reactor was kept busy without a pause/);
  });

  it("stops an endless task.coiterate without a clock, by the number of events one request may run", () => {
    const world = runFor10s("function* forever() {\n  while (true) yield;\n}\ntask.coiterate(forever());", {
      guardBudget: { iterations: 1_000_000, milliseconds: 2000, events: 10_000 },
    });
    expect(world.blocked?.message).toMatch(/the reactor was kept busy without a pause/);
  });
});

describe("the block guard's stop cannot be caught", () => {
  const budget = { iterations: 100_000, milliseconds: 60_000, events: 1_000_000 };

  it("does not become a Failure in a Deferred's callback: the errback never hears of it", () => {
    const world = runFor10s(
      'reactor.callLater(1, () => {\n  defer.succeed(1).addCallback(() => { while (true) {} }).addErrback(() => console.log("caught as a Failure"));\n});\nreactor.callLater(2, () => console.log("still running"));',
      { guardBudget: budget },
    );
    expect(world.blocked?.line).toBe(3);
    expect(world.output.map((line) => line.text)).not.toContain("caught as a Failure");
    expect(world.output.map((line) => line.text)).not.toContain("still running");
  });

  it("does not become a LoopingCall's failure", () => {
    const world = runFor10s(
      'const loop = new task.LoopingCall(() => { while (true) {} });\nloop.start(1).addErrback(() => console.log("caught as a Failure"));',
      { guardBudget: budget },
    );
    expect(world.blocked?.line).toBe(2);
    expect(world.output.map((line) => line.text)).not.toContain("caught as a Failure");
  });

  it("does not end a coiterate task with a Failure", () => {
    const world = runFor10s(
      'function* work() {\n  yield;\n  while (true) {}\n}\ntask.coiterate(work()).addErrback(() => console.log("caught as a Failure"));',
      { guardBudget: budget },
    );
    expect(world.blocked?.line).toBe(4);
    expect(world.output.map((line) => line.text)).not.toContain("caught as a Failure");
  });

  it("is not swallowed by the learner's try/catch at the top level", () => {
    const world = new World({ guardBudget: budget });
    const outcome = world.start('try {\n  while (true) {}\n} catch {\n  console.log("swallowed");\n}\nconsole.log("carried on");\n', "hang.ts");
    expect(outcome.status).toBe("blocked");
    expect(world.output.map((line) => line.text)).not.toContain("swallowed");
    expect(world.output.map((line) => line.text)).not.toContain("carried on");
  });

  it("is not replaced by a return in a finally block", () => {
    const world = runFor10s(
      'function f() {\n  try {\n    while (true) {}\n  } finally {\n    return 1;\n  }\n}\nreactor.callLater(1, () => console.log("f gave " + f()));',
      { guardBudget: budget },
    );
    expect(world.blocked?.line).toBe(4);
    expect(world.output.map((line) => line.text)).not.toContain("f gave 1");
  });

  it("stops the world even when an async function turned it into a rejected Promise", () => {
    const world = new World({ guardBudget: budget });
    const outcome = world.start("async function f() {\n  while (true) {}\n}\nf().catch(() => {});\n", "hang.ts");
    expect(outcome.status).toBe("blocked");
    expect(world.blocked?.line).toBe(2);
  });

  it("stops an endless `for (;;) await null` once its microtasks have run, though no call of the world was there", async () => {
    const world = new World({ guardBudget: budget });
    const outcome = world.start('import { reactor } from "twisted/internet";\nasync function spin() {\n  for (;;) await null;\n}\n(globalThis as any).spinning = spin();\nreactor.run();\n', "hang.ts");
    // The stop rejects the async function's Promise (nothing of the program may catch it): the test takes it.
    const spinning = (globalThis as { spinning?: Promise<void> }).spinning!;
    delete (globalThis as { spinning?: unknown }).spinning;
    const rejected = spinning.catch((error: unknown) => error);
    expect(outcome.status).toBe("running");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(world.noticeLateBlock()).toBe(true);
    expect(world.blocked?.line).toBe(3);
    expect(world.reactorRunning).toBe(false);
    expect(await rejected).toBeInstanceOf(ReactorBlockedError);
  });

  it("reaches an arrow function's expression body, as a native loop calls it", () => {
    // A Proxy that has every index makes every() call its callback 2 ** 53 - 1 times.
    const world = runFor10s(
      "reactor.callLater(1, () => {\n  Array.prototype.every.call(new Proxy({ length: 2 ** 53 - 1 }, { has: () => true }), () => true);\n});",
      { guardBudget: budget },
    );
    expect(world.blocked?.line).toBe(3);
  });

  it("reads the wall clock often enough that 'more than two seconds' is true, not twenty", () => {
    // Each round of the loop takes a millisecond of the clock the guard reads.
    const clock = globalThis as { fakeNow?: number };
    clock.fakeNow = 0;
    const world = runFor10s(
      "reactor.callLater(1, () => {\n  for (;;) (globalThis as any).fakeNow += 1;\n});",
      { wallClock: () => clock.fakeNow! },
    );
    expect(world.blocked?.message).toMatch(/^hang\.ts, line 3: your code ran for more than two seconds/);
    expect(clock.fakeNow).toBeGreaterThan(2000);
    expect(clock.fakeNow).toBeLessThan(2300);
    delete clock.fakeNow;
  });
});

describe("a run that has ended", () => {
  it("runs none of its program's code again, whoever calls it later, and prints nothing more", async () => {
    const world = new World();
    world.start('(globalThis as any).leftBehind = () => { console.log("still here"); };\n', "ended.ts");
    const heard: string[] = [];
    world.onOutput((line) => heard.push(line.text));
    world.retire();
    const leftBehind = (globalThis as { leftBehind?: () => void }).leftBehind!;
    expect(() => leftBehind()).toThrow("This run of the program has ended");
    expect(heard).toEqual([]);
    delete (globalThis as { leftBehind?: unknown }).leftBehind;
  });
});

describe("every learner error names the TypeScript line and column", () => {
  const locationOf = (source: string) => {
    const outcome = new World().start(source, "f.ts");
    return outcome.status === "error" ? { message: outcome.error.message, ...outcome.error.location } : null;
  };

  it("places a thrown string at its throw statement", () => {
    expect(locationOf('const a: number = 1;\n  throw "a string";\n')).toMatchObject({ message: "Error: a string", line: 2, column: 3 });
  });

  it("places a thrown null at its throw statement, inside a function", () => {
    expect(locationOf("function f(): void {\n  throw null;\n}\nf();\n")).toMatchObject({ message: "Error: null", line: 2, column: 3 });
  });

  it("names the line and column of a decorator, and says decorators are not supported", () => {
    expect(locationOf("function deco(x: any) { return x; }\n@deco\nclass A {}\n")).toMatchObject({
      message: expect.stringMatching(/^SyntaxError: decorators \(@name\) are not supported/),
      line: 2,
      column: 1,
    });
  });

  it("names a method's, a property's and a parameter's decorator, which the TypeScript compiler would drop or choke on", () => {
    const decorators = /^SyntaxError: decorators \(@name\) are not supported/;
    const deco = "function deco(...x: any[]) {}\n";
    expect(locationOf(`${deco}class A {\n  @deco\n  m() {}\n}\n`)).toMatchObject({ message: expect.stringMatching(decorators), line: 3, column: 3 });
    expect(locationOf(`${deco}class A {\n  @deco size = 1;\n}\n`)).toMatchObject({ message: expect.stringMatching(decorators), line: 3, column: 3 });
    expect(locationOf(`${deco}class A {\n  m(@deco x: number) {}\n}\n`)).toMatchObject({ message: expect.stringMatching(decorators), line: 3, column: 5 });
    // An @ in a string, a comment or a regular expression is no decorator.
    expect(locationOf('const user = "moshez@example.com"; // ask @moshez\nconst at = /@/;\nconsole.log(user, at);\n')).toBeNull();
  });

  it("says a misspelt import is not in the module, with the name meant, at the TypeScript column of its use", () => {
    // Compiled, `reactr` becomes `_internet.reactr` and the type annotation goes: the column moves.
    expect(locationOf('import { reactr } from "twisted/internet";\nconst x: number = 1; reactr.run();\n')).toEqual({
      message: "ImportError: cannot import name 'reactr' from 'twisted/internet' (did you mean 'reactor'?)",
      file: "f.ts",
      line: 2,
      column: 22,
    });
  });

  it("says so when the misspelt name is used only where the program has not gone yet, as Python's import does", () => {
    const source = 'import { reactor, protocl } from "twisted/internet";\nfunction later() {\n  return new protocl.Factory();\n}\nreactor.run();\n';
    expect(locationOf(source)).toMatchObject({ message: expect.stringMatching(/^ImportError: cannot import name 'protocl' .*'protocol'/), line: 3, column: 14 });
  });

  it("lets names used only as types, and every name a module has, be imported", () => {
    const source =
      'import { interfaces, reactor } from "twisted/internet";\nimport { basic } from "twisted/protocols";\n' +
      "let t: interfaces.ITransport | null = null;\nclass Echo extends basic.LineReceiver {}\nconsole.log(typeof reactor.callLater, typeof Echo, t);\n";
    expect(locationOf(source)).toBeNull();
  });

  it("gives the TypeScript column on the first line, after the wrapper the program runs in", () => {
    expect(locationOf("const users: any = null; users.moshez;\n")).toMatchObject({ line: 1, column: 32 });
  });
});

describe("learner errors in the learner's terms", () => {
  const start = (source: string) => {
    const world = new World();
    const outcome = world.start(source, "f.ts");
    return { world, outcome, error: outcome.status === "error" ? { message: outcome.error.message, ...outcome.error.location } : null };
  };

  it("names the line of a string thrown in a Deferred's callback, and says to throw an Error", () => {
    const { world } = start(
      'import { defer, reactor } from "twisted/internet";\nconst d = new defer.Deferred();\nd.addCallback(function answer() {\n  throw "late string";\n});\nreactor.callLater(1, () => d.callback(1));\nreactor.run();\n',
    );
    world.advance(2);
    const report = world.output.find((line) => line.text.startsWith("Unhandled error in Deferred"))?.text;
    expect(report).toContain('File "f.ts", line 4, in answer');
    expect(report).toContain("String: late string");
    expect(report).toContain("not an Error");
  });

  it("names the line of a string a timer throws", () => {
    const { world } = start('import { reactor } from "twisted/internet";\nreactor.callLater(1, () => {\n  throw "from a timer";\n});\nreactor.run();\n');
    world.advance(2);
    expect(world.output.find((line) => line.text.startsWith("Unhandled Error"))?.text).toContain('File "f.ts", line 3');
  });

  it("names the line of a Failure made from a value that is not an Error, though nothing threw it", () => {
    const { world } = start(
      'import { defer, reactor } from "twisted/internet";\nconst d = new defer.Deferred();\nreactor.callLater(1, function refuse() {\n  d.errback("no such user");\n});\nreactor.callLater(1, () => {\n  defer.fail(null);\n});\nreactor.run();\n',
    );
    world.advance(2);
    const reports = world.output.filter((line) => line.text.startsWith("Unhandled error in Deferred")).map((line) => line.text);
    expect(reports).toHaveLength(2);
    expect(reports[0]).toContain('File "f.ts", line 4, in refuse');
    expect(reports[0]).toContain("String: no such user");
    expect(reports[1]).toMatch(/File "f\.ts", line 7, in /);
    expect(reports[1]).toContain("Object: null");
    for (const report of reports) expect(report).toContain("not an Error");
  });

  it("names the line of a Failure the program makes itself from a number", () => {
    const { world } = start('import { failure } from "twisted/python";\nconst f = new failure.Failure(42);\nconsole.log(f.getTraceback());\n');
    expect(world.output[0]?.text.split("\n").slice(0, 3)).toEqual(["Traceback (most recent call last):", '  File "f.ts", line 2, in <module>', "Number: 42"]);
  });

  it("says top-level await is not available, at the await", () => {
    expect(start("const x = 1;\n  await Promise.resolve(x);\n").error).toMatchObject({
      message: expect.stringMatching(/^SyntaxError: await works only inside an async function/),
      line: 2,
      column: 3,
    });
  });

  it("rejects export default at its line, saying why", () => {
    expect(start("const a = 1;\nexport default 42;\nconsole.log(a);\n").error).toMatchObject({
      message: expect.stringMatching(/^SyntaxError: export default is not used here/),
      line: 2,
      column: 1,
    });
  });

  it("still lets a .tac file export its application by name", () => {
    expect(start("export const application = 42;\n").outcome.status).not.toBe("error");
  });

  it("reports a rejected Promise nothing caught in the output, at its TypeScript line", async () => {
    const { world } = start(
      'async function f(): Promise<void> {\n  const x: number = 1; throw new Error("async boom " + x);\n}\n(globalThis as any).rejectedByProgram = f();\n',
    );
    const slot = globalThis as { rejectedByProgram?: Promise<void> };
    // The host (the browser's unhandledrejection event) hands the reason over; here the test does.
    const reason = await slot.rejectedByProgram!.catch((thrown: unknown) => thrown);
    delete slot.rejectedByProgram;
    world.reportUnhandledRejection(reason);
    expect(world.output.at(-1)?.text).toMatch(/^f\.ts, line 2: Error: async boom 1\n\(A Promise was rejected and nothing caught it/);
  });
});

describe("a huge send from the terminal", () => {
  it("keeps only the start of a 50 MB input in the trace, with its length", () => {
    const world = new World({ record: {} });
    world.start('import { reactor } from "twisted/internet";\nreactor.run();\n', "f.ts");
    world.recordInput("send", "q".repeat(50_000_000));
    const input = world.trace.find((event) => event.type === "input");
    expect(input && "detail" in input ? input.detail : "").toMatch(/^q{2000}… \(50000000 characters in all\)$/);
  });
});
