/** What `await d` does with a Deferred, as Twisted's Deferred.__await__ / send. */
import { Failure } from "../python/failure";
import type { Deferred } from "./defer-core";
import { clearUnhandled } from "./defer-debug";

/**
 * Hands `d`'s result to a Promise's resolve/reject. A Deferred that already
 * has a result gives it and keeps it (a Failure is rejected with its
 * exception and counts as handled); one still waiting gets a final pair that
 * passes the result on and leaves undefined (None) behind, as Twisted's
 * coroutine driver does.
 */
export function handOver<T>(d: Deferred<T>, resolve: (value: T) => void, reject: (reason: unknown) => void): void {
  if (d.called && !d.paused) {
    const result = d.result;
    if (result instanceof Failure) {
      if (d._unhandled) clearUnhandled(d);
      reject(result.value);
    } else {
      resolve(result);
    }
    return;
  }
  d.addCallbacks(
    function resumeAwait(result: T) {
      resolve(result);
    },
    function throwIntoAwait(failure: Failure) {
      reject(failure.value);
    },
  );
}
