import { DecimalValue, Struct } from '@tsconnect/sdk';

/**
 * A string equal for equal primary-key values, used to collapse a batch per key. Numbers and
 * bigints of the same value are the same key (an int64 may arrive as either).
 */
export function keyIdentity(values: readonly unknown[]): string {
  return values.length === 1 ? part(values[0]) : values.map(part).join('\u0000');
}

function part(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'bigint') return `n:${v.toString()}`;
  if (typeof v === 'string') return `s:${v}`;
  if (typeof v === 'boolean') return `b:${v}`;
  if (v instanceof Uint8Array) return `x:${Buffer.from(v).toString('hex')}`;
  if (v instanceof Date) return `d:${v.getTime()}`;
  if (v instanceof DecimalValue) return `n:${v.toString()}`;
  if (v instanceof Struct) return `t:${v.toString()}`;
  return `o:${JSON.stringify(v)}`;
}
