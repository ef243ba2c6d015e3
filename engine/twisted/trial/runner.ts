/**
 * The trial runner: finds the TestCase classes a test module exports, runs
 * each test* method on a fresh instance (setUp, the test, tearDown, cleanups),
 * waits on the reactor for tests that return Deferreds, checks that each test
 * left the reactor clean, and reports as trial's tree reporter does:
 *
 *     test_finger
 *       FingerTests
 *         test_answers ...                                            [OK]
 *     ...
 *     Ran 2 tests in 0.003s
 *
 *     PASSED (successes=2)
 */
import { Deferred, maybeDeferred, succeed } from "../internet/defer";
import { AlreadyCalledError, TimeoutError } from "../internet/defer-errors";
import type { IReactor } from "../internet/interfaces";
import { Failure } from "../python/failure";
import { TwistedError } from "../python/exceptions";
import { FailTest, SkipTest, TestCase } from "./unittest";

/** The reactor was left with work a test started and never finished. */
export class DirtyReactorAggregateError extends TwistedError {
  constructor(readonly delayedCalls: readonly string[]) {
    super(`Reactor was unclean.\nDelayedCalls: (set twisted.internet.base.DelayedCall.debug = True to debug)\n${delayedCalls.join("\n")}`);
    this.name = "DirtyReactorAggregateError";
  }
}

type Outcome = "OK" | "FAIL" | "ERROR" | "SKIPPED";

interface TestResult {
  readonly id: string;
  readonly outcome: Outcome;
  /** The traceback or skip reason shown in the summary. */
  readonly detail: string;
}

/** What a run found, by kind, as trial's summary counts them. */
export interface TrialSummary {
  readonly testsRun: number;
  readonly successes: number;
  readonly failures: number;
  readonly errors: number;
  readonly skips: number;
  readonly passed: boolean;
}

const COLUMNS = 79;
const INDENT = "  ";

/** The TestCase subclasses among a module's exports, sorted by name as trial's loader sorts them. */
export function testCasesIn(exports: Record<string, unknown>): Array<typeof TestCase> {
  return Object.values(exports)
    .filter((value): value is typeof TestCase => typeof value === "function" && value.prototype instanceof TestCase)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The names of a case's test methods (test*, own or inherited), sorted. */
export function testMethodsOf(testCase: typeof TestCase): string[] {
  const names = new Set<string>();
  for (let proto = testCase.prototype; proto && proto !== TestCase.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name.startsWith("test") && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === "function") names.add(name);
    }
  }
  return [...names].sort();
}

function describeFailure(failure: Failure): string {
  return failure.getTraceback().trimEnd() + "\n";
}

/**
 * Runs every test of `cases` one after another on `reactor`; what trial
 * prints goes to `write`, a line at a time. Fires with the summary once the
 * last test has ended.
 */
export function runTests(cases: ReadonlyArray<typeof TestCase>, moduleName: string, reactor: IReactor, write: (line: string) => void): Deferred<TrialSummary> {
  const results: TestResult[] = [];
  const started = reactor.seconds();
  let lastPrelude: string[] = [];

  const prelude = (className: string) => {
    const segments = [moduleName, className];
    segments.forEach((segment, level) => {
      if (lastPrelude[level] !== segment) write(`${INDENT.repeat(level)}${segment}`);
    });
    lastPrelude = segments;
  };

  const report = (testCase: TestCase, outcome: Outcome, detail: string) => {
    const id = testCase.id(moduleName);
    results.push({ id, outcome, detail });
    const line = `${INDENT.repeat(2)}${testCase.methodName} ... `;
    const status = `[${outcome}]`;
    write(line + " ".repeat(Math.max(0, COLUMNS - line.length - status.length)) + status);
  };

  const queue: Array<() => Deferred<void>> = [];
  for (const testCaseClass of cases) {
    for (const methodName of testMethodsOf(testCaseClass)) {
      queue.push(() => {
        prelude(testCaseClass.name);
        return runOne(new testCaseClass(methodName), moduleName, reactor, report);
      });
    }
  }

  let chain: Deferred<void> = succeed(undefined);
  for (const next of queue) chain = chain.addCallback(next);
  return chain.addCallback(() => {
    const summary = summarize(results);
    write("");
    printErrors(results, write);
    write("-".repeat(COLUMNS));
    write(`Ran ${summary.testsRun} tests in ${(reactor.seconds() - started).toFixed(3)}s`);
    write("");
    const counts = [
      ["skips", summary.skips],
      ["failures", summary.failures],
      ["errors", summary.errors],
    ].filter(([, n]) => n) as Array<[string, number]>;
    if (summary.successes) counts.push(["successes", summary.successes]);
    write(`${summary.passed ? "PASSED" : "FAILED"}${counts.length ? ` (${counts.map(([k, n]) => `${k}=${n}`).join(", ")})` : ""}`);
    return summary;
  });
}

function summarize(results: readonly TestResult[]): TrialSummary {
  const count = (outcome: Outcome) => results.filter((r) => r.outcome === outcome).length;
  const failures = count("FAIL");
  const errors = count("ERROR");
  return { testsRun: results.length, successes: count("OK"), failures, errors, skips: count("SKIPPED"), passed: failures === 0 && errors === 0 };
}

function printErrors(results: readonly TestResult[], write: (line: string) => void): void {
  for (const outcome of ["SKIPPED", "FAIL", "ERROR"] as const) {
    const groups = new Map<string, string[]>();
    for (const result of results.filter((r) => r.outcome === outcome)) groups.set(result.detail, [...(groups.get(result.detail) ?? []), result.id]);
    for (const [detail, ids] of groups) {
      write("=".repeat(COLUMNS));
      write(`[${outcome}]`);
      write(detail.replace(/\n$/, ""));
      write("");
      for (const id of ids) write(id);
    }
  }
}

/** Runs one test: setUp, the method (waiting for its Deferred, up to its timeout), tearDown, cleanups, then the janitor. */
function runOne(test: TestCase, moduleName: string, reactor: IReactor, report: (test: TestCase, outcome: Outcome, detail: string) => void): Deferred<void> {
  const method = (test as unknown as Record<string, unknown>)[test.methodName] as ((this: TestCase) => unknown) & { skip?: string };
  const skip = method.skip ?? test.skip;
  if (skip !== undefined) {
    report(test, "SKIPPED", `${skip}\n`);
    return succeed(undefined);
  }
  const before = new Set(reactor.getDelayedCalls());
  let outcome: { kind: Outcome; detail: string } = { kind: "OK", detail: "" };
  const record = (failure: Failure) => {
    // The first problem decides the test's result; later ones (a failing tearDown after a failure) add nothing.
    if (outcome.kind !== "OK") return;
    if (failure.check(SkipTest)) outcome = { kind: "SKIPPED", detail: `${failure.getErrorMessage()}\n` };
    else if (failure.check(FailTest)) outcome = { kind: "FAIL", detail: describeFailure(failure) };
    else outcome = { kind: "ERROR", detail: describeFailure(failure) };
  };

  const withTimeout = (body: () => unknown): Deferred<unknown> => {
    const d = maybeDeferred(body);
    const timer = reactor.callLater(test.timeout, () => {
      const error = new TimeoutError(`<${test.id(moduleName)}> (${test.methodName}) still running at ${test.timeout.toFixed(1)} secs`);
      try {
        d.errback(new Failure(error));
      } catch (e) {
        if (!(e instanceof AlreadyCalledError)) throw e;
      }
    });
    return d.addBoth((result: unknown) => {
      if (timer.active()) timer.cancel();
      return result;
    });
  };

  return withTimeout(() => test.setUp())
    .addCallbacks(
      () =>
        withTimeout(() => method.call(test))
          .addErrback((failure: Failure) => record(failure))
          .addCallback(() => withTimeout(() => test.tearDown()).addErrback((failure: Failure) => record(failure))),
      (failure: Failure) => record(failure),
    )
    .addCallback(() => runCleanups(test, withTimeout, record))
    .addCallback(() => {
      const left = reactor.getDelayedCalls().filter((call) => !before.has(call) && call.active());
      if (left.length) {
        const descriptions = left.map(String);
        for (const call of left) call.cancel();
        record(new Failure(new DirtyReactorAggregateError(descriptions)));
      }
      report(test, outcome.kind, outcome.detail);
    }) as unknown as Deferred<void>;
}

function runCleanups(test: TestCase, withTimeout: (body: () => unknown) => Deferred<unknown>, record: (failure: Failure) => void): Deferred<unknown> {
  let chain: Deferred<unknown> = succeed(undefined);
  for (const cleanup of test.takeCleanups()) chain = chain.addCallback(() => withTimeout(cleanup).addErrback((failure: Failure) => record(failure)));
  return chain;
}
