/** DeferredList and gatherResults: waiting for several Deferreds at once. */
import { Failure } from "../python/failure";
import * as log from "../python/log";
import { Deferred, type Invoker } from "./defer-core";
import { clearUnhandled, markUnhandled } from "./defer-debug";
import { FirstError } from "./defer-errors";
import { traceLocation, tracing } from "../../trace/tracer";
import { traceAdded, traceInvoked } from "./defer-trace";

/** The success flag in a DeferredList result pair. */
export const SUCCESS = true;
/** The failure flag in a DeferredList result pair. */
export const FAILURE = false;

/** How a DeferredList decides when to fire. */
export interface DeferredListOptions {
  /** Fire with [result, index] as soon as one Deferred succeeds. */
  readonly fireOnOneCallback?: boolean;
  /** Errback with a FirstError as soon as one Deferred fails. */
  readonly fireOnOneErrback?: boolean;
  /** Leave undefined (None) behind in each failed Deferred, so its Failure is not reported as unhandled. */
  readonly consumeErrors?: boolean;
}

/** One entry of a DeferredList's result: [true, value] or [false, Failure]. */
export type DeferredListEntry<T> = [boolean, T | Failure];

/**
 * A Deferred that fires when the Deferreds it tracks have fired: by default
 * with a list of [success, result] pairs in the order given. It adds a
 * callback pair to each Deferred, so callbacks added to them before decide
 * what it sees, and callbacks added after see what it leaves.
 */
export class DeferredList<T = any> extends Deferred<any> {
  fireOnOneCallback = false;
  fireOnOneErrback = false;
  consumeErrors = false;
  /** How many of the tracked Deferreds have fired so far. */
  finishedCount = 0;
  /** The result in progress: null until the Deferred at that index fires. */
  readonly resultList: (DeferredListEntry<T> | null)[];
  readonly _deferredList: Deferred<T>[];

  /**
   * @param deferredList the Deferreds to track.
   * @param options fireOnOneCallback, fireOnOneErrback, consumeErrors (all false by default);
   *   Twisted's positional form `(list, fireOnOneCallback, fireOnOneErrback, consumeErrors)` works too.
   */
  constructor(
    deferredList: Iterable<Deferred<T>>,
    options: DeferredListOptions | boolean = {},
    fireOnOneErrback = false,
    consumeErrors = false,
  ) {
    super();
    if (typeof options === "boolean") options = { fireOnOneCallback: options, fireOnOneErrback, consumeErrors };
    const list = [...deferredList];
    this._deferredList = list;
    this.resultList = new Array<DeferredListEntry<T> | null>(list.length).fill(null);
    // As in Twisted, an empty list fires at once, unless it waits for a first success that cannot come.
    if (list.length === 0 && !options.fireOnOneCallback) this.callback([]);
    // The flags are set before the pairs are added: already-fired Deferreds run them immediately.
    this.fireOnOneCallback = !!options.fireOnOneCallback;
    this.fireOnOneErrback = !!options.fireOnOneErrback;
    this.consumeErrors = !!options.consumeErrors;
    // Twisted adds _cbDeferred with (index, SUCCESS) and (index, FAILURE); one
    // record per member does the same for both halves.
    for (let index = 0; index < list.length; index++) {
      const d = list[index]!;
      if (d.called && d.paused === 0 && !d._runningCallbacks && d._next === d._chain.length && !(d.result instanceof Deferred)) {
        // Already fired with nothing left to run: what adding the pair would
        // do at once, without the pair (the common case, gatherResults over
        // succeed()s). Traced, it records the events the pair would make.
        const input = d.result;
        const failed = input instanceof Failure;
        const traced = tracing.sink !== null;
        if (traced) traceAdded(d, d._dropped, cbDeferred, cbDeferred);
        const output = this._cbDeferred(input, index, failed ? FAILURE : SUCCESS);
        d.result = output;
        if (traced) traceInvoked(d, d._dropped, failed, cbDeferred, input, output, false, traceLocation());
        d._dropped++;
        if (output instanceof Failure) {
          if (!d._unhandled) markUnhandled(d);
        } else if (d._unhandled) clearUnhandled(d);
        continue;
      }
      const slot = new ListSlot(this, index);
      d._add(slot, slot);
    }
  }

  /** Engine use: one tracked Deferred fired with `result`. */
  _cbDeferred(result: unknown, index: number, succeeded: boolean): unknown {
    this.resultList[index] = [succeeded, result as T | Failure];
    this.finishedCount++;
    if (!this.called) {
      if (succeeded === SUCCESS && this.fireOnOneCallback) {
        this.callback([result, index]);
      } else if (succeeded === FAILURE && this.fireOnOneErrback) {
        this.errback(new Failure(new FirstError(result as Failure, index)));
      } else if (this.finishedCount === this.resultList.length) {
        this.callback(this.resultList);
      }
    }
    if (succeeded === FAILURE && this.consumeErrors) return undefined;
    return result;
  }

  /** Before it fires, cancels every tracked Deferred; afterwards does nothing. */
  override cancel(): void {
    if (this.called) return;
    for (const deferred of this._deferredList) {
      try {
        deferred.cancel();
      } catch (thrown) {
        log.err(thrown instanceof Failure ? thrown : new Failure(thrown), "Exception raised from user supplied canceller");
      }
    }
  }
}

/** The pair DeferredList adds to each member: records the member's result in its place in the list. */
class ListSlot implements Invoker {
  constructor(
    private readonly list: DeferredList,
    private readonly index: number,
  ) {}
  get fn(): Function {
    return cbDeferred;
  }
  invoke(result: unknown): unknown {
    return this.list._cbDeferred(result, this.index, result instanceof Failure ? FAILURE : SUCCESS);
  }
}

/** How the trace names DeferredList's pair, after Twisted's method. */
function cbDeferred(): void {}

/**
 * A Deferred that fires with the list of results of `deferredList`, in order,
 * or fails with a FirstError as soon as one fails.
 * @param consumeErrors leave undefined (None) behind in failed Deferreds, so they are not
 *   reported as unhandled (a boolean, as in Twisted, or `{ consumeErrors }`).
 */
export function gatherResults<T>(
  deferredList: Iterable<Deferred<T>>,
  consumeErrors: boolean | { readonly consumeErrors?: boolean } = false,
): Deferred<T[]> {
  const consume = typeof consumeErrors === "boolean" ? consumeErrors : !!consumeErrors.consumeErrors;
  const d = new DeferredList<T>(deferredList, { fireOnOneErrback: true, consumeErrors: consume });
  return d.addCallback(function parseDeferredListResult(resultList: DeferredListEntry<T>[]): T[] {
    const values = new Array<T>(resultList.length);
    for (let i = 0; i < resultList.length; i++) values[i] = resultList[i]![1] as T;
    return values;
  });
}
