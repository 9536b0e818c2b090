import { describe, expect, it } from 'vitest';
import { base64, decodeBase64, fromTwosComplement, quote, toTwosComplement } from './jackson-text.js';
import { JsonDecimal, parseJson } from './json-node.js';

describe('quote (Jackson string escaping)', () => {
  it('escapes quotes, backslashes and control characters as Jackson does', () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quote('\b\t\n\f\r')).toBe('"\\b\\t\\n\\f\\r"');
    expect(quote('\u0000\u0001\u001f')).toBe('"\\u0000\\u0001\\u001F"');
    expect(quote('/ \u007f')).toBe('"/ \u007f"');
  });
  it('leaves BMP characters raw and escapes surrogates (emoji) as \\uXXXX pairs', () => {
    expect(quote('café €')).toBe('"café €"');
    expect(quote('😀')).toBe('"\\uD83D\\uDE00"');
    expect(quote('\ud800')).toBe('"\\uD800"');
  });
});

describe('base64 and two\'s complement', () => {
  it('encodes like Jackson and decodes strictly', () => {
    expect(base64(new Uint8Array([0, 1, 2, 255]))).toBe('AAEC/w==');
    expect([...decodeBase64('AAEC/w==')!]).toEqual([0, 1, 2, 255]);
    expect(decodeBase64('AAEC/w')).toBeNull();
    expect(decodeBase64('***')).toBeNull();
    expect([...decodeBase64('AA EC\n/w==')!]).toEqual([0, 1, 2, 255]);
  });
  it.each([
    [0n, '00'], [1n, '01'], [127n, '7f'], [128n, '0080'], [-1n, 'ff'], [-128n, '80'], [-129n, 'ff7f'], [1234n, '04d2'],
    [255n, '00ff'], [-256n, 'ff00'], [2n ** 63n, '008000000000000000'],
  ])('BigInteger.toByteArray(%s) = %s', (v, hex) => {
    expect(Buffer.from(toTwosComplement(v)).toString('hex')).toBe(hex);
    expect(fromTwosComplement(Buffer.from(hex, 'hex'))).toBe(v);
  });
  it('refuses an empty byte array like new BigInteger(byte[0])', () => {
    expect(() => fromTwosComplement(new Uint8Array())).toThrow('Zero length BigInteger');
  });
});

describe('parseJson (Jackson readTree semantics)', () => {
  it('keeps int32 as number, larger integers as bigint and fractions as exact text', () => {
    expect(parseJson('2147483647')).toBe(2147483647);
    expect(parseJson('2147483648')).toBe(2147483648n);
    expect(parseJson('-0')).toBe(0);
    expect(parseJson('1.50')).toEqual(new JsonDecimal('1.50'));
    expect(parseJson('1e5')).toEqual(new JsonDecimal('1e5'));
    expect(parseJson('007')).toBe(7);
  });
  it('keeps object order, last duplicate wins, ignores trailing content, empty is missing', () => {
    expect([...(parseJson('{"b":1,"a":2,"b":3}') as Map<string, unknown>)]).toEqual([['b', 3], ['a', 2]]);
    expect(parseJson('[1] junk')).toEqual([1]);
    expect(parseJson('  ')).toBeUndefined();
    expect(parseJson('"\\u00e9\\ud83d\\ude00\\/"')).toBe('é😀/');
  });
  it.each([
    ['{"a":1', 'expected \',\' or \'}\' in an object, got end-of-input at offset 6'],
    ['[1,]', 'expected a JSON value, got character "]" at offset 3'],
    ['"a\nb"', 'unescaped control character in a string'],
    ['1.', 'decimal point not followed by a digit'],
    ['{a:1}', 'expected a double-quoted field name'],
    ['NaN', 'expected a JSON value'],
    ['"\\x"', 'unrecognized escape'],
  ])('rejects %j', (text, message) => {
    expect(() => parseJson(text)).toThrow(message);
  });
  it('limits nesting depth to 1000 as Jackson does', () => {
    expect(() => parseJson('['.repeat(1001) + ']'.repeat(1001))).toThrow('nesting depth exceeds 1000');
    expect(parseJson('['.repeat(1000) + ']'.repeat(1000))).toBeDefined();
  });
});
