/**
 * The Deferred: a result that is not there yet, with a chain of
 * callback/errback pairs, faithful to Twisted 22.4's `_runCallbacks`.
 *
 * Differences from the Python original are in representation only: the chain
 * is one flat array read through an index (so a long chain costs O(1) per
 * callback), Failures travel as values and are never thrown by the engine,
 * and debugging information is gathered only while Deferred.debug is on or a
 * trace sink is attached.
 */
import type { SourceLocation } from "../../trace/events";
import { deferredLabel, traceLabel } from "../../trace/describe";
import { currentLearnerStack } from "../../trace/location";
import { traceLocation, tracing } from "../../trace/tracer";
import { AssertionError } from "../python/builtins";
import { Failure } from "../python/failure";
import { clearUnhandled, debugging, debugTracebacks, markUnhandled, newDebugInfo, type DebugInfo } from "./defer-debug";
import { handOver } from "./defer-await";
import { AlreadyCalledError, CancelledError } from "./defer-errors";
import { addTimeout, type IReactorTime } from "./defer-timeout";
import { Continue, fnOf, NO_CHAIN, PAIR, WithArgs, type Half, type Invoker } from "./defer-chain";
import * as trace from "./defer-trace";

type AnyFunction = (...args: any[]) => any;

export type { IReactorTime, Invoker };

/** Returns its argument: the default half of a callback/errback pair. */
export function passthru<T>(value: T): T {
  return value;
}

/**
 * A method handed out as a value. Declared the way TypeScript declares
 * methods (bivariant in its parameters), so a Deferred<number> still counts
 * as a Deferred<unknown>.
 */
type BoundMethod<F extends (...args: any[]) => any> = { method(...args: Parameters<F>): ReturnType<F> }["method"];

/**
 * A result that is not there yet. Add callbacks and errbacks; whoever produces
 * the result calls `callback(value)` or `errback(failure)`, exactly once.
 * A Deferred is also thenable, so `await d` works in async code (see then()).
 */
export class Deferred<T = any> implements PromiseLike<T> {
  /** When true, new Deferreds remember where they were created and fired (see setDebugging). */
  static get debug(): boolean {
    return debugging.on;
  }
  static set debug(on: boolean) {
    debugging.on = !!on;
  }
  /** A Deferred for a generator or an async function's Promise (defined in defer-inline.ts). */
  declare static fromCoroutine: <R>(coro: Generator<unknown, R, any> | PromiseLike<R>) => Deferred<R>;

  /** True once callback or errback has been called. */
  called = false;
  /** How many times pause() was called without a matching unpause() (chaining pauses too). */
  paused = 0;
  /**
   * The current result: undefined before firing; afterwards the value (or
   * Failure) the last callback returned, or a Deferred this one is waiting on.
   */
  result: any = undefined;
  /** The Deferred whose result this one is waiting for, if any. */
  _chainedTo: Deferred<any> | null = null;
  /**
   * The pairs not yet run, flat: callback half, errback half. A half is a
   * plain function, an Invoker (a function with extra arguments), or, for
   * the pair that resumes a Deferred waiting on this one, a Continue.
   */
  _chain: Half[] = NO_CHAIN as Half[];
  /** Index in _chain of the next pair to run. */
  _next = 0;
  /** How many pairs were dropped from the front of _chain, so trace indexes stay stable. */
  _dropped = 0;
  _runningCallbacks = false;
  _suppressAlreadyCalled = false;
  _canceller: ((d: Deferred<any>) => unknown) | undefined;
  /** @internal where the Deferred was created and fired, when debugging is on. */
  _debugInfo: DebugInfo | null = null;
  /** True while this Deferred is in the unhandled-Failure registry. */
  _unhandled = false;
  _traceId = 0;

  /**
   * @param canceller called by cancel() before this Deferred has fired; it may
   *   fire the Deferred itself, otherwise cancel() errbacks with CancelledError.
   */
  constructor(canceller?: ((d: Deferred<T>) => unknown) | null) {
    this._canceller = canceller ?? undefined;
    if (tracing.sink !== null || debugging.on) this.noteCreation();
  }

  /**
   * Adds a callback/errback pair. The callback receives the result, the errback
   * receives a Failure; whatever either returns (or throws) becomes the result
   * for the next pair. Runs at once if this Deferred has already fired.
   * @param callbackArgs extra arguments passed to the callback after the result.
   * @param errbackArgs extra arguments passed to the errback after the Failure.
   * @returns this Deferred, for chaining.
   * @throws TypeError if callback or errback is not a function.
   */
  addCallbacks<R = any>(
    callback: AnyFunction,
    errback?: AnyFunction | null,
    callbackArgs?: readonly unknown[] | null,
    errbackArgs?: readonly unknown[] | null,
  ): Deferred<R> {
    if (typeof callback !== "function") throw new TypeError("callback must be callable");
    if (errback == null) errback = passthru;
    else if (typeof errback !== "function") throw new TypeError("errback must be callable");
    return this._add(
      callbackArgs && callbackArgs.length ? new WithArgs(callback, callbackArgs) : callback,
      errbackArgs && errbackArgs.length ? new WithArgs(errback, errbackArgs) : errback,
    );
  }

  /**
   * Adds a callback (given extra `args` after the result) and a pass-through errback.
   * @returns this Deferred.
   * @throws TypeError if callback is not a function.
   */
  addCallback<R, A extends unknown[]>(callback: (result: T, ...args: A) => R | PromiseLike<R>, ...args: A): Deferred<R> {
    if (typeof callback !== "function") throw new TypeError("callback must be callable");
    return this._add(args.length ? new WithArgs(callback, args) : callback, passthru);
  }

  /**
   * Adds an errback (given extra `args` after the Failure) and a pass-through callback.
   * @returns this Deferred.
   * @throws TypeError if errback is not a function.
   */
  addErrback<R, A extends unknown[]>(errback: (failure: Failure, ...args: A) => R | PromiseLike<R>, ...args: A): Deferred<T | R> {
    if (typeof errback !== "function") throw new TypeError("errback must be callable");
    return this._add(passthru, args.length ? new WithArgs(errback, args) : errback);
  }

  /**
   * Adds the same function as both callback and errback.
   * @returns this Deferred.
   * @throws TypeError if callback is not a function.
   */
  addBoth<R, A extends unknown[]>(callback: (result: T | Failure, ...args: A) => R | PromiseLike<R>, ...args: A): Deferred<R> {
    if (typeof callback !== "function") throw new TypeError("callback must be callable");
    if (!args.length) return this._add(callback, callback);
    return this._add(new WithArgs(callback, args), new WithArgs(callback, args));
  }

  /** Engine use: appends a checked pair (functions or Invokers) and runs it if this Deferred has fired. */
  _add(callback: AnyFunction | Invoker, errback: AnyFunction | Invoker): Deferred<any> {
    let chain = this._chain;
    if (chain === NO_CHAIN) chain = this._chain = [];
    chain.push(callback, errback);
    if (tracing.sink !== null) trace.traceAdded(this, this._dropped + chain.length / PAIR - 1, fnOf(callback), fnOf(errback));
    if (this.called) this._runCallbacks();
    return this;
  }

  /**
   * Makes `d` fire with this Deferred's result when this one reaches this point
   * in its chain. Afterwards this Deferred's result is undefined (Python's None).
   * @returns this Deferred.
   */
  chainDeferred(d: Deferred<any>): Deferred<undefined> {
    d._chainedTo = this;
    if (tracing.sink !== null) trace.traceChained(d, this, "chainDeferred");
    return this.addCallbacks(
      function callback(result: unknown) {
        return d._fire(result);
      },
      function errback(failure: unknown) {
        return d._fail(failure);
      },
    );
  }

  /**
   * Fires the callback chain with a result. Like a Python bound method, it can
   * be passed on its own: `reactor.callLater(2, d.callback, 9)` works.
   * @throws AlreadyCalledError if this Deferred has already fired.
   * @throws AssertionError if `result` is itself a Deferred.
   */
  get callback(): BoundMethod<(result?: T | Failure) => void> {
    return (result) => this._fire(result);
  }

  /**
   * Fires the errback chain. Anything that is not a Failure is wrapped in one.
   * Like callback, it can be passed on its own: `addErrback(other.errback)`.
   * @throws AlreadyCalledError if this Deferred has already fired.
   * @throws NoCurrentExceptionError if no exception is given (JavaScript has no current exception).
   */
  get errback(): BoundMethod<(fail?: unknown) => void> {
    return (fail) => this._fail(fail);
  }

  /** @internal callback() without the bound-method wrapper. */
  _fire(result?: T | Failure): void {
    if (result instanceof Deferred) throw new AssertionError("callback() cannot be given a Deferred; return it from a callback to chain it");
    this._startRunCallbacks(result);
  }

  /** @internal errback() without the bound-method wrapper. */
  _fail(fail?: unknown): void {
    this._startRunCallbacks(fail instanceof Failure ? fail : fail === undefined ? new Failure() : new Failure(fail));
  }

  /** Stops the chain from running until a matching unpause(). */
  pause(): void {
    this.paused++;
    if (tracing.sink !== null) trace.tracePause(this, this.paused, true);
  }

  /** Undoes one pause(); when none remain and a result is there, the chain runs on. */
  unpause(): void {
    this.paused--;
    if (tracing.sink !== null) trace.tracePause(this, this.paused, false);
    if (this.paused) return;
    if (this.called) this._runCallbacks();
  }

  /**
   * Cancels this Deferred: before it fires, calls the canceller and errbacks with
   * CancelledError unless the canceller fired it; while it waits on a chained
   * Deferred, cancels that one instead. Without a canceller, the one later
   * callback()/errback() from the original producer is silently ignored.
   */
  cancel(): void {
    if (tracing.sink !== null) trace.traceCancelled(this);
    if (!this.called) {
      const canceller = this._canceller;
      if (canceller) canceller(this);
      else this._suppressAlreadyCalled = true;
      if (!this.called) this.errback(new Failure(new CancelledError()));
    } else if (this.result instanceof Deferred) {
      this.result.cancel();
    }
  }

  /**
   * Cancels this Deferred after `timeout` seconds on `clock` unless it fires
   * first. The timeout covers the callbacks added before this call.
   * @param onTimeoutCancel maps the result after a timeout cancel (default: CancelledError becomes TimeoutError).
   * @returns this Deferred.
   */
  addTimeout(
    timeout: number,
    clock: IReactorTime,
    onTimeoutCancel?: ((result: unknown, timeout: number) => unknown) | null,
  ): Deferred<T> {
    addTimeout(this, timeout, clock, onTimeoutCancel ?? null);
    return this;
  }

  /**
   * Lets `await d` work. Like Twisted's `await`, a Deferred that already has a
   * result gives it and keeps it (a Failure is thrown as its exception and
   * counts as handled); a Deferred still waiting gets a final pair that passes
   * the result on and leaves undefined (None) behind.
   * Continuations run on the microtask queue, after the current synchronous work.
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return new Promise<T>((resolve, reject) => handOver(this, resolve, reject)).then(onFulfilled, onRejected);
  }

  toString(): string {
    if (this._chainedTo !== null) return `<Deferred #${trace.idOf(this)} waiting on Deferred #${trace.idOf(this._chainedTo)}>`;
    if (!this.called) return `<Deferred #${trace.idOf(this)}>`;
    return `<Deferred #${trace.idOf(this)} current result: ${String(this.result)}>`;
  }

  /** @internal the debugger's label for this object. */
  [traceLabel](): string {
    return deferredLabel(trace.idOf(this));
  }

  /**
   * Engine use: adds a pair before all others (inlineCallbacks' cancellation
   * needs to run first). It is not traced as added, and the pairs after it
   * move up one place in the trace's indexes.
   */
  _prependCallbacks(callback: AnyFunction, errback: AnyFunction): void {
    if (this._chain === NO_CHAIN) this._chain = [];
    this._chain.splice(this._next, 0, callback, errback);
  }

  _startRunCallbacks(result: unknown): void {
    if (this.called) {
      if (this._suppressAlreadyCalled) {
        this._suppressAlreadyCalled = false;
        return;
      }
      const debug = debugging.on ? debugTracebacks(this._debugInfo) : "";
      throw new AlreadyCalledError(debug ? `\n${debug}` : "");
    }
    if (tracing.sink !== null || debugging.on) this.noteFiring(result);
    this.called = true;
    this.result = result;
    this._runCallbacks();
  }

  // Debug info is made only when there is something to keep: a traced
  // Deferred of engine code (no learner location) costs no object.
  private noteCreation(): void {
    if (debugging.on) (this._debugInfo ??= newDebugInfo()).creator = currentLearnerStack();
    if (tracing.sink === null) return;
    const at = trace.traceCreated(this, this.constructor, !!this._canceller);
    if (at !== null) (this._debugInfo ??= newDebugInfo()).createdAt = at;
  }

  private noteFiring(result: unknown): void {
    if (debugging.on) (this._debugInfo ??= newDebugInfo()).invoker = currentLearnerStack();
    if (tracing.sink === null) return;
    const at = trace.traceFired(this, result);
    if (at !== null) (this._debugInfo ??= newDebugInfo()).firedAt = at;
  }

  /**
   * The chain loop. A callback returning an unfired Deferred pauses this one
   * and leaves a CONTINUE pair on the other; when that fires, the loop moves
   * up to the waiting Deferred with an explicit stack instead of recursion, as
   * Twisted does, so long chains never overflow the call stack.
   */
  _runCallbacks(): void {
    if (this._runningCallbacks) return;
    let current: Deferred<any> = this;
    let below: Deferred<any>[] | null = null;
    // Captured once per run: every event of this run was caused by the same learner call.
    let location: SourceLocation | null | undefined;
    for (;;) {
      if (current.paused) return;
      // Set when a CONTINUE pair hands the result to a waiting Deferred, which runs next.
      let resume: Deferred<any> | null = null;
      current._chainedTo = null;
      let chain = current._chain;
      while (current._next < chain.length) {
        const at = current._next;
        current._next = at + PAIR;
        const input = current.result;
        const failed = input instanceof Failure;
        const half = failed ? chain[at + 1]! : chain[at]!;
        // Plain functions are the common case; only records need a closer look.
        if (typeof half !== "function" && half instanceof Continue) {
          const waiting = half.waiting;
          waiting.result = input;
          current.result = undefined;
          if (current._unhandled) clearUnhandled(current);
          waiting.paused--;
          if (tracing.sink !== null) {
            location ??= traceLocation();
            trace.traceChainResult(current, waiting, input, location);
          }
          resume = waiting;
          break;
        }
        let output: unknown;
        let raised = false;
        current._runningCallbacks = true;
        try {
          output = typeof half === "function" ? half(input) : half.invoke(input);
        } catch (thrown) {
          output = thrown instanceof Failure ? thrown : new Failure(thrown);
          raised = true;
        }
        current._runningCallbacks = false;
        current.result = output;
        if (tracing.sink !== null) {
          location ??= traceLocation();
          trace.traceInvoked(current, current._dropped + at / PAIR, failed, fnOf(half), input, output, raised, location);
        }
        if (output instanceof Deferred) {
          if (!output.called || output.result instanceof Deferred || output.paused) {
            // Not ready: wait for it. It has no result, so it is not running its
            // callbacks and the CONTINUE pair can go straight onto its chain.
            current.paused++;
            current._chainedTo = output;
            if (output._chain === NO_CHAIN) output._chain = [];
            const resumeCurrent = new Continue(current);
            output._chain.push(resumeCurrent, resumeCurrent);
            if (tracing.sink !== null) {
              trace.traceChained(current, output, "callback", location);
            }
            break;
          }
          // Ready: take its result, leaving None behind as Twisted does.
          current.result = output.result;
          output.result = undefined;
          if (output._unhandled) clearUnhandled(output);
        }
        // A callback may have added pairs, which can swap in a new array.
        chain = current._chain;
      }
      if (current._next === chain.length && chain !== NO_CHAIN) {
        current._dropped += chain.length / PAIR;
        current._chain = NO_CHAIN;
        current._next = 0;
      }
      if (resume !== null) {
        // This one is not finished: come back to it after the waiting Deferred.
        (below ??= []).push(current);
        current = resume;
        continue;
      }
      if (current.result instanceof Failure) {
        if (!current._unhandled) markUnhandled(current);
      } else if (current._unhandled) clearUnhandled(current);
      if (below === null || below.length === 0) return;
      current = below.pop()!;
    }
  }
}
