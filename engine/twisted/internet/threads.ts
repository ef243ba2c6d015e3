/**
 * twisted.internet.threads: run blocking code in the reactor's thread pool
 * and get its result as a Deferred. See thread-pool.ts for how a simulated
 * thread spends virtual time.
 */
import { Deferred } from "./defer";
import { Failure } from "../python/failure";
import { installedReactor } from "./installed";
import type { IReactor } from "./interfaces";

/** The pool-running part of a reactor. */
export interface IReactorThreadPool {
  /** Engine use: runs `f` in a pool thread; `onResult` runs in the reactor thread. */
  callInThreadWithCallback(onResult: (ok: boolean, result: unknown) => void, f: () => unknown): void;
}

/**
 * Runs `f(...args)` in a thread; the Deferred fires with its result (or
 * fails with what it threw) back in the reactor thread.
 */
export function deferToThread<R, A extends unknown[]>(f: (...args: A) => R, ...args: A): Deferred<R> {
  return deferToThreadPool(installedReactor(), f, ...args);
}

/** deferToThread on a given reactor's pool. */
export function deferToThreadPool<R, A extends unknown[]>(reactor: IReactor, f: (...args: A) => R, ...args: A): Deferred<R> {
  const d = new Deferred<R>();
  const pool = reactor as unknown as IReactorThreadPool;
  const named = Object.defineProperty(() => f(...args), "name", { value: f.name || "anonymous" });
  pool.callInThreadWithCallback((ok, result) => {
    if (ok) d.callback(result as R);
    else d.errback(result instanceof Failure ? result : new Failure(result));
  }, named);
  return d;
}

/** From a thread: runs `f(...args)` in the reactor thread (as reactor.callFromThread). */
export function callFromThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
  installedReactor().callFromThread(f, ...args);
}
