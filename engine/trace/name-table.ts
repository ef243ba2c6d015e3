/**
 * The recorder's table of function and class names: each name kept once,
 * rows hold its index. A callback's name is looked up (describeFunction) once
 * per function while it stays among the last few used: chains alternate a
 * callback and passthru, and reuse a handful of functions.
 */
import { describeFunction } from "./describe";

/** Functions whose names were looked up last, beyond the last two. */
const CACHED_FUNCTIONS = 4;

export class NameTable {
  /** Every name, in the order first met. */
  readonly names: string[] = [];
  private readonly indexOfName = new Map<string, number>();
  private readonly cachedFns: unknown[] = new Array(CACHED_FUNCTIONS).fill(null);
  private readonly cachedNames: number[] = new Array(CACHED_FUNCTIONS).fill(0);
  private nextCacheSlot = 0;
  private lastFn: unknown = null;
  private lastName = 0;
  private previousFn: unknown = null;
  private previousName = 0;

  /** The index of `name`, added if new. */
  of(name: string): number {
    let index = this.indexOfName.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.indexOfName.set(name, index);
    }
    return index;
  }

  /** The index of a function's name for the trace (see describeFunction). */
  ofFunction(fn: unknown): number {
    // The last two functions first: a chain's pairs alternate a callback and passthru.
    if (fn === this.lastFn) return this.lastName;
    if (fn === this.previousFn) {
      const name = this.previousName;
      this.previousFn = this.lastFn;
      this.previousName = this.lastName;
      this.lastFn = fn;
      return (this.lastName = name);
    }
    const cached = this.cachedFns;
    for (let k = 0; k < CACHED_FUNCTIONS; k++) {
      if (cached[k] === fn) {
        this.remember(fn, this.cachedNames[k]!);
        return this.lastName;
      }
    }
    return this.lookUp(fn);
  }

  private remember(fn: unknown, name: number): void {
    this.previousFn = this.lastFn;
    this.previousName = this.lastName;
    this.lastFn = fn;
    this.lastName = name;
  }

  private lookUp(fn: unknown): number {
    const index = this.of(describeFunction(fn));
    this.remember(fn, index);
    const slot = this.nextCacheSlot;
    this.cachedFns[slot] = fn;
    this.cachedNames[slot] = index;
    this.nextCacheSlot = (slot + 1) % CACHED_FUNCTIONS;
    return index;
  }
}
