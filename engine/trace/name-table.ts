/**
 * The recorder's table of function and class names: each name kept once,
 * rows hold its index. A callback's name is looked up (describeFunction) once
 * per function while it stays among the last few used: chains alternate a
 * callback and passthru, and reuse a handful of functions.
 */
import { describeFunction, functionName } from "./describe";

/** Functions whose names were looked up last, behind the two checked first. */
const CACHED_FUNCTIONS = 4;

/** What the caches hold before a function is put in them: nothing a caller can pass. */
const EMPTY = Symbol("empty");

export class NameTable {
  /** Every name, in the order first met. */
  readonly names: string[] = [];
  private readonly indexOfName = new Map<string, number>();
  private readonly cachedFns: unknown[] = new Array(CACHED_FUNCTIONS).fill(EMPTY);
  private readonly cachedNames: number[] = new Array(CACHED_FUNCTIONS).fill(0);
  private nextCacheSlot = 0;
  /** The two functions met last (a chain's pairs alternate a callback and passthru), checked without a loop. */
  private fnA: unknown = EMPTY;
  private nameA = 0;
  private fnB: unknown = EMPTY;
  private nameB = 0;
  /** The name lookUp found last, and its index. */
  private lastLookedUp = "";
  private lastLookedUpIndex = -1;
  /** Which of the two a newly met function replaces. */
  private replaceB = false;

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
    // Small enough to be inlined where rows are written: a hit costs a compare or two and no store.
    if (fn === this.fnA) return this.nameA;
    if (fn === this.fnB) return this.nameB;
    return this.ofOtherFunction(fn);
  }

  private ofOtherFunction(fn: unknown): number {
    const cached = this.cachedFns;
    let name = -1;
    for (let k = 0; k < CACHED_FUNCTIONS; k++) {
      if (cached[k] === fn) {
        name = this.cachedNames[k]!;
        break;
      }
    }
    if (name < 0) name = this.lookUp(fn);
    if (this.replaceB) {
      this.fnB = fn;
      this.nameB = name;
    } else {
      this.fnA = fn;
      this.nameA = name;
    }
    this.replaceB = !this.replaceB;
    return name;
  }

  private lookUp(fn: unknown): number {
    // A function made afresh for each call (an arrow in addCallback) is met here every time: its
    // name is read without describeFunction's cache, and a name met last skips the map.
    const name = typeof fn === "function" ? functionName(fn) : describeFunction(fn);
    let index = this.lastLookedUpIndex;
    if (name !== this.lastLookedUp) {
      index = this.of(name);
      this.lastLookedUp = name;
      this.lastLookedUpIndex = index;
    }
    const slot = this.nextCacheSlot;
    this.cachedFns[slot] = fn;
    this.cachedNames[slot] = index;
    this.nextCacheSlot = (slot + 1) % CACHED_FUNCTIONS;
    return index;
  }
}
