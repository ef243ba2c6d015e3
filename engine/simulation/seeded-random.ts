/**
 * Seeded randomness for the simulation: the same seed gives the same numbers
 * in the same order, so a run with random segmentation or reconnect jitter
 * can be replayed event for event.
 */
import { normalvariate } from "../twisted/python/random";

/** A small, fast pseudo-random generator (mulberry32) with a few helpers. */
export class SeededRandom {
  private state: number;

  /** @param seed any integer; the same seed always gives the same sequence. */
  constructor(readonly seed = 1) {
    // Spread nearby seeds apart, so seeds 7 and 8 give unrelated sequences.
    this.state = Math.imul((seed ^ 0x5bd1e995) >>> 0, 0x9e3779b1) >>> 0;
  }

  /** A number in [0, 1). */
  random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [low, high], both ends included. */
  randint(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  /** A normally distributed number, as Python's random.normalvariate (Box-Muller here). */
  normalvariate(mu: number, sigma: number): number {
    return normalvariate(() => this.random(), mu, sigma);
  }
}
