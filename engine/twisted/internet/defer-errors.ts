/** The exceptions of twisted.internet.defer. */
import type { Failure } from "../python/failure";
import { TwistedError } from "../python/exceptions";

/** callback() or errback() was called on a Deferred that had already fired. */
export class AlreadyCalledError extends TwistedError {}

/** A Deferred was cancelled. */
export class CancelledError extends TwistedError {}

/** A Deferred did not fire in time (see Deferred.addTimeout). */
export class TimeoutError extends TwistedError {
  constructor(message = "Deferred timed out") {
    super(message);
  }
}

/** ensureDeferred or Deferred.fromCoroutine was given something that is not a coroutine. */
export class NotACoroutineError extends TypeError {
  constructor(message = "") {
    super(message);
    this.name = "NotACoroutineError";
  }
}

/**
 * The first failure in a DeferredList with fireOnOneErrback (and so in
 * gatherResults): which Deferred failed, and its Failure.
 */
export class FirstError extends TwistedError {
  /** The Failure of the Deferred that failed first. */
  readonly subFailure: Failure;
  /** Its position in the list. */
  readonly index: number;

  constructor(failure: Failure, index: number) {
    super(`FirstError[#${index}, ${failure}]`);
    this.subFailure = failure;
    this.index = index;
  }
}

/** DeferredQueue.put on a queue that already holds `size` objects. */
export class QueueOverflow extends TwistedError {}

/** DeferredQueue.get when `backlog` gets are already waiting. */
export class QueueUnderflow extends TwistedError {}
