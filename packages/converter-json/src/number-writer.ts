import { javaDoubleToString } from '@tsconnect/sdk';
import { toTwosComplement } from './jackson-text.js';
import { ByteSink } from './byte-sink.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Unscaled Decimal values below this (in magnitude) are encoded with double arithmetic, not BigInt text. */
const SMALL_DECIMAL = 2 ** 47;

/**
 * Numbers written as Java's JsonConverter prints them (Jackson's number nodes): int64 digits,
 * Double.toString, quoted non-finite values, and Decimal's Base64 of BigInteger.toByteArray().
 */
export class NumberWriter extends ByteSink {
  private readonly scratch = new Uint8Array(8);

  /**
   * Java's Double.toString. In Java's plain range [1e-3, 1e7) a double that k fraction digits
   * (15 significant at most) read back exactly prints as those digits: no shorter decimal reads
   * back (the smallest k is taken) and no other of at most 15 digits does (doubles hold 15), so
   * they are the shortest digits JS and Java print — found with a few multiplications, where
   * String(double) runs the general shortest-digits search.
   */
  protected double(d: number): void {
    const abs = d < 0 ? -d : d;
    if (abs >= 1e-3 && abs < 1e7) {
      if (Number.isInteger(abs)) {
        this.integer(d);
        this.byte(46);
        this.byte(48);
        return;
      }
      for (let k = 1, p = 10; k <= 15; k++, p *= 10) {
        const m = Math.round(abs * p);
        if (m >= 1e15) break;
        if (m / p === abs) {
          if (d < 0) this.byte(45);
          return this.fixedPoint(m, k);
        }
      }
    }
    this.number(javaDoubleToString(d), d);
  }

  /** The integer m (< 1e15) × 10^-scale (scale > 0) in plain notation, digits written from the last. */
  private fixedPoint(m: number, scale: number): void {
    let length = 1;
    for (let t = 10; t <= m; t *= 10) length++;
    if (length <= scale) length = scale + 1; // 0.00ddd
    this.ensure(length + 1);
    const buf = this.buf;
    const end = this.pos + length + 1;
    let k = end;
    for (let i = 0; i < length; i++) {
      if (i === scale) buf[--k] = 46;
      const q = Math.floor(m / 10);
      buf[--k] = 48 + m - q * 10;
      m = q;
    }
    this.pos = end;
  }

  /** Writes an int64 (bigint, or integral number) and returns true; false (nothing written) when out of range. */
  protected int64(value: unknown): boolean {
    if (typeof value === 'bigint') {
      const n = Number(value);
      if (Number.isSafeInteger(n)) this.integer(n);
      else if (value >= INT64_MIN && value <= INT64_MAX) this.ascii(value.toString());
      else return false;
      return true;
    }
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      this.integer(value);
      return true;
    }
    const text = int64Text(value);
    if (text === undefined) return false;
    this.ascii(text);
    return true;
  }

  /** Java quotes the non-finite doubles ("NaN", "Infinity"). */
  protected number(text: string, value: number): void {
    if (Number.isFinite(value)) this.ascii(text);
    else { this.byte(34); this.ascii(text); this.byte(34); }
  }

  /** Base64 of Java's BigInteger.toByteArray(): minimal two's complement, big-endian. */
  protected decimalBytes(unscaled: bigint): void {
    let n = Number(unscaled);
    if (!(n > -SMALL_DECIMAL && n < SMALL_DECIMAL)) {
      const bytes = toTwosComplement(unscaled);
      return this.base64(bytes, bytes.length);
    }
    let length = 1;
    let limit = 128;
    while (n >= limit || n < -limit) { length++; limit *= 256; }
    if (n < 0) n += limit * 2;
    const scratch = this.scratch;
    for (let k = length - 1; k >= 0; k--) {
      scratch[k] = n % 256;
      n = Math.floor(n / 256);
    }
    this.base64(scratch, length);
  }
}

/** The decimal digits of an int64 (bigint or integral number), undefined when out of range or not an integer. */
export function int64Text(value: unknown): string | undefined {
  if (typeof value === 'bigint') {
    const n = Number(value); // printing a safe integer is cheaper than printing a bigint
    if (Number.isSafeInteger(n)) return String(n);
    return value >= INT64_MIN && value <= INT64_MAX ? value.toString() : undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  if (Number.isSafeInteger(value)) return String(value);
  const big = BigInt(value);
  return big >= INT64_MIN && big <= INT64_MAX ? big.toString() : undefined;
}
