/**
 * twisted.trial.unittest: test cases whose methods named test* are run by
 * trial. A test may return a Deferred, and trial waits for it on the
 * reactor; successResultOf and friends inspect a Deferred that should already
 * have fired, for tests driven by a Clock and a StringTransport.
 */
import { Deferred } from "../internet/defer";
import { Failure } from "../python/failure";
import { TwistedError } from "../python/exceptions";
import { pyValueRepr } from "../python/reprs";

/** An assertion failed: trial reports the test as [FAIL] rather than [ERROR]. */
export class FailTest extends TwistedError {
  constructor(message = "") {
    super(message);
    this.name = "FailTest";
  }
}

/** Raise it (or set `skip` on a test case or method) to report a test as [SKIPPED], with the reason. */
export class SkipTest extends TwistedError {
  constructor(reason = "") {
    super(reason);
    this.name = "SkipTest";
  }
}

type ErrorClass = abstract new (...args: never[]) => unknown;

/** A value as Python's repr would show it, for assertion messages. */
export function saferepr(value: unknown): string {
  return pyValueRepr(value, (v) => (v instanceof Failure ? `<twisted.python.failure.Failure ${v.type.name}: ${v.getErrorMessage()}>` : undefined));
}

/** Structural equality, as Python's == compares lists, dicts, bytes and numbers. */
export function pyEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b) || a === b) return true;
  if (typeof a === "bigint" || typeof b === "bigint") return typeof a !== "object" && typeof b !== "object" && BigInt(a as number) === BigInt(b as number);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEqual(x, b[i]));
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && pyEqual(v, b.get(k)));
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((x) => b.has(x));
  const plain = (x: unknown) => typeof x === "object" && x !== null && Object.getPrototypeOf(x) === Object.prototype;
  if (plain(a) && plain(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((k) => k in (b as object) && pyEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

function settledResult(d: Deferred<unknown>): { settled: boolean; value?: unknown } {
  const results: unknown[] = [];
  d.addBoth((result: unknown) => {
    results.push(result);
    return null;
  });
  return results.length ? { settled: true, value: results[0] } : { settled: false };
}

/**
 * A test case: subclass it, write methods named test*, and trial runs each on
 * a fresh instance, with setUp before and tearDown after (either may return
 * a Deferred). Assertions raise FailTest.
 */
export class TestCase {
  /** Seconds a test's Deferred may take before trial gives up on it. */
  timeout = 120;
  /** A reason to skip every test of the case (or set it on one method: `test_x.skip = "why"`). */
  skip: string | undefined = undefined;
  private readonly cleanups: Array<() => unknown> = [];

  constructor(readonly methodName = "runTest") {}

  /** Hook: runs before each test. */
  setUp(): unknown {
    return undefined;
  }

  /** Hook: runs after each test, whatever its outcome. */
  tearDown(): unknown {
    return undefined;
  }

  /** Registers `f` to run after tearDown, last registered first (a Deferred it returns is waited for). */
  addCleanup<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
    this.cleanups.push(() => f(...args));
  }

  /** @internal the cleanups to run, most recent first, leaving none behind. */
  takeCleanups(): Array<() => unknown> {
    return this.cleanups.splice(0).reverse();
  }

  /** The test's id, as trial prints it: module.Class.method. */
  id(moduleName = "__main__"): string {
    return `${moduleName}.${this.constructor.name}.${this.methodName}`;
  }

  /** Fails the test at once. */
  fail(msg = ""): never {
    throw new FailTest(msg);
  }

  assertEqual(first: unknown, second: unknown, msg?: string): unknown {
    if (!pyEqual(first, second)) {
      let standard = `${saferepr(first)} != ${saferepr(second)}`;
      if (typeof first === "string" && typeof second === "string" && !first.includes("\n") && !second.includes("\n")) standard += `\n- ${first}\n+ ${second}\n`;
      this.fail(msg ?? standard);
    }
    return first;
  }

  assertEquals(first: unknown, second: unknown, msg?: string): unknown {
    return this.assertEqual(first, second, msg);
  }

  assertNotEqual(first: unknown, second: unknown, msg?: string): unknown {
    if (pyEqual(first, second)) this.fail(msg ?? `${saferepr(first)} == ${saferepr(second)}`);
    return first;
  }

  assertTrue(condition: unknown, msg?: string): unknown {
    if (!condition) this.fail(msg ?? `${saferepr(condition)} is not true`);
    return condition;
  }

  assertFalse(condition: unknown, msg?: string): unknown {
    if (condition) this.fail(msg ?? `${saferepr(condition)} is not false`);
    return condition;
  }

  assertIs(first: unknown, second: unknown, msg?: string): unknown {
    if (first !== second) this.fail(msg ?? `${saferepr(first)} is not ${saferepr(second)}`);
    return first;
  }

  assertIsNone(value: unknown, msg?: string): void {
    if (value !== null && value !== undefined) this.fail(msg ?? `${saferepr(value)} is not None`);
  }

  assertIn(containee: unknown, container: unknown, msg?: string): unknown {
    if (!contains(container, containee)) this.fail(msg ?? `${saferepr(containee)} not in ${saferepr(container)}`);
    return containee;
  }

  assertNotIn(containee: unknown, container: unknown, msg?: string): unknown {
    if (contains(container, containee)) this.fail(msg ?? `${saferepr(containee)} unexpectedly in ${saferepr(container)}`);
    return containee;
  }

  assertApproximates(first: number, second: number, tolerance: number, msg?: string): number {
    if (Math.abs(first - second) > tolerance) this.fail(msg ?? `${saferepr(first)} ~== ${saferepr(second)}`);
    return first;
  }

  /** Calls `f`, which must raise `exception`; returns what it raised. */
  assertRaises<E>(exception: abstract new (...args: never[]) => E, f: (...args: never[]) => unknown, ...args: unknown[]): E {
    let returned: unknown;
    try {
      returned = (f as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      if (e instanceof exception) return e;
      this.fail(`${exception.name} raised instead of ${(e as Error)?.constructor?.name ?? typeof e}:\n ${new Failure(e).getTraceback()}`);
    }
    return this.fail(`${exception.name} not raised (${saferepr(returned)} returned)`);
  }

  /** A Deferred that fires with the exception `d` fails with (one of `expectedFailures`), or fails the test if `d` succeeds. */
  assertFailure<E>(d: Deferred<unknown>, ...expectedFailures: Array<abstract new (...args: never[]) => E>): Deferred<E> {
    return d.addCallbacks(
      (result: unknown) => this.fail(`did not catch an error, instead got ${saferepr(result)}`),
      (failure: Failure) => {
        failure.trap(...expectedFailures);
        return failure.value;
      },
    ) as unknown as Deferred<E>;
  }

  /** The result `d` has already fired with; fails the test if it has not fired or has failed. */
  successResultOf<T>(d: Deferred<T>): T {
    const { settled, value } = settledResult(d);
    if (!settled) this.fail(`Success result expected on ${saferepr(d)}, found no result instead`);
    if (value instanceof Failure) this.fail(`Success result expected on ${saferepr(d)}, found failure result instead:\n${value.getTraceback()}`);
    return value as T;
  }

  /** The Failure `d` has already failed with (of one of `expected`, if given); fails the test otherwise. */
  failureResultOf(d: Deferred<unknown>, ...expected: ErrorClass[]): Failure {
    const { settled, value } = settledResult(d);
    if (!settled) this.fail(`Failure result expected on ${saferepr(d)}, found no result instead`);
    if (!(value instanceof Failure)) this.fail(`Failure result expected on ${saferepr(d)}, found success result (${saferepr(value)}) instead`);
    if (expected.length && !value.check(...expected)) {
      this.fail(`Failure of type (${expected.map((e) => e.name).join(", ")}) expected on ${saferepr(d)}, found type ${value.type.name} instead: ${value.getTraceback()}`);
    }
    return value;
  }

  /** Fails the test if `d` has fired. */
  assertNoResult(d: Deferred<unknown>): void {
    const results: unknown[] = [];
    d.addBoth((result: unknown) => {
      results.push(result);
      return result;
    });
    if (results.length) {
      const [result] = results;
      if (result instanceof Failure) d.addErrback(() => null);
      this.fail(`No result expected on ${saferepr(d)}, found ${saferepr(result)} instead`);
    }
  }
}

/** Trial's SynchronousTestCase: the same assertions, for tests that never return a Deferred. */
export class SynchronousTestCase extends TestCase {}

function contains(container: unknown, item: unknown): boolean {
  if (typeof container === "string") return typeof item === "string" && container.includes(item);
  if (container instanceof Map || container instanceof Set) return container.has(item);
  if (Array.isArray(container)) return container.some((x) => pyEqual(x, item));
  if (container && typeof container === "object") return typeof item === "string" && item in container;
  return false;
}
