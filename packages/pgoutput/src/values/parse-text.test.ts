import { describe, expect, it } from 'vitest';
import { parseTextValue, parseByteaText } from './parse-text.js';
import { parseArrayLiteral } from './parse-array.js';
import { PgType } from './oids.js';

describe('parseTextValue', () => {
  it('scalars', () => {
    expect(parseTextValue(PgType.bool, 't')).toBe(true);
    expect(parseTextValue(PgType.bool, 'f')).toBe(false);
    expect(parseTextValue(PgType.int2, '-32768')).toBe(-32768);
    expect(parseTextValue(PgType.int4, '2147483647')).toBe(2147483647);
    expect(parseTextValue(PgType.int8, '9223372036854775807')).toBe(9223372036854775807n);
    expect(parseTextValue(PgType.int8, '-9223372036854775808')).toBe(-9223372036854775808n);
    expect(parseTextValue(PgType.oid, '4294967295')).toBe(4294967295);
    expect(parseTextValue(PgType.float8, '0.1')).toBe(0.1);
    expect(parseTextValue(PgType.float4, 'NaN')).toBeNaN();
    expect(parseTextValue(PgType.float8, '-Infinity')).toBe(-Infinity);
    expect(parseTextValue(PgType.float8, '1e+308')).toBe(1e308);
  });

  it('numeric and money stay exact strings', () => {
    const big = '123456789012345678901234567890.000000000000000000001';
    expect(parseTextValue(PgType.numeric, big)).toBe(big);
    expect(parseTextValue(PgType.numeric, 'NaN')).toBe('NaN');
    expect(parseTextValue(PgType.money, '$1,234.56')).toBe('$1,234.56');
  });

  it('text-like and unknown types pass through', () => {
    for (const oid of [PgType.text, PgType.varchar, PgType.bpchar, PgType.uuid, PgType.json, PgType.jsonb, PgType.date,
      PgType.timestamptz, PgType.interval, PgType.inet, PgType.bit, 99999]) {
      expect(parseTextValue(oid, 'x y')).toBe('x y');
    }
  });

  it('bytea hex and escape formats', () => {
    expect(parseTextValue(PgType.bytea, '\\x00ff10')).toEqual(Buffer.from([0, 255, 16]));
    expect(parseTextValue(PgType.bytea, '\\x')).toEqual(Buffer.alloc(0));
    expect(parseByteaText('a\\\\b\\001')).toEqual(Buffer.from([0x61, 0x5c, 0x62, 1]));
    expect(() => parseByteaText('\\x0')).toThrow(RangeError);
    expect(() => parseByteaText('\\9')).toThrow(RangeError);
  });

  it('arrays: NULL elements, quoting, escapes, multi-dim, bounds, typed elements', () => {
    expect(parseTextValue(1007, '{1,NULL,3}')).toEqual([1, null, 3]);
    expect(parseTextValue(1009, '{"NULL",NULL,"a,b","q\\"uote","back\\\\slash",plain,""}')).toEqual(
      ['NULL', null, 'a,b', 'q"uote', 'back\\slash', 'plain', ''],
    );
    expect(parseTextValue(1016, '{{1,2},{3,9223372036854775807}}')).toEqual([[1n, 2n], [3n, 9223372036854775807n]]);
    expect(parseTextValue(1007, '[0:1]={7,8}')).toEqual([7, 8]);
    expect(parseTextValue(1000, '{t,f}')).toEqual([true, false]);
    expect(parseTextValue(1001, '{"\\\\x0102"}')).toEqual([Buffer.from([1, 2])]);
    expect(parseTextValue(1231, '{1.10,NaN}')).toEqual(['1.10', 'NaN']);
    expect(parseTextValue(1009, '{}')).toEqual([]);
    expect(parseTextValue(1009, '{{{a}}}')).toEqual([[['a']]]);
  });

  it('malformed arrays throw', () => {
    for (const s of ['', '{', '{1', '{1,}', '{"a}', '{a}x', '[1:2]{1}', '{a"b}']) {
      expect(() => parseArrayLiteral(s, (x) => x), s).toThrow();
    }
  });
});
