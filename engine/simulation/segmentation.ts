/**
 * How the simulated network cuts a TCP byte stream into segments. TCP is a
 * stream, not messages: what one side writes in one call may arrive in
 * pieces, or merged with the next write. These strategies make that visible.
 */
import type { SeededRandom } from "./seeded-random";
import { concatBytes } from "../twisted/internet/wire";

/**
 * - "as-written": each write() arrives as one segment (the friendly default).
 * - "random": the writes waiting to go are merged, then cut at random points
 *   chosen by the network's seeded generator.
 * - "bytewise": every byte is its own segment.
 */
export type Segmentation = "as-written" | "random" | "bytewise";

export const SEGMENTATIONS: readonly Segmentation[] = ["as-written", "random", "bytewise"];

/**
 * Cuts the writes waiting on one side of a connection into the segments the
 * other side will receive, in order. The concatenation of the result always
 * equals the concatenation of `writes`.
 */
export function cutSegments(writes: readonly Uint8Array[], how: Segmentation, random: SeededRandom): Uint8Array[] {
  if (how === "as-written") return writes.filter((w) => w.length > 0);
  const all = concatBytes(writes);
  if (how === "bytewise") return Array.from(all, (_, i) => all.subarray(i, i + 1));
  const segments: Uint8Array[] = [];
  for (let at = 0; at < all.length; ) {
    // Mostly small pieces, sometimes the whole rest: both kinds of surprise.
    const rest = all.length - at;
    const size = random.random() < 0.1 ? rest : random.randint(1, Math.min(rest, 12));
    segments.push(all.subarray(at, at + size));
    at += size;
  }
  return segments;
}

