import { describe, expect, it } from 'vitest';
import { Lsn } from './lsn.js';

describe('Lsn', () => {
  it('parses, formats and compares', () => {
    const a = Lsn.parse('16/B374D848');
    expect(a.value).toBe((0x16n << 32n) | 0xb374d848n);
    expect(a.toString()).toBe('16/B374D848');
    expect(Lsn.parse('16/b374d848').equals(a)).toBe(true);
    expect(Lsn.parse('0/0')).toBe(Lsn.ZERO);
    expect(Lsn.parse('FFFFFFFF/FFFFFFFF').value).toBe(2n ** 64n - 1n);
    expect(Lsn.parse('0/10').compare(Lsn.parse('0/F'))).toBe(1);
    expect(Lsn.parse('1/0').compare(Lsn.parse('0/FFFFFFFF'))).toBe(1);
    expect(Lsn.parse('0/1').compare(Lsn.parse('0/1'))).toBe(0);
    expect(Lsn.max(Lsn.parse('0/1'), Lsn.parse('0/2')).toString()).toBe('0/2');
    expect(Lsn.from(5n).add(11).toString()).toBe('0/10');
    expect(JSON.stringify({ l: a })).toBe('{"l":"16/B374D848"}');
  });

  it('rejects malformed input', () => {
    for (const s of ['', '16', '16/', '/1', 'G/1', '123456789/0', '1/2/3', '-1/0']) {
      expect(() => Lsn.parse(s), s).toThrow(RangeError);
    }
    expect(() => Lsn.fromBigInt(-1n)).toThrow(RangeError);
    expect(() => Lsn.fromBigInt(2n ** 64n)).toThrow(RangeError);
  });
});
