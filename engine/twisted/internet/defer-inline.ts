/**
 * inlineCallbacks and ensureDeferred: sequential-looking code over Deferreds.
 *
 * A generator driven by inlineCallbacks runs synchronously, as in Twisted:
 * yielding a Deferred that has already fired continues at once. An async
 * function's Promise given to ensureDeferred continues on the microtask queue,
 * which is JavaScript's rule, not Twisted's.
 */
import { describeValue } from "../../trace/describe";
import { traceLocation, tracing } from "../../trace/tracer";
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { Deferred, passthru, type Invoker } from "./defer-core";
import { clearUnhandled } from "./defer-debug";
import { traceAdded, traceInvoked } from "./defer-trace";
import { NotACoroutineError } from "./defer-errors";

/** What returnValue throws: the generator's result, carried out of it. */
class DefGenReturn {
  constructor(readonly value: unknown) {}
}

/** Used only to cancel an inlineCallbacks Deferred from the inside (see InlineRun.cancel). */
class InternalInlineCallbacksCancelledError extends Error {}

type AnyGenerator = Generator<unknown, unknown, any>;

/**
 * Ends an inlineCallbacks generator with `value`, as Twisted's returnValue.
 * A plain `return value` does the same and is preferred.
 * @throws always: the value travels out of the generator as an exception.
 */
export function returnValue(value: unknown): never {
  throw new DefGenReturn(value);
}

/**
 * One inlineCallbacks run: the generator, the Deferred to fire when it ends,
 * and the Deferred it is waiting on. Cancelling the run's Deferred cancels
 * the Deferred being waited on, whose CancelledError is thrown into the
 * generator, which may catch it and carry on.
 */
class InlineRun {
  /** The Deferred the generator's outcome goes to (a fresh one after a cancel). */
  deferred: Deferred<any>;
  /** The Deferred the generator is waiting on, if any. */
  waitingOn: Deferred<any> | null = null;
  /** What cancels `deferred`: made once per run, shared by its Deferreds. */
  private readonly canceller: (it: Deferred<any>) => void;

  constructor(readonly gen: AnyGenerator) {
    this.canceller = this.cancel.bind(this);
    this.deferred = new Deferred(this.canceller);
  }

  private cancel(it: Deferred<any>): void {
    it._prependCallbacks(passthru, this.handleCancel.bind(this));
    it.errback(new Failure(new InternalInlineCallbacksCancelledError()));
  }

  /** Runs first on a cancelled Deferred: hands the outcome over to a fresh Deferred and cancels the wait. */
  private handleCancel(result: Failure): Deferred<any> {
    result.trap(InternalInlineCallbacksCancelledError);
    this.deferred = new Deferred(this.canceller);
    this.waitingOn!.cancel();
    return this.deferred;
  }
}

/**
 * The pair added to a yielded Deferred: notes a result that came at once
 * (the loop below takes it), or resumes the generator with a later one. One
 * object per yield rather than a closure, so the trace names every such pair
 * by the same function, `gotResult`, without looking up a fresh closure's name.
 */
class GotResult implements Invoker {
  /** True until the result comes, or until the loop stops waiting for it to come at once. */
  waiting = true;
  result: unknown = undefined;
  get fn(): Function {
    return gotResult;
  }
  constructor(private readonly run: InlineRun) {}
  invoke(r: unknown): unknown {
    if (this.waiting) {
      this.waiting = false;
      this.result = r;
    } else {
      runGenerator(r, this.run);
    }
    return undefined;
  }
}

/** The name the trace shows for the pair a yield adds (see GotResult). */
function gotResult(): void {}

/**
 * Drives the generator: sends each result in (or throws each Failure's
 * exception in), and waits whenever it yields a Deferred that has no result
 * yet. A loop, not recursion, handles Deferreds that are already fired, so a
 * long run of them does not grow the stack.
 */
function runGenerator(result: unknown, run: InlineRun): void {
  const gen = run.gen;
  for (;;) {
    let step: IteratorResult<unknown, unknown>;
    try {
      step = result instanceof Failure ? result.throwExceptionIntoGenerator(gen) : gen.next(result);
    } catch (thrown) {
      if (thrown instanceof DefGenReturn) run.deferred.callback(thrown.value);
      else run.deferred.errback(thrown instanceof Failure ? thrown : new Failure(thrown));
      return;
    }
    if (step.done) {
      run.deferred.callback(step.value);
      return;
    }
    result = step.value;
    if (!(result instanceof Deferred)) continue;
    const d: Deferred<any> = result;
    if (d.called && !d.paused && !d._runningCallbacks && d._next === d._chain.length) {
      // Fast path with the same effect as the pair below running at once:
      // take the result and leave None (undefined) behind. Traced, it records
      // the pair as added and run, the events the pair itself would make.
      const input = d.result;
      if (tracing.sink !== null) {
        const index = d._dropped++;
        traceAdded(d, index, gotResult, gotResult);
        traceInvoked(d, index, input instanceof Failure, gotResult, input, undefined, false, traceLocation());
      }
      result = input;
      d.result = undefined;
      if (d._unhandled) clearUnhandled(d);
      continue;
    }
    const state = new GotResult(run);
    d._add(state, state);
    if (state.waiting) {
      state.waiting = false;
      run.waitingOn = d;
      return;
    }
    result = state.result;
  }
}

/** Runs `gen` under a cancellable Deferred, as Twisted's _cancellableInlineCallbacks. */
function cancellable<T>(gen: AnyGenerator): Deferred<T> {
  const run = new InlineRun(gen);
  const deferred = run.deferred;
  runGenerator(undefined, run);
  return deferred;
}

function isGenerator(value: unknown): value is AnyGenerator {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AnyGenerator).next === "function" &&
    typeof (value as AnyGenerator).throw === "function" &&
    Symbol.iterator in value
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}

/**
 * Wraps a generator function so that calling it runs the generator and
 * returns a Deferred of its return value. Inside, `const x = yield d` waits
 * for Deferred `d` (continuing at once if it has fired) and gives its result,
 * or throws its Failure's exception; yielding anything else gives it straight
 * back. An exception escaping the generator fails the Deferred.
 * @throws TypeError (when called) if `f` does not return a generator.
 */
export function inlineCallbacks<A extends unknown[], R>(
  f: (...args: A) => Generator<unknown, R, any>,
): (...args: A) => Deferred<R> {
  return function unwindGenerator(this: unknown, ...args: A): Deferred<R> {
    let gen: unknown;
    try {
      gen = f.apply(this, args);
    } catch (thrown) {
      if (thrown instanceof DefGenReturn) {
        throw new TypeError(`inlineCallbacks requires ${describeValue(f)} to produce a generator; instead caught returnValue being used in a non-generator`);
      }
      throw thrown;
    }
    if (!isGenerator(gen)) {
      throw new TypeError(`inlineCallbacks requires ${describeValue(f)} to produce a generator; instead got ${describeValue(gen)}`);
    }
    return cancellable<R>(gen);
  };
}

/**
 * A Deferred for a coroutine: a generator (run as inlineCallbacks runs it) or
 * an async function's Promise (its continuations run on the microtask queue).
 * Cancelling the Deferred of a Promise errbacks it with CancelledError and
 * ignores the Promise's eventual outcome; JavaScript cannot stop the Promise.
 * @throws NotACoroutineError for anything else.
 */
export function fromCoroutine<T>(coro: Generator<unknown, T, any> | PromiseLike<T>): Deferred<T> {
  if (isGenerator(coro)) return cancellable<T>(coro);
  if (isThenable(coro)) return fromPromise(coro);
  throw new NotACoroutineError(`${describeValue(coro)} is not a coroutine`);
}

/**
 * Gives a Deferred for `coro`: a Deferred is returned as it is; a generator
 * or a Promise (e.g. what an async function returns) is wrapped as in
 * fromCoroutine. Note that an async function continues after `await` on the
 * microtask queue, once the current synchronous work has finished.
 * @throws NotACoroutineError for anything else.
 */
export function ensureDeferred<T>(coro: Deferred<T> | Generator<unknown, T, any> | PromiseLike<T>): Deferred<T> {
  if (coro instanceof Deferred) return coro;
  if (isGenerator(coro) || isThenable(coro)) return fromCoroutine(coro);
  throw new NotACoroutineError(`${describeValue(coro)} is not a coroutine or a Deferred`);
}

function fromPromise<T>(promise: PromiseLike<T>): Deferred<T> {
  const d = new Deferred<T>();
  const settle = (fire: () => void): void => {
    try {
      fire();
    } catch (thrown) {
      log.err(thrown instanceof Failure ? thrown : new Failure(thrown), "Error firing the Deferred of a coroutine");
    }
  };
  promise.then(
    (value) => settle(() => d.callback(value)),
    (reason) => settle(() => d.errback(reason instanceof Failure ? reason : new Failure(reason))),
  );
  return d;
}

// Twisted spells this as a class method too: Deferred.fromCoroutine(coro).
(Deferred as unknown as { fromCoroutine: typeof fromCoroutine }).fromCoroutine = fromCoroutine;
