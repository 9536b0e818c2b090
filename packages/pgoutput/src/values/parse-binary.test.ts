import { describe, expect, it } from 'vitest';
import { formatBinaryNumeric, parseBinaryValue } from './parse-binary.js';
import { formatPgDate, formatPgTimestamp, formatTimeOfDay } from './format-datetime.js';
import { PgType } from './oids.js';

function numeric(ndigits: number[], weight: number, sign: number, dscale: number): Buffer {
  const b = Buffer.alloc(8 + ndigits.length * 2);
  b.writeInt16BE(ndigits.length, 0);
  b.writeInt16BE(weight, 2);
  b.writeUInt16BE(sign, 4);
  b.writeInt16BE(dscale, 6);
  ndigits.forEach((d, i) => b.writeInt16BE(d, 8 + i * 2));
  return b;
}

describe('binary values', () => {
  it('numeric → exact string', () => {
    expect(formatBinaryNumeric(numeric([], 0, 0, 0))).toBe('0');
    expect(formatBinaryNumeric(numeric([], 0, 0, 3))).toBe('0.000');
    expect(formatBinaryNumeric(numeric([1, 2345, 6789], 1, 0, 4))).toBe('12345.6789');
    expect(formatBinaryNumeric(numeric([123], -2, 0x4000, 10))).toBe('-0.0000012300');
    expect(formatBinaryNumeric(numeric([1], 2, 0, 0))).toBe('100000000');
    expect(formatBinaryNumeric(numeric([], 0, 0xc000, 0))).toBe('NaN');
    expect(() => formatBinaryNumeric(Buffer.alloc(3))).toThrow(RangeError);
  });

  it('dates and times format like PostgreSQL', () => {
    expect(formatPgDate(0)).toBe('2000-01-01');
    expect(formatPgDate(-730485 - 366)).toMatch(/ BC$/);
    expect(formatPgDate(2147483647)).toBe('infinity');
    expect(formatPgTimestamp(0n, true)).toBe('2000-01-01 00:00:00+00');
    expect(formatPgTimestamp(-1n, false)).toBe('1999-12-31 23:59:59.999999');
    expect(formatTimeOfDay(49_530_500_000n)).toBe('13:45:30.5');
  });

  it('scalars and arrays', () => {
    const i8 = Buffer.alloc(8);
    i8.writeBigInt64BE(-9223372036854775808n);
    expect(parseBinaryValue(PgType.int8, i8)).toBe(-9223372036854775808n);
    const f4 = Buffer.alloc(4);
    f4.writeFloatBE(0.1);
    expect(parseBinaryValue(PgType.float4, f4)).toBe(0.1);
    expect(parseBinaryValue(PgType.uuid, Buffer.from('a0eebc999c0b4ef8bb6d6bb9bd380a11', 'hex'))).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    expect(parseBinaryValue(PgType.jsonb, Buffer.from('\x01{"a":1}'))).toBe('{"a":1}');
    // int4[] '{{1,NULL}}': ndim 2, hasnull 1, elem 23, dims (1,1) (2,1), elements
    const arr = Buffer.alloc(12 + 16 + 8 + 4);
    arr.writeInt32BE(2, 0); arr.writeInt32BE(1, 4); arr.writeInt32BE(23, 8);
    arr.writeInt32BE(1, 12); arr.writeInt32BE(1, 16); arr.writeInt32BE(2, 20); arr.writeInt32BE(1, 24);
    arr.writeInt32BE(4, 28); arr.writeInt32BE(1, 32); arr.writeInt32BE(-1, 36);
    expect(parseBinaryValue(1007, arr)).toEqual([[1, null]]);
    expect(() => parseBinaryValue(1007, arr.subarray(0, 30))).toThrow(RangeError);
    expect(parseBinaryValue(PgType.inet, Buffer.from([2, 32, 0, 4, 1, 2, 3, 4]))).toBe('1.2.3.4');
    expect(parseBinaryValue(99999, Buffer.from('happy'))).toEqual(Buffer.from('happy'));
  });
});
