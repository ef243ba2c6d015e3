/**
 * Python's random.normalvariate, over any uniform source: the reactor's own
 * (seeded in the simulation, so reconnect jitter replays), or Math.random.
 */

/** A normally distributed number from any uniform source, as Python's random.normalvariate (Box-Muller here). */
export function normalvariate(random: () => number, mu: number, sigma: number): number {
  const u = 1 - random();
  const v = random();
  return mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
