/**
 * "Step 12 of 112": where the cursor is in the recorded run. While the run is
 * still going, its recording grows with every step asked of the runner, so a
 * total would only count what was recorded so far: the position then says
 * the recording goes on instead, and the total comes once the run has ended.
 */

/**
 * The position in words.
 * @param recording the run is still going (live or paused), so more steps will be recorded.
 * @param full the recording reached its limit: no more steps will be recorded.
 */
export function stepPosition(state: { readonly cursor: number; readonly length: number }, recording: boolean, full = false): string {
  if (state.length === 0) return "No run recorded";
  const step = `Step ${(state.cursor + 1).toLocaleString("en-US")}`;
  // A full recording has its total, even while the run goes on unrecorded.
  if (full) return `${step} of ${state.length.toLocaleString("en-US")} · recording full`;
  return recording ? `${step} · recording…` : `${step} of ${state.length.toLocaleString("en-US")}`;
}
