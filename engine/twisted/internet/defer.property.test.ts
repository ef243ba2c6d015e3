/**
 * Property tests: random programs of Deferred operations never break the
 * Deferred's invariants. Each program works on a small pool of Deferreds and
 * mixes adding callbacks (that return values, raise, or return other
 * Deferreds from the pool), firing, pausing, unpausing and cancelling.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Failure } from "../python/failure";
import { AlreadyCalledError, Deferred, DeferredList, discardUnhandledErrors } from "./defer";

type Behaviour = { kind: "value" } | { kind: "raise" } | { kind: "failure" } | { kind: "return"; target: number };

type Op =
  | { op: "new"; canceller: "none" | "silent" | "fires" }
  | { op: "add"; d: number; side: "callback" | "errback" | "both"; behaviour: Behaviour }
  | { op: "callback"; d: number }
  | { op: "errback"; d: number }
  | { op: "pause"; d: number }
  | { op: "unpause"; d: number }
  | { op: "cancel"; d: number };

const POOL = 6;
const index = fc.nat(POOL - 1);
const behaviour: fc.Arbitrary<Behaviour> = fc.oneof(
  fc.constant({ kind: "value" as const }),
  fc.constant({ kind: "raise" as const }),
  fc.constant({ kind: "failure" as const }),
  index.map((target) => ({ kind: "return" as const, target })),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ op: fc.constant("new" as const), canceller: fc.constantFrom("none" as const, "silent" as const, "fires" as const) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("add" as const), d: index, side: fc.constantFrom("callback" as const, "errback" as const, "both" as const), behaviour }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("callback" as const), d: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("errback" as const), d: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("pause" as const), d: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("unpause" as const), d: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("cancel" as const), d: index }) },
);

/** What the test knows about one Deferred of the pool. */
interface Tracked {
  readonly d: Deferred<any>;
  /** Pairs added, in order; each records how often it ran. */
  readonly pairs: { runs: number }[];
  /** Indexes of pairs in the order they ran. */
  readonly ran: number[];
  /** pause() calls minus unpause() calls made by the program. */
  explicitPauses: number;
  /** How many times `called` went from false to true. */
  firings: number;
  wasCalled: boolean;
}

function runProgram(ops: Op[]): Tracked[] {
  const pool: Tracked[] = [];
  const violations: string[] = [];
  const track = (d: Deferred<any>): Tracked => {
    const t: Tracked = { d, pairs: [], ran: [], explicitPauses: 0, firings: 0, wasCalled: false };
    pool.push(t);
    return t;
  };
  const observeFirings = () => {
    for (const t of pool) {
      if (t.d.called && !t.wasCalled) t.firings++;
      if (!t.d.called && t.wasCalled) violations.push("called went back to false");
      t.wasCalled = t.d.called;
    }
  };
  for (let i = 0; i < 3; i++) track(new Deferred());

  for (const step of ops) {
    if (step.op === "new") {
      if (pool.length < POOL) {
        const canceller =
          step.canceller === "none" ? undefined : step.canceller === "silent" ? () => null : (d: Deferred<any>) => d.callback("cancelled-by-canceller");
        track(new Deferred(canceller));
      }
      continue;
    }
    const owner = step.d % pool.length;
    const t = pool[owner]!;
    const d = t.d;
    try {
      if (step.op === "add") {
        const pairIndex = t.pairs.length;
        const pair = { runs: 0 };
        t.pairs.push(pair);
        const fn = (result: unknown) => {
          pair.runs++;
          t.ran.push(pairIndex);
          if (d.paused !== 0) violations.push(`pair ran while its Deferred was paused (${d.paused})`);
          if (step.behaviour.kind === "raise") throw new Error("raised");
          if (step.behaviour.kind === "failure") return new Failure(new Error("returned"));
          // Waiting goes only from a Deferred to a later one in the pool: a cycle of
          // Deferreds waiting on each other hangs (and cancel recurses) in Twisted too.
          if (step.behaviour.kind === "return" && step.behaviour.target % pool.length > owner) {
            return pool[step.behaviour.target % pool.length]!.d;
          }
          return result instanceof Failure ? "recovered" : result;
        };
        if (step.side === "callback") d.addCallback(fn);
        else if (step.side === "errback") d.addErrback(fn);
        else d.addBoth(fn);
      } else if (step.op === "callback") {
        d.callback(step.d);
      } else if (step.op === "errback") {
        d.errback(new Error("fired as error"));
      } else if (step.op === "pause") {
        d.pause();
        t.explicitPauses++;
      } else if (step.op === "unpause") {
        if (t.explicitPauses > 0) {
          t.explicitPauses--;
          d.unpause();
        }
      } else {
        d.cancel();
      }
    } catch (e) {
      if (!(e instanceof AlreadyCalledError)) throw e;
      if (!d.called) violations.push("AlreadyCalledError from a Deferred that had not fired");
    }
    observeFirings();
  }
  expect(violations).toEqual([]);
  return pool;
}

describe("random programs of Deferred operations", () => {
  const programs = fc.array(op, { maxLength: 60 });

  it("fire each Deferred at most once, and never un-fire it", () => {
    fc.assert(
      fc.property(programs, (ops) => {
        for (const t of runProgram(ops)) expect(t.firings).toBeLessThanOrEqual(1);
        discardUnhandledErrors();
      }),
      { numRuns: 400 },
    );
  });

  it("run each pair at most once, in the order the pairs were added", () => {
    fc.assert(
      fc.property(programs, (ops) => {
        for (const t of runProgram(ops)) {
          for (const pair of t.pairs) expect(pair.runs).toBeLessThanOrEqual(1);
          // Only one half of each pair runs (the other passes through), so the
          // pairs that ran are a strictly increasing subsequence of those added.
          t.ran.forEach((pairIndex, i) => {
            if (i > 0) expect(pairIndex).toBeGreaterThan(t.ran[i - 1]!);
          });
        }
        discardUnhandledErrors();
      }),
      { numRuns: 400 },
    );
  });

  it("keep pause counts balanced: explicit pauses plus one while waiting on another Deferred", () => {
    fc.assert(
      fc.property(programs, (ops) => {
        for (const t of runProgram(ops)) {
          const waiting = t.d.result instanceof Deferred ? 1 : 0;
          expect(t.d.paused).toBe(t.explicitPauses + waiting);
        }
        discardUnhandledErrors();
      }),
      { numRuns: 400 },
    );
  });

  it("leave no pair unrun on a fired Deferred that is neither paused nor waiting", () => {
    fc.assert(
      fc.property(programs, (ops) => {
        const pool = runProgram(ops);
        // Twisted's quirk, kept: a Deferred that hands its result to a waiting Deferred which
        // is itself paused stops there, and its later pairs wait (22.4 leaves them unrun too).
        const someWaiterPaused = pool.some((t) => t.explicitPauses > 0);
        for (const t of pool) {
          if (t.d.called && t.d.paused === 0 && !someWaiterPaused) {
            expect(t.d.result).not.toBeInstanceOf(Deferred);
            expect(t.d._chain.length - t.d._next).toBe(0);
          }
          if (!t.d.called) expect(t.ran).toEqual([]);
        }
        discardUnhandledErrors();
      }),
      { numRuns: 400 },
    );
  });
});

describe("DeferredList over random outcomes", () => {
  it("reports each member's outcome in the order given, whatever the firing order", () => {
    const member = fc.record({ fails: fc.boolean(), value: fc.integer() });
    fc.assert(
      fc.property(fc.array(member, { minLength: 1, maxLength: 8 }), fc.boolean(), (members, consume) => {
        const ds = members.map(() => new Deferred<number>());
        const list = new DeferredList(ds, { consumeErrors: consume });
        const order = fc.sample(fc.shuffledSubarray(ds.map((_, i) => i), { minLength: ds.length, maxLength: ds.length }), 1)[0]!;
        for (const i of order) {
          if (members[i]!.fails) ds[i]!.errback(new Error(String(members[i]!.value)));
          else ds[i]!.callback(members[i]!.value);
        }
        const result = list.result as [boolean, unknown][];
        expect(result.map(([ok]) => ok)).toEqual(members.map((m) => !m.fails));
        result.forEach(([ok, value], i) => {
          if (ok) expect(value).toBe(members[i]!.value);
          else expect((value as Failure).getErrorMessage()).toBe(String(members[i]!.value));
        });
        ds.forEach((d, i) => {
          if (members[i]!.fails) expect(d.result instanceof Failure).toBe(!consume);
        });
        discardUnhandledErrors();
      }),
      { numRuns: 200 },
    );
  });

  it("gives the same results when some members fired before the list was made", () => {
    const member = fc.record({ fails: fc.boolean(), value: fc.integer(), early: fc.boolean() });
    fc.assert(
      fc.property(fc.array(member, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), (members, consume, fireOnOneErrback) => {
        const ds = members.map(() => new Deferred<number>());
        const fire = (i: number) => {
          if (members[i]!.fails) ds[i]!.errback(new Error(String(members[i]!.value)));
          else ds[i]!.callback(members[i]!.value);
        };
        members.forEach((m, i) => m.early && fire(i));
        const list = new DeferredList(ds, { consumeErrors: consume, fireOnOneErrback });
        list.addErrback(() => "first error");
        members.forEach((m, i) => !m.early && fire(i));
        const firstFailure = members.findIndex((m) => m.fails);
        if (fireOnOneErrback && firstFailure >= 0) {
          expect(list.result).toBe("first error");
        } else {
          const result = list.result as [boolean, unknown][];
          expect(result.map(([ok]) => ok)).toEqual(members.map((m) => !m.fails));
          result.forEach(([ok, value], i) => {
            if (ok) expect(value).toBe(members[i]!.value);
            else expect((value as Failure).getErrorMessage()).toBe(String(members[i]!.value));
          });
        }
        ds.forEach((d, i) => {
          expect(d._next).toBe(d._chain.length);
          if (members[i]!.fails) {
            expect(d.result instanceof Failure).toBe(!consume);
            expect(d._unhandled).toBe(!consume);
          } else {
            expect(d.result).toBe(members[i]!.value);
          }
        });
        discardUnhandledErrors();
      }),
      { numRuns: 300 },
    );
  });
});

describe("a Deferred whose waiter is paused (Twisted 22.4's behaviour, found by the property above)", () => {
  it("hands its result over and leaves its later pairs unrun, as Twisted does", () => {
    const waiter = new Deferred<unknown>();
    const inner = new Deferred<unknown>();
    const ran: string[] = [];
    waiter.addBoth(() => inner);
    waiter.errback(new Error("fired as error"));
    waiter.pause();
    inner.addCallback(() => ran.push("later pair"));
    inner.callback(5);
    // Real Twisted: waiter.result == 5, inner.result is None, inner's later callback never ran.
    expect(waiter.result).toBe(5);
    expect(inner.result).toBeUndefined();
    expect(ran).toEqual([]);
  });
});
