/**
 * "Step 12 of 112": where the cursor is in the recorded run. While the run is
 * still going, its recording grows with every step asked of the runner, so a
 * total would only count what was recorded so far: the position then says
 * the recording goes on instead, and the total comes once the run has ended.
 */

/** One formatter, made once, for every count the debugger shows on each step (rather than toLocaleString's locale lookup on each call). */
const COUNT = new Intl.NumberFormat("en-US");

/** A count with thousands separators ("100,000"). */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/**
 * The position in words.
 * @param recording the run is still going (live or paused), so more steps will be recorded.
 * @param full the recording reached its limit: no more steps will be recorded.
 */
export function stepPosition(state: { readonly cursor: number; readonly length: number }, recording: boolean, full = false): string {
  if (state.length === 0) return "No run recorded";
  const step = `Step ${formatCount(state.cursor + 1)}`;
  // A full recording has its total, even while the run goes on unrecorded.
  if (full) return `${step} of ${formatCount(state.length)} · recording full`;
  return recording ? `${step} · recording…` : `${step} of ${formatCount(state.length)}`;
}
