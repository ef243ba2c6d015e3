/**
 * What a Deferred's callback chain is made of. The chain is one flat array,
 * two entries per callback/errback pair; each entry (a "half") is a plain
 * function, or a small record when the half needs more than a call with the
 * result: extra arguments, a DeferredList's slot, or the resumption of a
 * Deferred waiting on this one.
 */
import type { Deferred } from "./defer-core";

type AnyFunction = (...args: any[]) => any;

/**
 * Half of a pair that is not a plain function: a function with extra
 * arguments, or a DeferredList's slot. `invoke` runs it on the result.
 */
export interface Invoker {
  /** The learner-visible function, for the trace. */
  readonly fn: Function;
  invoke(input: unknown): unknown;
}

/** A callback or errback with extra arguments after the result. */
export class WithArgs implements Invoker {
  constructor(
    readonly fn: AnyFunction,
    private readonly args: readonly unknown[],
  ) {}
  invoke(input: unknown): unknown {
    return this.fn(input, ...this.args);
  }
}

/** Both halves of the pair that hands a chained Deferred's result back to the Deferred waiting on it. */
export class Continue {
  constructor(readonly waiting: Deferred<any>) {}
}

/** What one half of a pair in the chain is. */
export type Half = AnyFunction | Invoker | Continue;

/** Entries per pair in the flat chain: the callback half, then the errback half. */
export const PAIR = 2;

/** The function a half stands for, for the trace. */
export function fnOf(half: Half): Function {
  return typeof half === "function" ? half : half instanceof Continue ? Continue : half.fn;
}

/**
 * The chain of a Deferred with no pairs waiting. Shared and never written:
 * adding a pair swaps in a fresh array, and a chain that has run is dropped
 * by swapping this back, which is cheaper than truncating it.
 */
export const NO_CHAIN: Half[] = Object.freeze([]) as unknown as Half[];

