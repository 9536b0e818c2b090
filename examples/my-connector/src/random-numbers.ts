/**
 * The `seq`-th number of the stream for `seed`, in [0, 1_000_000). A pure function of (seed, seq)
 * — a mulberry32 step from a per-position state — so a task resuming at `seq` produces exactly
 * what an uninterrupted run would have.
 */
export function randomNumber(seed: number, seq: number): number {
  let t = (seed + Math.imul(seq, 0x6d2b79f5)) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) % 1_000_000;
}
