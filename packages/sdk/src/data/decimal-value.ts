import { DataException } from '../errors/data-exception.js';

/**
 * An exact decimal number, `unscaled × 10^-scale` (Java's BigDecimal). Never passes through a JS
 * double, so NUMERIC(38, 10) columns survive the trip unchanged.
 */
export class DecimalValue {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {
    if (!Number.isInteger(scale)) throw new DataException(`Decimal scale must be an integer, got ${scale}`);
  }

  /** Parses "-12.340", "1e3", "5E-2"; the scale is the number of digits after the point. */
  static parse(text: string): DecimalValue {
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
      throw new DataException(`Not a decimal number: "${text}"`);
    }
    const [, sign, whole = '', fraction = '', exponent = '0'] = match;
    const unscaled = BigInt(`${sign}${whole}${fraction}` || '0');
    return new DecimalValue(unscaled, fraction.length - Number(exponent));
  }

  /** Same number at another scale; throws if digits would be lost. */
  withScale(scale: number): DecimalValue {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new DecimalValue(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    const divisor = 10n ** BigInt(this.scale - scale);
    if (this.unscaled % divisor !== 0n) {
      throw new DataException(`Cannot rescale ${this.toString()} to scale ${scale} without rounding`);
    }
    return new DecimalValue(this.unscaled / divisor, scale);
  }

  /** Plain notation as Java's BigDecimal.toPlainString(). */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    let text: string;
    if (this.scale <= 0) {
      text = digits === '0' ? '0' : digits + '0'.repeat(-this.scale);
    } else {
      const padded = digits.padStart(this.scale + 1, '0');
      text = `${padded.slice(0, -this.scale)}.${padded.slice(-this.scale)}`;
    }
    return negative ? `-${text}` : text;
  }

  toNumber(): number {
    return Number(this.toString());
  }

  equals(other: unknown): boolean {
    return other instanceof DecimalValue && other.unscaled === this.unscaled && other.scale === this.scale;
  }
}
