import { describe, expect, it } from 'vitest';
import { textSliceParserFor } from './text-slice-parsers.js';
import { parseTextValue } from './parse-text.js';
import { PgType } from './oids.js';

/** Parses `text` placed in the middle of a larger buffer, as values sit inside a message. */
const slice = (oid: number, text: string): unknown => {
  const buf = Buffer.concat([Buffer.from('xx'), Buffer.from(text), Buffer.from('yy')]);
  return textSliceParserFor(oid)(buf, 2, buf.length - 2);
};

describe('text slice parsers (the decoder hot path) agree with parseTextValue', () => {
  it('integers, int8 around the 15-digit switch, bool', () => {
    const cases: [number, string][] = [
      [PgType.int2, '-32768'], [PgType.int4, '2147483647'], [PgType.int4, '0'], [PgType.int4, '-1'], [PgType.oid, '4294967295'],
      [PgType.xid, '123'], [PgType.int8, '999999999999999'], [PgType.int8, '-999999999999999'], [PgType.int8, '1000000000000000'],
      [PgType.int8, '9223372036854775807'], [PgType.int8, '-9223372036854775808'], [PgType.int8, '0'],
      [PgType.bool, 't'], [PgType.bool, 'f'],
    ];
    for (const [oid, text] of cases) expect(slice(oid, text), `${oid} ${text}`).toStrictEqual(parseTextValue(oid, text));
    expect(slice(PgType.int8, '9223372036854775807')).toBe(9223372036854775807n);
  });

  it('everything else goes through the string parsers', () => {
    const cases: [number, string][] = [
      [PgType.text, 'héllo'], [PgType.numeric, '-0.000012300'], [PgType.float8, '0.1'], [PgType.float4, 'NaN'],
      [PgType.bytea, '\\x00ff'], [1007, '{1,NULL,3}'], [1009, '{"a,b",NULL}'], [99999, 'enum-label'],
    ];
    for (const [oid, text] of cases) expect(slice(oid, text), `${oid} ${text}`).toStrictEqual(parseTextValue(oid, text));
  });

  it('rejects malformed numbers with the value in the message', () => {
    expect(() => slice(PgType.int4, '12a')).toThrow('invalid integer: 12a');
    expect(() => slice(PgType.int4, '')).toThrow('invalid integer: ');
    expect(() => slice(PgType.int4, '-')).toThrow('invalid integer: -');
    expect(() => slice(PgType.int8, '1234567890123456789x')).toThrow('invalid int8: 1234567890123456789x');
    expect(() => slice(PgType.int8, '12 ')).toThrow('invalid int8: 12 ');
    expect(() => slice(PgType.bool, 'true')).toThrow('invalid bool: true');
  });
});
