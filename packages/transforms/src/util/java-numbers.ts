import { DecimalValue } from '@tsconnect/sdk';
import { toInt64 } from './java-format.js';

export type IntegerType = 'int8' | 'int16' | 'int32' | 'int64';
const BITS: Record<IntegerType, number> = { int8: 8, int16: 16, int32: 32, int64: 64 };
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * Java's Number.byteValue()/shortValue()/intValue()/longValue(): integers wrap to the low bits,
 * floating point values truncate toward zero and saturate at int (long for longValue) first.
 */
export function javaNarrow(value: number | bigint | DecimalValue, target: IntegerType, fromFloat: boolean): number | bigint {
  let n: bigint;
  if (value instanceof DecimalValue) {
    n = value.scale <= 0 ? value.unscaled * 10n ** BigInt(-value.scale) : value.unscaled / 10n ** BigInt(value.scale);
  } else if (typeof value === 'bigint') {
    n = value;
  } else if (fromFloat || !Number.isInteger(value)) {
    if (Number.isNaN(value)) return 0;
    const truncated = Math.trunc(value);
    if (target === 'int64') {
      n = truncated >= 2 ** 63 ? LONG_MAX : truncated <= -(2 ** 63) ? LONG_MIN : BigInt(truncated);
      return toInt64(n);
    }
    n = BigInt(Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, truncated)));
  } else {
    n = BigInt(value);
  }
  const narrowed = BigInt.asIntN(BITS[target], n);
  return target === 'int64' ? toInt64(narrowed) : Number(narrowed);
}

/** Java's Long.parseLong / Integer.parseInt … : optional sign and decimal digits, in range, or null. */
export function javaParseInteger(text: string, target: IntegerType): number | bigint | null {
  if (!/^[+-]?\d+$/.test(text)) return null;
  const n = BigInt(text);
  const bits = BITS[target];
  if (n < -(2n ** BigInt(bits - 1)) || n > 2n ** BigInt(bits - 1) - 1n) return null;
  return target === 'int64' ? toInt64(n) : Number(n);
}

/** Java's Double.parseDouble: trims, accepts NaN/Infinity, exponents and a trailing f/F/d/D; null when invalid. */
export function javaParseDouble(text: string): number | null {
  const t = text.trim();
  if (/^[+-]?NaN$/.test(t)) return NaN;
  if (/^[+-]?Infinity$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/.test(t)) return null;
  return Number(t.replace(/[fFdD]$/, ''));
}
