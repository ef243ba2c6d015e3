/** Ready-made Deferreds: succeed, fail, maybeDeferred, execute, logError. */
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { Deferred } from "./defer-core";

/** A Deferred that has already fired with `result`. */
export function succeed<T>(result: T): Deferred<T> {
  const d = new Deferred<T>();
  d._fire(result);
  return d;
}

/**
 * A Deferred that has already failed with `result` (wrapped in a Failure if needed).
 * @throws NoCurrentExceptionError when given nothing to fail with.
 */
export function fail<T = never>(result?: unknown): Deferred<T> {
  const d = new Deferred<T>();
  d.errback(result);
  return d;
}

/**
 * Calls `f(...args)` and always gives back a Deferred: the Deferred it returned,
 * a failed one for a returned Failure or for what it threw, or a fired one
 * holding its plain result.
 */
export function maybeDeferred<R, A extends unknown[]>(f: (...args: A) => R | Deferred<R>, ...args: A): Deferred<R> {
  let result: R | Deferred<R>;
  try {
    result = f(...args);
  } catch (thrown) {
    return fail<R>(thrown instanceof Failure ? thrown : new Failure(thrown));
  }
  if (result instanceof Deferred) return result;
  if (result instanceof Failure) return fail<R>(result);
  return succeed(result);
}

/**
 * Calls `f(...args)` now and wraps the outcome in a fired Deferred: its result,
 * or a Failure for what it threw. Unlike maybeDeferred, a returned Deferred or
 * Failure is not looked into.
 */
export function execute<R, A extends unknown[]>(f: (...args: A) => R, ...args: A): Deferred<R> {
  let result: R;
  try {
    result = f(...args);
  } catch (thrown) {
    return fail<R>(thrown instanceof Failure ? thrown : new Failure(thrown));
  }
  return succeed(result);
}

/** An errback that logs the Failure and passes it on unchanged. */
export function logError(err: Failure): Failure {
  log.err(err);
  return err;
}
