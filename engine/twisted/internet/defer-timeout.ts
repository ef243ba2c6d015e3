/** Deferred.addTimeout: cancel a Deferred that takes too long. */
import { Failure } from "../python/failure";
import type { Deferred } from "./defer-core";
import { CancelledError, TimeoutError } from "./defer-errors";

/** The smallest clock addTimeout needs: task.Clock and the reactor both fit. */
export interface IReactorTime {
  callLater(delay: number, f: () => void): { active(): boolean; cancel(): void };
}

/**
 * Schedules `d.cancel()` after `timeout` seconds on `clock` and adds the two
 * pairs Twisted adds: one that turns the cancellation into the timeout's
 * result, one that cancels the timer once `d` has fired.
 * @param onTimeoutCancel maps the result after a timeout (null: CancelledError becomes TimeoutError).
 */
export function addTimeout(
  d: Deferred<any>,
  timeout: number,
  clock: IReactorTime,
  onTimeoutCancel: ((result: unknown, timeout: number) => unknown) | null,
): void {
  let timedOut = false;
  const delayedCall = clock.callLater(timeout, function timeItOut() {
    timedOut = true;
    d.cancel();
  });
  d.addBoth(function convertCancelled(result: unknown) {
    if (timedOut) return (onTimeoutCancel ?? cancelledToTimedOutError)(result, timeout);
    return result;
  });
  d.addBoth(function cancelTimeout(result: unknown) {
    if (delayedCall.active()) delayedCall.cancel();
    return result;
  });
}

function cancelledToTimedOutError(result: unknown, timeout: number): unknown {
  if (result instanceof Failure) {
    result.trap(CancelledError);
    // Twisted raises TimeoutError(timeout, "Deferred"), whose message reads "(timeout, 'Deferred')".
    throw new TimeoutError(`(${timeout}, 'Deferred')`);
  }
  return result;
}
