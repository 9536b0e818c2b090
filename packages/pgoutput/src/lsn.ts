const MAX = 0xffff_ffff_ffff_ffffn;

/**
 * A PostgreSQL WAL position (pg_lsn): an unsigned 64-bit integer written as two
 * hex halves, `16/B374D848`. Immutable, bigint-backed, totally ordered.
 */
export class Lsn {
  /** `0/0`, the invalid LSN. Sent as the start position it means "resume from the slot's confirmed_flush_lsn". */
  static readonly ZERO = new Lsn(0n);

  readonly value: bigint;

  private constructor(value: bigint) {
    this.value = value;
  }

  /** Wraps a 64-bit unsigned value. Throws RangeError outside [0, 2^64). */
  static fromBigInt(value: bigint): Lsn {
    if (value < 0n || value > MAX) throw new RangeError(`LSN out of range: ${value}`);
    return value === 0n ? Lsn.ZERO : new Lsn(value);
  }

  /** Parses `X/Y` (hex, case-insensitive, 1–8 digits each side). Throws RangeError when malformed. */
  static parse(text: string): Lsn {
    const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
    if (!m) throw new RangeError(`Invalid LSN: ${JSON.stringify(text)}`);
    return Lsn.fromBigInt((BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`));
  }

  /** Accepts an Lsn, its text form or its numeric value. */
  static from(input: Lsn | string | bigint): Lsn {
    if (input instanceof Lsn) return input;
    return typeof input === 'bigint' ? Lsn.fromBigInt(input) : Lsn.parse(input);
  }

  static max(a: Lsn, b: Lsn): Lsn {
    return a.value >= b.value ? a : b;
  }

  /** -1, 0 or 1. */
  compare(other: Lsn): -1 | 0 | 1 {
    return this.value < other.value ? -1 : this.value > other.value ? 1 : 0;
  }

  equals(other: Lsn): boolean {
    return this.value === other.value;
  }

  isZero(): boolean {
    return this.value === 0n;
  }

  /** This LSN plus `bytes` (e.g. the first byte after a record). */
  add(bytes: bigint | number): Lsn {
    return Lsn.fromBigInt(this.value + BigInt(bytes));
  }

  /** Upper-case `X/Y` form, as PostgreSQL prints it. */
  toString(): string {
    const hi = (this.value >> 32n).toString(16).toUpperCase();
    const lo = (this.value & 0xffff_ffffn).toString(16).toUpperCase();
    return `${hi}/${lo}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
