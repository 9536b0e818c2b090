import { BadRequestException } from '@tsconnect/runtime';

/**
 * Where the message browser starts reading, from the `from` query parameter:
 * `beginning`, `end` (the last `limit` messages), an offset (every partition, or the one in
 * `partition`), or explicit positions `0:120,1:7` (what a previous page returned as `next`,
 * so a live tail asks for "everything after what I have").
 */
export type ReadPosition =
  | { readonly kind: 'beginning' }
  | { readonly kind: 'end' }
  | { readonly kind: 'offset'; readonly offset: bigint }
  | { readonly kind: 'positions'; readonly positions: ReadonlyMap<number, bigint> };

export function parseReadPosition(from: string | undefined): ReadPosition {
  const s = (from ?? 'end').trim();
  if (s === 'beginning' || s === 'earliest') return { kind: 'beginning' };
  if (s === 'end' || s === 'latest') return { kind: 'end' };
  if (/^\d+$/.test(s)) return { kind: 'offset', offset: BigInt(s) };
  if (/^\d+:\d+(,\d+:\d+)*$/.test(s)) {
    const positions = new Map<number, bigint>();
    for (const part of s.split(',')) {
      const [p, o] = part.split(':') as [string, string];
      positions.set(Number(p), BigInt(o));
    }
    return { kind: 'positions', positions };
  }
  throw new BadRequestException(`Invalid value ${s} for parameter from: expected beginning, end, an offset or partition:offset[,partition:offset]`);
}

export function formatPositions(positions: ReadonlyMap<number, bigint>): string {
  return [...positions].sort((a, b) => a[0] - b[0]).map(([p, o]) => `${p}:${o}`).join(',');
}

/** Parses a positive integer query parameter (clamped to `max`), naming it in the error. */
export function parseIntParam(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new BadRequestException(`Invalid value ${value} for parameter ${name}: expected a positive integer`);
  return Math.min(Number(value), max);
}

/**
 * The offset each partition starts at, given its [low, high) range. `end` backs off `limit`
 * messages from the high-water mark; offsets outside the range are clamped into it.
 */
export function startOffsets(
  position: ReadPosition, ranges: ReadonlyMap<number, { low: bigint; high: bigint }>, limit: number,
): Map<number, bigint> {
  const out = new Map<number, bigint>();
  const clamp = (o: bigint, r: { low: bigint; high: bigint }) => (o < r.low ? r.low : o > r.high ? r.high : o);
  for (const [p, r] of ranges) {
    switch (position.kind) {
      case 'beginning': out.set(p, r.low); break;
      case 'end': out.set(p, clamp(r.high - BigInt(limit), r)); break;
      case 'offset': out.set(p, clamp(position.offset, r)); break;
      case 'positions': {
        const o = position.positions.get(p);
        // A partition the caller did not know yet (new, or not shown): from its beginning.
        out.set(p, o === undefined ? r.low : clamp(o, r));
        break;
      }
    }
  }
  return out;
}
