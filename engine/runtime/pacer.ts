/**
 * Real-time mode, minus the clock: keeps virtual time in step with wall time
 * times a speed factor. The driver (in the app) reads the wall clock and
 * passes it in, so this stays deterministic and testable:
 *
 *   world.advanceTo(pacer.target(performance.now()));
 *   const wait = pacer.delayUntil(world.nextEventTime(), performance.now());
 *   // sleep `wait` ms (or until input), then repeat
 *
 * If blocking code pushed virtual time ahead of the wall clock, target()
 * stays behind it and nothing runs until the wall clock catches up: the
 * learner sees the reactor stall for as long as it blocked.
 */
export class RealTimePacer {
  private wallAnchor = 0;
  private virtualAnchor = 0;

  /** @param speed virtual seconds per wall second (1 = real time, 10 = ten times faster). */
  constructor(private speed = 1) {
    if (!(speed > 0)) throw new RangeError(`speed must be > 0, not ${speed}`);
  }

  /** Starts pacing: wall time `wallMs` (milliseconds) corresponds to virtual time `virtualSeconds`. */
  start(wallMs: number, virtualSeconds: number): void {
    this.wallAnchor = wallMs;
    this.virtualAnchor = virtualSeconds;
  }

  /**
   * Changes the speed from now on, without a jump in virtual time.
   * @throws RangeError for a speed that is not positive.
   */
  setSpeed(speed: number, wallMs: number): void {
    if (!(speed > 0)) throw new RangeError(`speed must be > 0, not ${speed}`);
    this.virtualAnchor = this.target(wallMs);
    this.wallAnchor = wallMs;
    this.speed = speed;
  }

  /** The virtual time (seconds) the world should have reached at wall time `wallMs`. */
  target(wallMs: number): number {
    return this.virtualAnchor + ((wallMs - this.wallAnchor) / 1000) * this.speed;
  }

  /** Wall milliseconds to wait until virtual time `next` is due (0 if due already), or null when `next` is null. */
  delayUntil(next: number | null, wallMs: number): number | null {
    if (next === null) return null;
    return Math.max(0, ((next - this.target(wallMs)) / this.speed) * 1000);
  }
}
