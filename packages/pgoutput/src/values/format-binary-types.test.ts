import { describe, expect, it } from 'vitest';
import { formatBinaryBits, formatBinaryMoney, parseBinaryValue } from './parse-binary.js';
import { formatPgInterval, formatPgTimetz } from './format-datetime.js';
import { formatInet, formatMacaddr } from './format-network.js';
import { PgType } from './oids.js';

const i64 = (v: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(v);
  return b;
};
const inet = (family: number, bits: number, cidr: number, addr: number[]): Buffer =>
  Buffer.from([family, bits, cidr, addr.length, ...addr]);
const v6 = (hex: string): number[] => [...Buffer.from(hex.replace(/:/g, ''), 'hex')];

describe('binary money, interval, timetz, network and bit values (as PostgreSQL prints them)', () => {
  it('money: cash_out with lc_monetary C', () => {
    expect(formatBinaryMoney(i64(1234n))).toBe('$12.34');
    expect(formatBinaryMoney(i64(50n))).toBe('$0.50');
    expect(formatBinaryMoney(i64(0n))).toBe('$0.00');
    expect(formatBinaryMoney(i64(-123456789n))).toBe('-$1,234,567.89');
    expect(formatBinaryMoney(i64(100000n))).toBe('$1,000.00');
    expect(formatBinaryMoney(i64(-9223372036854775808n))).toBe('-$92,233,720,368,547,758.08');
    expect(() => formatBinaryMoney(Buffer.alloc(4))).toThrow('money: expected 8 bytes, got 4');
  });

  it('interval: IntervalStyle postgres', () => {
    expect(formatPgInterval(0n, 0, 0)).toBe('00:00:00');
    expect(formatPgInterval(14_706_789_000n, 3, 14)).toBe('1 year 2 mons 3 days 04:05:06.789');
    expect(formatPgInterval(14_706_000_000n, -1, 0)).toBe('-1 days +04:05:06');
    expect(formatPgInterval(-14_706_500_000n, 0, 0)).toBe('-04:05:06.5');
    expect(formatPgInterval(0n, 0, 10)).toBe('10 mons');
    expect(formatPgInterval(-1_000_000n, 3, -14)).toBe('-1 years -2 mons +3 days -00:00:01');
    expect(formatPgInterval(1n, 1, 1)).toBe('1 mon 1 day 00:00:00.000001');
    expect(formatPgInterval(3_600_000_000n * 100n, 0, 12)).toBe('1 year 100:00:00');
    expect(formatPgInterval(9223372036854775807n, 2147483647, 2147483647)).toBe('infinity');
    expect(formatPgInterval(-9223372036854775808n, -2147483648, -2147483648)).toBe('-infinity');
  });

  it('timetz: zone stored as seconds west of UTC', () => {
    expect(formatPgTimetz(49_530_000_000n, -19800)).toBe('13:45:30+05:30');
    expect(formatPgTimetz(0n, 0)).toBe('00:00:00+00');
    expect(formatPgTimetz(49_530_123_400n, 28800)).toBe('13:45:30.1234-08');
    expect(formatPgTimetz(86_400_000_000n, -3723)).toBe('24:00:00+01:02:03');
  });

  it('inet / cidr: inet_net_ntop', () => {
    expect(formatInet(inet(2, 24, 0, [192, 168, 0, 1]), false)).toBe('192.168.0.1/24');
    expect(formatInet(inet(2, 32, 0, [10, 1, 2, 3]), false)).toBe('10.1.2.3');
    expect(formatInet(inet(2, 32, 1, [10, 1, 2, 3]), true)).toBe('10.1.2.3/32');
    expect(formatInet(inet(2, 8, 1, [10, 0, 0, 0]), true)).toBe('10.0.0.0/8');
    expect(formatInet(inet(3, 128, 0, v6('00000000000000000000000000000001')), false)).toBe('::1');
    expect(formatInet(inet(3, 128, 0, v6('00000000000000000000000000000000')), false)).toBe('::');
    expect(formatInet(inet(3, 128, 0, v6('00000000000000000000ffff01020304')), false)).toBe('::ffff:1.2.3.4');
    expect(formatInet(inet(3, 128, 0, v6('00010000000000020000000000000003')), false)).toBe('1:0:0:2::3');
    expect(formatInet(inet(3, 32, 1, v6('20010db8000000000000000000000000')), true)).toBe('2001:db8::/32');
    expect(formatInet(inet(3, 128, 1, v6('00010000000000000000000000000000')), true)).toBe('1::/128');
    expect(formatInet(inet(3, 64, 0, v6('fe80000000000000000000000000abcd')), false)).toBe('fe80::abcd/64');
    expect(() => formatInet(inet(9, 8, 0, [1, 2, 3, 4]), false)).toThrow('inet: unknown address family 9');
    expect(() => formatInet(inet(2, 8, 0, [1, 2, 3]), false)).toThrow('inet: expected 4 address bytes, got 3');
  });

  it('macaddr, macaddr8, bit, varbit, pg_lsn', () => {
    expect(formatMacaddr(Buffer.from('08002b010203', 'hex'), 6)).toBe('08:00:2b:01:02:03');
    expect(formatMacaddr(Buffer.from('08002bfffe010203', 'hex'), 8)).toBe('08:00:2b:ff:fe:01:02:03');
    expect(() => formatMacaddr(Buffer.alloc(5), 6)).toThrow('macaddr: expected 6 bytes, got 5');
    expect(formatBinaryBits(Buffer.from([0, 0, 0, 4, 0xa0]))).toBe('1010');
    expect(formatBinaryBits(Buffer.from([0, 0, 0, 0]))).toBe('');
    expect(formatBinaryBits(Buffer.from([0, 0, 0, 10, 0xff, 0x40]))).toBe('1111111101');
    expect(() => formatBinaryBits(Buffer.from([0, 0, 0, 9, 0xff]))).toThrow('bit: 9 bits do not fit 1 bytes');
    expect(parseBinaryValue(PgType.pg_lsn, Buffer.from('00000016b374d848', 'hex'))).toBe('16/B374D848');
    expect(parseBinaryValue(PgType.varbit, Buffer.from([0, 0, 0, 3, 0xa0]))).toBe('101');
  });
});
