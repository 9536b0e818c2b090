import { PgoutputDecodeError } from '../errors.js';
import { Lsn } from '../lsn.js';

/** Microseconds between the Unix epoch and the PostgreSQL epoch (2000-01-01T00:00:00Z). */
export const PG_EPOCH_OFFSET_MICROS = 946_684_800_000_000n;

/**
 * Bounds-checked big-endian reader over one pgoutput message. Every failure is a
 * {@link PgoutputDecodeError} carrying the message type and the offset.
 */
export class BufferReader {
  offset = 0;
  messageType = 'unknown';

  constructor(readonly buf: Buffer) {}

  fail(detail: string, at = this.offset): never {
    throw new PgoutputDecodeError(this.messageType, at, detail);
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(n: number, what: string): number {
    if (n < 0 || this.offset + n > this.buf.length) {
      this.fail(`truncated: need ${n} byte(s) for ${what}, ${this.remaining} left`);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  // Bounds are checked by need(); the bytes are then read directly (Buffer's read*() would check again).
  uint8(what = 'int8'): number {
    return this.buf[this.need(1, what)]!;
  }

  int16(what = 'int16'): number {
    const o = this.need(2, what);
    const v = (this.buf[o]! << 8) | this.buf[o + 1]!;
    return v & 0x8000 ? v - 0x10000 : v;
  }

  int32(what = 'int32'): number {
    const o = this.need(4, what);
    const b = this.buf;
    return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
  }

  uint32(what = 'uint32'): number {
    return this.int32(what) >>> 0;
  }

  uint64(what = 'int64'): bigint {
    return this.buf.readBigUInt64BE(this.need(8, what));
  }

  lsn(what = 'lsn'): Lsn {
    return Lsn.fromBigInt(this.uint64(what));
  }

  /** A PostgreSQL timestamp (micros since 2000-01-01) converted to micros since the Unix epoch. */
  timestamp(what = 'timestamp'): bigint {
    return this.buf.readBigInt64BE(this.need(8, what)) + PG_EPOCH_OFFSET_MICROS;
  }

  /** A NUL-terminated UTF-8 string. */
  cstring(what = 'string'): string {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) this.fail(`unterminated ${what}`);
    const s = this.buf.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return s;
  }

  /** Moves past `n` bytes (bounds-checked) without creating a view; returns where they start. */
  skip(n: number, what = 'bytes'): number {
    return this.need(n, what);
  }

  bytes(n: number, what = 'bytes'): Buffer {
    const at = this.need(n, what);
    return this.buf.subarray(at, at + n);
  }

  /** Asserts the whole message was consumed. */
  end(): void {
    if (this.remaining !== 0) this.fail(`${this.remaining} unexpected trailing byte(s)`);
  }
}
