/**
 * Python's `time` module, as far as lessons need it. time.sleep() blocks:
 * in the reactor's thread the whole reactor stalls (virtual time jumps, no
 * other client is served meanwhile); in a pool thread (deferToThread) only
 * that thread waits.
 */
import { installedReactor } from "../twisted/internet/installed";
import { threadTime } from "../twisted/internet/thread-pool";

/**
 * Blocks for `seconds`.
 * @throws RangeError for a negative or non-numeric length, as Python's ValueError.
 */
export function sleep(seconds: number): void {
  installedReactor().blockFor(seconds);
}

/** The current time in seconds (virtual in the simulation; a pool thread sees its own clock). */
export function time(): number {
  return threadTime() ?? installedReactor().seconds();
}

/** Same as time() here: a clock that never goes backwards. */
export function monotonic(): number {
  return time();
}
