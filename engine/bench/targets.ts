/** What each workload must reach, and whether a measurement meets it. */

export interface Measured {
  readonly engine: number;
  readonly native: number | null;
  readonly twisted: number | null;
}

export interface Target {
  /** How the target reads in the table. */
  readonly text: string;
  /** Whether the measurement meets it; null when it cannot be judged (e.g. no Twisted). */
  met(m: Measured): boolean | null;
}

const TEN_X_TWISTED = (m: Measured): boolean | null => (m.twisted === null ? null : m.engine >= 10 * m.twisted);

function all(...checks: (boolean | null)[]): boolean | null {
  if (checks.some((c) => c === false)) return false;
  if (checks.some((c) => c === null)) return null;
  return true;
}

function vsNative(minRatio: number): Target {
  return {
    text: `>=${minRatio}x native, >=10x Twisted`,
    met: (m) => all(m.native === null ? null : m.engine >= minRatio * m.native, TEN_X_TWISTED(m)),
  };
}

function rate(min: number, unit: string): Target {
  return {
    text: `>=${min / 1e6}M ${unit}/s, >=10x Twisted`,
    met: (m) => all(m.engine >= min, TEN_X_TWISTED(m)),
  };
}

const NONE: Target = { text: "(none)", met: () => true };

export const targets: Record<string, Target> = {
  D1: vsNative(0.7),
  D2: vsNative(1),
  D3: NONE,
  D3p: vsNative(15),
  D3r: NONE,
  D4a: vsNative(1.6),
  D4b: { text: ">=10x Twisted", met: TEN_X_TWISTED },
  D5: vsNative(1),
  D5u: vsNative(1),
  D6: vsNative(1),
  C1: rate(1e6, "timers"),
  C2: rate(3e6, "ticks"),
  L1: rate(4e6, "lines"),
  L2: rate(5e6, "bytes"),
};
