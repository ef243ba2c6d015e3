import { afterEach, describe, expect, it } from "vitest";
import { World } from "../../runtime/world";
import { AssertionError } from "../python/builtins";
import { Failure } from "../python/failure";
import * as log from "../python/log";
import {
  AlreadyCalledError,
  Deferred,
  DeferredList,
  discardUnhandledErrors,
  ensureDeferred,
  fail,
  inlineCallbacks,
  reportUnhandledErrors,
  setDebugging,
  succeed,
} from "./defer";
import { Clock } from "./task";

function collectLog(): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const observer = (event: log.LogEvent) => lines.push(event.text);
  log.addObserver(observer);
  return { lines, stop: () => log.removeObserver(observer) };
}

const tick = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

afterEach(() => {
  setDebugging(false);
  discardUnhandledErrors();
});

describe("a Deferred is thenable", () => {
  it("lets async code await an unfired Deferred, which is left holding undefined (None)", async () => {
    const d = new Deferred<number>();
    const awaited = (async () => (await d) * 2)();
    await tick();
    d.callback(21);
    expect(await awaited).toBe(42);
    expect(d.result).toBeUndefined();
  });

  it("gives a fired Deferred's result to await and keeps it there", async () => {
    const d = succeed("kept");
    expect(await d).toBe("kept");
    expect(d.result).toBe("kept");
  });

  it("throws a Failure's exception (not the Failure) into await and counts it as handled", async () => {
    const error = new Error("boom");
    const d = fail(error);
    await expect((async () => await d)()).rejects.toBe(error);
    expect(reportUnhandledErrors()).toBe(0);
  });

  it("differs from Twisted in one way: await reaches the Deferred a microtask late", async () => {
    // In Python the coroutine registers on `d` before d.callback runs; in
    // JavaScript `await d` calls d.then in a later microtask, so a Deferred
    // fired in the same synchronous run is seen as already fired and keeps its result.
    const d = new Deferred<number>();
    const awaited = (async () => await d)();
    d.callback(1);
    expect(await awaited).toBe(1);
    expect(d.result).toBe(1);
  });

  it("is still chained, not adopted, when a callback returns it", () => {
    const inner = new Deferred<number>();
    const outer = succeed(0).addCallback(() => inner);
    expect(outer.paused).toBe(1);
    inner.callback(5);
    expect(outer.result).toBe(5);
  });

  it("is adopted by an async function returning it", async () => {
    const d = new Deferred<string>();
    const viaReturn = (async () => d)();
    await tick();
    d.callback("adopted");
    expect(await viaReturn).toBe("adopted");
  });

  it("gives a second awaiter what the first left behind, undefined, as two Twisted coroutines would see", async () => {
    const d = new Deferred<string>();
    const first = Promise.resolve(d);
    const second = Promise.resolve(d);
    await tick();
    d.callback("once");
    expect(await first).toBe("once");
    expect(await second).toBeUndefined();
  });

  it("can still not be given to callback(), as in Twisted (so succeed(d) throws)", () => {
    expect(() => succeed(new Deferred())).toThrow(AssertionError);
  });

  it("gives ensureDeferred's Deferred the async function's result on the microtask queue", async () => {
    const d = ensureDeferred((async () => "done")());
    expect(d.called).toBe(false);
    await tick();
    expect(d.result).toBe("done");
  });

  it("lets Deferred.fromCoroutine run a generator synchronously", () => {
    const d = Deferred.fromCoroutine(
      (function* () {
        const x: number = yield succeed(2);
        return x + 1;
      })(),
    );
    expect(d.result).toBe(3);
  });

  it("ignores a cancelled ensureDeferred's later outcome", async () => {
    let finish!: (value: string) => void;
    const d = ensureDeferred(new Promise<string>((resolve) => (finish = resolve)));
    d.addErrback(() => "cancelled");
    d.cancel();
    finish("too late");
    await tick();
    expect(d.result).toBe("cancelled");
  });
});

describe("callback chains", () => {
  it("run a long chain of callbacks in order without deepening the stack", () => {
    const d = new Deferred<number>();
    for (let i = 0; i < 100_000; i++) d.addCallback((x) => x + 1);
    d.callback(0);
    expect(d.result).toBe(100_000);
  });

  it("resume a long chain of Deferreds waiting on each other without recursion", () => {
    const first = new Deferred<number>();
    let last = first;
    for (let i = 0; i < 10_000; i++) {
      const waitOn = last;
      last = succeed(0).addCallback(() => waitOn);
    }
    first.callback(7);
    expect(last.result).toBe(7);
  });

  it("refuse a non-function callback with TypeError", () => {
    expect(() => new Deferred().addCallback(42 as never)).toThrow(TypeError);
    expect(() => new Deferred().addCallbacks(() => null, "no" as never)).toThrow(TypeError);
  });

  it("turn a thrown non-Error into a Failure whose value is what was thrown", () => {
    const d = succeed(1).addCallback(() => {
      throw "just a string";
    });
    const failure = d.result as Failure;
    expect(failure).toBeInstanceOf(Failure);
    expect(failure.value).toBe("just a string");
    d.addErrback(() => null);
  });

  it("keep a trapped-but-unmatched Failure identical as it travels on", () => {
    const original = new Failure(new RangeError("r"));
    let seen: Failure | null = null;
    fail(original)
      .addErrback((f) => f.trap(TypeError))
      .addErrback((f) => {
        seen = f;
      });
    expect(seen).toBe(original);
  });
});

describe("DeferredList", () => {
  it("is a Deferred that callbacks can be added to", () => {
    const list = new DeferredList([succeed(1)]);
    expect(list).toBeInstanceOf(Deferred);
    expect(list.addCallback((r) => r.length).result).toBe(1);
  });
});

describe("unhandled errors", () => {
  it("are reported once, then forgotten", () => {
    const { lines, stop } = collectLog();
    fail(new Error("lost"));
    expect(reportUnhandledErrors()).toBe(1);
    expect(reportUnhandledErrors()).toBe(0);
    stop();
    expect(lines[0]).toMatch(/^Unhandled error in Deferred:\nTraceback \(most recent call last\):/);
  });

  it("are reported when the simulation goes idle, with where the Deferred was created and fired in debug mode", () => {
    const world = new World();
    world.start(
      [
        'import { reactor, defer } from "twisted/internet";',
        "defer.setDebugging(true);",
        "const d = new defer.Deferred();",
        "function boom(x: number) {",
        '  throw new Error("bad " + x);',
        "}",
        "d.addCallback(boom);",
        "reactor.callLater(1, () => d.callback(3));",
        "reactor.run();",
      ].join("\n"),
      "learner.ts",
    );
    world.advanceTo(2);
    const errors = world.output.filter((line) => line.stream === "error").map((line) => line.text);
    expect(errors).toEqual([
      [
        "Unhandled error in Deferred:",
        "(debug:  C: Deferred was created:",
        ' C:  File "learner.ts", line 3, in <module>',
        " I: First Invoker was:",
        ' I:  File "learner.ts", line 8, in <module>',
        ")",
        "Traceback (most recent call last):",
        '  File "learner.ts", line 8, in <module>',
        '  File "learner.ts", line 5, in boom',
        "Error: bad 3",
      ].join("\n"),
    ]);
  });

  it("are not reported for a Failure handled before the simulation goes idle", () => {
    const world = new World();
    world.start(
      [
        'import { reactor, defer } from "twisted/internet";',
        'const d = defer.fail(new Error("soon handled"));',
        "reactor.callLater(0, () => d.addErrback(() => null));",
        "reactor.run();",
      ].join("\n"),
      "learner.ts",
    );
    world.advanceTo(1);
    expect(world.output.filter((line) => line.stream === "error")).toEqual([]);
  });
});

describe("debugging", () => {
  it("adds where the Deferred was created and first fired to AlreadyCalledError", () => {
    const world = new World();
    world.start(
      [
        'import { defer } from "twisted/internet";',
        "defer.setDebugging(true);",
        "const d = new defer.Deferred();",
        "d.callback(1);",
        "try { d.callback(2); } catch (e) { console.log(e.name + e.message); }",
      ].join("\n"),
      "learner.ts",
    );
    expect(world.output[0]?.text).toBe(
      [
        "AlreadyCalledError",
        " C: Deferred was created:",
        ' C:  File "learner.ts", line 3, in <module>',
        " I: First Invoker was:",
        ' I:  File "learner.ts", line 4, in <module>',
        "",
      ].join("\n"),
    );
  });

  it("is off by default, so AlreadyCalledError has no message", () => {
    const d = succeed(1);
    expect(() => d.callback(2)).toThrow(AlreadyCalledError);
    try {
      d.callback(2);
    } catch (e) {
      expect((e as Error).message).toBe("");
    }
  });
});

describe("addTimeout", () => {
  it("works with any clock that has callLater", () => {
    const clock = new Clock();
    const d = new Deferred().addTimeout(1, clock);
    clock.advance(1);
    expect((d.result as Failure).type.name).toBe("TimeoutError");
    d.addErrback(() => null);
  });
});

describe("DeferredList's Twisted-style arguments", () => {
  it("accepts fireOnOneCallback, fireOnOneErrback and consumeErrors as positional booleans", () => {
    const a = new Deferred();
    const list = new DeferredList([a], false, true, true);
    a.errback(new Error("first"));
    expect(list.fireOnOneErrback).toBe(true);
    expect(a.result).toBeUndefined();
    list.addErrback(() => null);
  });
});
