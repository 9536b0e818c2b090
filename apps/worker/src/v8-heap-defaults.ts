import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * The worker's V8 heap default: cap the young generation at 4 MB semi-spaces (8 MB new space)
 * instead of Node 20's 16 MB (32 MB, all resident once used).
 *
 * Why: a worker's records outlive a scavenge anyway (queued in the connector, in flight to Kafka
 * until acked), so a big nursery does not spare their promotion; it mostly keeps up to 32 MB of
 * garbage resident. 1 MB semi-spaces saved a little more RSS but cost ~8–10% CPU on the snapshot
 * bench (a scavenge every few hundred KB of allocation); at 4 MB that cost is within the noise.
 *
 * How: the heap is sized when the isolate is created, so `--max-semi-space-size` set from code
 * has no effect, but `--semi-space-growth-factor` is read each time V8 grows the new space. After
 * each GC the growth factor is set to 1 once the new space reached the cap and back to 2 below it
 * (V8 shrinks an idle new space, which must be able to grow again); at start-up it is grown to the
cap at once (growToCap). This runs first thing in
 * `dist/cli.js`, so it applies to every `tsconnect` process without NODE_OPTIONS. A user who sizes
 * the young generation (`--max-semi-space-size`/`--min-semi-space-size` on the node command line
 * or in NODE_OPTIONS) keeps V8's own behaviour.
 */
export const YOUNG_GENERATION_CAP_BYTES = 8 * 1024 * 1024;

/**
 * Old generation: after a full GC the next one is due when the heap grew by 40%, where V8 lets a
 * heap with fast GCs grow up to 4× (on a worker: megabytes of promoted, already-dead converter
 * output and records between full GCs). Measured on the side-by-side cdc bench with the
 * connector's default queue (100k rows): peak RSS ~220 → ~140 MB for ~40% more CPU per row
 * (33 → 46 µs, Debezium ~130 µs), throughput unchanged. `TSCONNECT_V8_FLAGS` replaces this
 * default with V8 flags of the operator's choosing, applied the same way (empty: V8's own
 * heuristics, for the least CPU); NODE_OPTIONS does not accept these flags.
 */
export const DEFAULT_V8_FLAGS = '--heap-growing-percent=40';

/** The V8 flags the worker sets from code: `TSCONNECT_V8_FLAGS` when set (even empty), else the default. */
export function workerV8Flags(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return (env['TSCONNECT_V8_FLAGS'] ?? DEFAULT_V8_FLAGS).trim();
}

/** Growth factor 1 at or above the cap, 2 (V8's default) below it. */
export function growthFactorFlag(newSpaceBytes: number, capBytes = YOUNG_GENERATION_CAP_BYTES): string {
  return `--semi-space-growth-factor=${newSpaceBytes >= capBytes ? 1 : 2}`;
}

function newSpaceBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Grows the new space to the cap right away: V8 grows it only after scavenges in which more
 * survived than its capacity, so objects are kept alive until it did (a few ms, ~10 MB that the
 * next full GC frees). Without this, a worker whose records are all promoted anyway could stay at
 * 1 MB semi-spaces, and GC observers alone react too late (they run between event-loop turns).
 */
function growToCap(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
  let keep: object[] = [];
  for (let round = 0; round < 400 && newSpaceBytes() < YOUNG_GENERATION_CAP_BYTES; round++) {
    for (let i = 0; i < 10_000; i++) keep.push({ i });
    if (keep.length >= 500_000) keep = [];
  }
}

/**
 * Node 20's V8 reads the growth factor whenever it grows the new space; Node 24's ignores one set
 * after start-up (tested), so there the young generation keeps V8's default unless the operator
 * passes `--max-semi-space-size` (NODE_OPTIONS accepts it). Node 22 is not verified: left alone.
 */
export const YOUNG_CAP_FROM_CODE = Number(process.versions.node.split('.')[0]) < 22;

export function applyV8HeapDefaults(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env['NODE_OPTIONS'] ?? ''): boolean {
  if (!YOUNG_CAP_FROM_CODE || [...execArgv, nodeOptions].some((a) => /semi[-_]space/.test(a))) return false;
  growToCap();
  let current = '';
  const adjust = (): void => {
    const flag = growthFactorFlag(newSpaceBytes());
    if (flag !== current) setFlagsFromString((current = flag));
  };
  adjust();
  const observer = new PerformanceObserver(adjust);
  observer.observe({ entryTypes: ['gc'] });
  // Never keeps the process alive by itself.
  (observer as unknown as { unref?: () => void }).unref?.();
  return true;
}

applyV8HeapDefaults();
const flags = workerV8Flags();
if (flags !== '') setFlagsFromString(flags);
