/**
 * twisted.internet.defer: Deferreds and the tools built on them, under
 * Twisted's names. Each job lives in its own file; this module gathers them
 * so `import { defer } from "twisted/internet"` sees everything:
 *
 * - defer-core.ts: the Deferred and its callback loop
 * - defer-chain.ts: what the callback chain holds
 * - defer-basics.ts: succeed, fail, maybeDeferred, execute
 * - defer-list.ts: DeferredList, gatherResults
 * - defer-inline.ts: inlineCallbacks, ensureDeferred, returnValue
 * - defer-concurrency.ts: DeferredLock, DeferredSemaphore, DeferredQueue
 * - defer-await.ts, defer-timeout.ts: `await d` and addTimeout
 * - defer-debug.ts: unhandled-error reports and debugging
 * - defer-errors.ts: the exceptions
 */
export { Deferred, passthru, type IReactorTime } from "./defer-core";
export { succeed, fail, maybeDeferred, execute, logError } from "./defer-basics";
export { DeferredList, gatherResults, SUCCESS, FAILURE, type DeferredListOptions, type DeferredListEntry } from "./defer-list";
export { inlineCallbacks, ensureDeferred, returnValue, fromCoroutine } from "./defer-inline";
export { DeferredLock, DeferredSemaphore, DeferredQueue } from "./defer-concurrency";
export { reportUnhandledErrors, discardUnhandledErrors, setDebugging, getDebugging } from "./defer-debug";
export {
  AlreadyCalledError,
  CancelledError,
  TimeoutError,
  FirstError,
  NotACoroutineError,
  QueueOverflow,
  QueueUnderflow,
} from "./defer-errors";
export { Failure } from "../python/failure";
