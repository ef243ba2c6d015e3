/**
 * twisted.internet.defer: the Deferred, a promise of a result with a chain of
 * callback/errback pairs, faithful to Twisted 22.4's `_runCallbacks`.
 *
 * Differences from the Python original are in representation only: the chain is
 * an array with a read index (so a long chain costs O(1) per callback), and
 * Failures travel as values, never by throwing.
 */
import { Failure } from "../python/failure";
import { TwistedError } from "../python/exceptions";
import * as log from "../python/log";

/** fire() was called on a Deferred that had already fired. */
export class AlreadyCalledError extends TwistedError {}

/** A Deferred was cancelled. */
export class CancelledError extends TwistedError {}

/** A Deferred did not fire in time (see Deferred.addTimeout). */
export class TimeoutError extends TwistedError {
  constructor(message = "Deferred timed out") {
    super(message);
  }
}

/** gatherResults' error: which Deferred failed first, and how. */
export class FirstError extends TwistedError {
  readonly subFailure: Failure;
  readonly index: number;
  constructor(failure: Failure, index: number) {
    super(`FirstError[#${index}, ${failure}]`);
    this.subFailure = failure;
    this.index = index;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => any;

/** Returns its argument: the default half of a callback/errback pair. */
export function passthru<T>(value: T): T {
  return value;
}

/** Marks the pair that hands a chained Deferred's result back to the Deferred waiting on it. */
function CONTINUE(): never {
  throw new Error("engine invariant: CONTINUE is a marker, never called");
}

interface CallbackPair {
  readonly callback: AnyFunction;
  readonly callbackArgs: readonly unknown[] | undefined;
  readonly errback: AnyFunction;
  readonly errbackArgs: readonly unknown[] | undefined;
  /** For CONTINUE pairs: the Deferred waiting on this one. */
  readonly waiting?: Deferred<unknown>;
}


/** Deferreds that ended their chain holding a Failure nobody has handled yet. */
const unhandled = new Set<Deferred<unknown>>();

/**
 * A result that is not there yet. Add callbacks and errbacks; whoever produces
 * the result calls `callback(value)` or `errback(failure)`, exactly once.
 */
export class Deferred<T = unknown> {
  /** True once callback or errback has been called. */
  called = false;
  /** How many times pause() was called without a matching unpause(). */
  paused = 0;
  /**
   * The current result: undefined before firing; afterwards the value (or
   * Failure) the last callback returned, or a Deferred this one is waiting on.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  result: any = undefined;
  /** The Deferred whose result this one is waiting for, if any. */
  _chainedTo: Deferred<unknown> | null = null;

  private callbacks: CallbackPair[] = [];
  private nextCallback = 0;
  private runningCallbacks = false;
  private suppressAlreadyCalled = false;
  private readonly canceller: ((d: Deferred<T>) => void) | undefined;

  /**
   * @param canceller called by cancel() before this Deferred has fired; it may
   *   fire the Deferred itself, otherwise cancel() errbacks with CancelledError.
   */
  constructor(canceller?: (d: Deferred<T>) => void) {
    this.canceller = canceller;
  }

  /**
   * Adds a callback/errback pair. The callback receives the result, the errback
   * receives a Failure; whatever either returns (or throws) becomes the result
   * for the next pair. Runs at once if this Deferred has already fired.
   * @returns this Deferred, for chaining.
   */
  addCallbacks(
    callback: AnyFunction,
    errback?: AnyFunction | null,
    callbackArgs?: readonly unknown[],
    errbackArgs?: readonly unknown[],
  ): Deferred<any> {
    if (typeof callback !== "function") throw new TypeError("callback must be callable");
    if (errback != null && typeof errback !== "function") throw new TypeError("errback must be callable");
    this.callbacks.push({
      callback,
      callbackArgs: callbackArgs && callbackArgs.length ? callbackArgs : undefined,
      errback: errback ?? passthru,
      errbackArgs: errbackArgs && errbackArgs.length ? errbackArgs : undefined,
    });
    if (this.called) this.runCallbacks();
    return this;
  }

  /** Adds a callback (with extra arguments after the result) and a pass-through errback. */
  addCallback<R, A extends unknown[]>(
    callback: (result: T, ...args: A) => R | Deferred<R>,
    ...args: A
  ): Deferred<R> {
    return this.addCallbacks(callback, passthru, args);
  }

  /** Adds an errback (with extra arguments after the Failure) and a pass-through callback. */
  addErrback<R, A extends unknown[]>(
    errback: (failure: Failure, ...args: A) => R | Deferred<R>,
    ...args: A
  ): Deferred<T | R> {
    return this.addCallbacks(passthru, errback, undefined, args);
  }

  /** Adds the same function as both callback and errback. */
  addBoth<R, A extends unknown[]>(
    callback: (result: T | Failure, ...args: A) => R | Deferred<R>,
    ...args: A
  ): Deferred<R> {
    return this.addCallbacks(callback, callback, args, args);
  }

  /**
   * Makes `d` fire with this Deferred's result when this one reaches this point
   * in its chain. Afterwards this Deferred's result is undefined (Python's None).
   * @returns this Deferred.
   */
  chainDeferred(d: Deferred<any>): Deferred<undefined> {
    d._chainedTo = this as Deferred<unknown>;
    return this.addCallbacks(d.callback.bind(d), d.errback.bind(d));
  }

  /**
   * Fires the callback chain with a result.
   * @throws AlreadyCalledError if this Deferred has already fired.
   * @throws Error if `result` is itself a Deferred.
   */
  callback(result?: T | Failure): void {
    if (result instanceof Deferred) throw new Error("AssertionError: callback() cannot be given a Deferred");
    this.startRunCallbacks(result);
  }

  /**
   * Fires the errback chain. Anything that is not a Failure is wrapped in one.
   * @throws AlreadyCalledError if this Deferred has already fired.
   */
  errback(fail?: unknown): void {
    const failure = fail instanceof Failure ? fail : new Failure(fail);
    this.startRunCallbacks(failure);
  }

  /** Stops the chain from running until a matching unpause(). */
  pause(): void {
    this.paused++;
  }

  /** Undoes one pause(); when none remain and a result is there, the chain runs on. */
  unpause(): void {
    this.paused--;
    if (this.paused) return;
    if (this.called) this.runCallbacks();
  }

  /**
   * Cancels this Deferred: before it fires, calls the canceller and errbacks with
   * CancelledError unless the canceller fired it; while it waits on a chained
   * Deferred, cancels that one instead. A later callback() is then ignored once.
   */
  cancel(): void {
    if (!this.called) {
      if (this.canceller) this.canceller(this);
      else this.suppressAlreadyCalled = true;
      if (!this.called) this.errback(new Failure(new CancelledError()));
    } else if (this.result instanceof Deferred) {
      this.result.cancel();
    }
  }

  /**
   * Cancels this Deferred after `timeout` seconds on `clock` unless it fires first;
   * a cancellation caused this way becomes a TimeoutError.
   * @param onTimeoutCancel maps the result after a timeout cancel (default: CancelledError → TimeoutError).
   */
  addTimeout(
    timeout: number,
    clock: { callLater(delay: number, f: () => void): { active(): boolean; cancel(): void } },
    onTimeoutCancel?: (result: unknown, timeout: number) => unknown,
  ): Deferred<T> {
    let timedOut = false;
    const delayedCall = clock.callLater(timeout, () => {
      timedOut = true;
      this.cancel();
    });
    this.addBoth((result: unknown) => {
      if (timedOut) return (onTimeoutCancel ?? cancelledToTimedOutError)(result, timeout);
      return result;
    });
    this.addBoth((result: unknown) => {
      if (delayedCall.active()) delayedCall.cancel();
      return result;
    });
    return this;
  }

  toString(): string {
    const id = "Deferred";
    if (this.result instanceof Deferred) return `<${id} waiting on Deferred>`;
    if (!this.called) return `<${id}>`;
    return `<${id} current result: ${describe(this.result)}>`;
  }

  private startRunCallbacks(result: unknown): void {
    if (this.called) {
      if (this.suppressAlreadyCalled) {
        this.suppressAlreadyCalled = false;
        return;
      }
      throw new AlreadyCalledError();
    }
    this.called = true;
    this.result = result;
    this.runCallbacks();
  }

  /**
   * The chain loop. Chaining (a callback returning an unfired Deferred) is
   * handled with an explicit stack rather than recursion, as in Twisted, so
   * long chains never overflow the call stack.
   */
  private runCallbacks(): void {
    if (this.runningCallbacks) return;
    const chain: Deferred<any>[] = [this];
    while (chain.length) {
      const current = chain[chain.length - 1]!;
      if (current.paused) return;
      let finished = true;
      current._chainedTo = null;
      const callbacks = current.callbacks;
      while (current.nextCallback < callbacks.length) {
        const pair = callbacks[current.nextCallback++]!;
        const isFailure = current.result instanceof Failure;
        const fn = isFailure ? pair.errback : pair.callback;
        if (fn === CONTINUE) {
          const waiting = pair.waiting!;
          waiting.result = current.result;
          current.result = undefined;
          unhandled.delete(current);
          waiting.paused--;
          chain.push(waiting);
          finished = false;
          break;
        }
        const args = isFailure ? pair.errbackArgs : pair.callbackArgs;
        current.runningCallbacks = true;
        try {
          current.result = args ? fn(current.result, ...args) : fn(current.result);
        } catch (thrown) {
          current.result = thrown instanceof Failure ? thrown : new Failure(thrown);
        } finally {
          current.runningCallbacks = false;
        }
        const returned = current.result;
        if (returned instanceof Deferred) {
          const inner = returned.result;
          if (!returned.called || inner instanceof Deferred || returned.paused) {
            current.pause();
            current._chainedTo = returned;
            returned.callbacks.push({
              callback: CONTINUE,
              callbackArgs: undefined,
              errback: CONTINUE,
              errbackArgs: undefined,
              waiting: current,
            });
            break;
          }
          returned.result = undefined;
          unhandled.delete(returned);
          current.result = inner;
        }
      }
      if (current.nextCallback === callbacks.length && current.nextCallback > 0) {
        callbacks.length = 0;
        current.nextCallback = 0;
      }
      if (finished) {
        if (current.result instanceof Failure) unhandled.add(current);
        else unhandled.delete(current);
        chain.pop();
      }
    }
  }
}

function cancelledToTimedOutError(result: unknown, timeout: number): unknown {
  if (result instanceof Failure) {
    result.trap(CancelledError);
    throw new TimeoutError(`Deferred timed out after ${timeout} seconds`);
  }
  return result;
}

function describe(value: unknown): string {
  if (value instanceof Failure) return value.toString();
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

/** A Deferred that has already fired with `result`. */
export function succeed<T>(result: T): Deferred<T> {
  const d = new Deferred<T>();
  d.callback(result);
  return d;
}

/** A Deferred that has already failed with `result` (wrapped in a Failure if needed). */
export function fail<T = never>(result?: unknown): Deferred<T> {
  const d = new Deferred<T>();
  d.errback(result);
  return d;
}

/**
 * Calls `f(...args)` and always gives back a Deferred: the Deferred it returned,
 * a fired one holding its plain result, or a failed one holding what it threw.
 */
export function maybeDeferred<R, A extends unknown[]>(
  f: (...args: A) => R | Deferred<R>,
  ...args: A
): Deferred<R> {
  let result: R | Deferred<R>;
  try {
    result = f(...args);
  } catch (thrown) {
    return fail<R>(thrown instanceof Failure ? thrown : new Failure(thrown));
  }
  if (result instanceof Deferred) return result;
  if (result instanceof Failure) return fail<R>(result);
  return succeed(result as R);
}

/**
 * Logs "Unhandled error in Deferred:" for every Deferred whose chain ended in a
 * Failure nobody handled, then forgets them. Twisted does this when such a
 * Deferred is garbage collected; the simulation does it when it goes idle or ends.
 * @returns how many were reported.
 */
export function reportUnhandledErrors(): number {
  const pending = [...unhandled];
  unhandled.clear();
  for (const d of pending) {
    const failure = d.result as Failure;
    log.publish({
      text: `Unhandled error in Deferred:\n${failure.getTraceback()}`,
      isError: true,
      system: "-",
    });
  }
  return pending.length;
}

/** Forgets unhandled Failures without reporting them (a fresh simulation starts clean). */
export function discardUnhandledErrors(): void {
  unhandled.clear();
}

export { Failure };
