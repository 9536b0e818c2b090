import { describe, expect, it } from 'vitest';
import { DecimalValue } from '../decimal-value.js';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../logical-types.js';
import type { Schema } from '../schema.js';
import { Schemas } from '../schemas.js';
import { Values } from './values.js';

const { parseString } = Values;

// Expected results are Kafka 4.3.1's (SimpleHeaderConverter.toConnectHeader, i.e. Values.parseString),
// recorded by running the Java converter over these exact inputs.
const array = (valueSchema?: Schema): Schema => (valueSchema ? { type: 'array', optional: false, valueSchema } : { type: 'array', optional: false });
const map = (keySchema?: Schema, valueSchema?: Schema): Schema => ({
  type: 'map', optional: false, ...(keySchema ? { keySchema } : {}), ...(valueSchema ? { valueSchema } : {}),
});
const str = (text: string) => ({ schema: Schemas.STRING, value: text });

describe('Values.parseString: lists', () => {
  it.each<[string, Schema, unknown[]]>([
    ['[1,2]', array(Schemas.INT8), [1, 2]],
    ['[1, 2, 3]', array(Schemas.INT8), [1, 2, 3]],
    ['[1,300]', array(Schemas.INT16), [1, 300]],
    ['[1,300,70000]', array(Schemas.INT32), [1, 300, 70000]],
    ['[1,10000000000]', array(Schemas.INT64), [1n, 10000000000n]],
    ['[1,1.5]', array(Schemas.FLOAT32), [1, 1.5]],
    ['[0.1]', array(Schemas.FLOAT32), [Math.fround(0.1)]],
    ['[1e20,1]', array(Schemas.FLOAT32), [Math.fround(1e20), 1]],
    ['[1.5,1e300]', array(Schemas.FLOAT64), [1.5, 1e300]],
    ['[1,2.5e300]', array(Schemas.FLOAT64), [1, 2.5e300]],
    ['[1.0,2]', array(Schemas.INT8), [1, 2]],
    ['[-1,+2]', array(Schemas.INT8), [-1, 2]],
    ['["a","b"]', array(Schemas.STRING), ['a', 'b']],
    ['[ "a",  "b" ]', array(Schemas.STRING), ['a', 'b']],
    ['[" a "]', array(Schemas.STRING), [' a ']],
    ['["  "]', array(Schemas.STRING), ['']], // Java skips a blank token before the closing quote
    ['["a,b"]', array(Schemas.STRING), ['a,b']],
    ['["a\\"b"]', array(Schemas.STRING), ['a\\"b']], // escapes are kept as written
    ['["ü","😀"]', array(Schemas.STRING), ['ü', '😀']],
    ['[true,false]', array(Schemas.BOOLEAN), [true, false]],
    ['[1,2,]', array(Schemas.INT8), [1, 2]],
    ['[[1],[300]]', array(array(Schemas.INT16)), [[1], [300]]], // the last element's schema wins, as in Java
    ['[{"a":1},{"b":2}]', array(map(Schemas.STRING, Schemas.INT8)), [new Map([['a', 1]]), new Map([['b', 2]])]],
    ['[2024-02-29,2024-03-01]', array(ConnectDate.builder().build()), [new Date('2024-02-29T00:00:00Z'), new Date('2024-03-01T00:00:00Z')]],
    ['[2024-02-29T10:11:12.345Z]', array(ConnectTimestamp.builder().build()), [new Date('2024-02-29T10:11:12.345Z')]],
    ['["2024-02-29T10:11:12.345Z"]', array(ConnectTimestamp.builder().build()), [new Date('2024-02-29T10:11:12.345Z')]],
    ['[2024-02-29,5]', array(ConnectDate.builder().build()), [new Date('2024-02-29T00:00:00Z'), new Date(5 * 86_400_000)]],
    ['[10:11:12.345Z,1]', array(ConnectTime.builder().build()), [new Date(36_672_345), new Date(1)]],
    ['[2024-02-29T10:11:12.345Z,1]', array(ConnectTimestamp.builder().build()), [new Date('2024-02-29T10:11:12.345Z'), new Date(1)]],
    ['[10\\:11\\:12.345Z]', array(ConnectTime.builder().build()), [new Date(36_672_345)]], // escaped colons
    ['[ 1 , 2 ]', array(Schemas.INT8), [1, 2]],
    ['[true , false]', array(Schemas.BOOLEAN), [true, false]],
    ['[1e39,1.5]', array(Schemas.FLOAT64), [1e39, 1.5]],
    ['[[],[1]]', array(array(Schemas.INT8)), [[], [1]]],
    ['[[1],[]]', array(array()), [[1], []]],
  ])('%s', (text, schema, value) => {
    expect(parseString(text)).toEqual({ schema, value });
  });

  it('gives an array without element schema when the elements have no common one', () => {
    expect(parseString('[true,1]')).toEqual({ schema: array(), value: [true, 1] });
    expect(parseString('[1,"a"]')).toEqual({ schema: array(), value: [1, 'a'] });
    expect(parseString('[null,null]')).toEqual({ schema: array(), value: [null, null] });
    expect(parseString('[]')).toEqual({ schema: array(), value: [] });
    expect(parseString('[12345678901234567890,1.5]')).toEqual({ schema: array(), value: [new DecimalValue(12345678901234567890n, 0), 1.5] });
    expect(parseString('[true,"true"]')).toEqual({ schema: array(), value: [true, 'true'] });
  });

  it('keeps int64 elements exact', () => {
    expect(parseString('[9223372036854775807,-9223372036854775808]')).toEqual({
      schema: array(Schemas.INT64), value: [9223372036854775807n, -9223372036854775808n],
    });
  });
});

describe('Values.parseString: maps', () => {
  it.each<[string, Schema, Map<unknown, unknown>]>([
    ['{"a":1}', map(Schemas.STRING, Schemas.INT8), new Map([['a', 1]])],
    ['{"a":1,"b":2}', map(Schemas.STRING, Schemas.INT8), new Map([['a', 1], ['b', 2]])],
    ['{"a":1 "b":2}', map(Schemas.STRING, Schemas.INT8), new Map([['a', 1], ['b', 2]])], // the comma is optional in Java
    ['{"a":1,}', map(Schemas.STRING, Schemas.INT8), new Map([['a', 1]])],
    ['{"a":1,"b":300}', map(Schemas.STRING, Schemas.INT16), new Map([['a', 1], ['b', 300]])],
    ['{"a":1,"b":"x"}', map(Schemas.STRING), new Map<string, unknown>([['a', 1], ['b', 'x']])],
    ['{"a":null,"b":null}', map(Schemas.STRING), new Map([['a', null], ['b', null]])],
    ['{1:"a",300:"b"}', map(Schemas.INT16, Schemas.STRING), new Map([[1, 'a'], [300, 'b']])],
    ['{}', map(), new Map()],
    ['{"a":[1,2],"b":[3]}', map(Schemas.STRING, array(Schemas.INT8)), new Map([['a', [1, 2]], ['b', [3]]])],
    ['{"a":{"b":1}}', map(Schemas.STRING, map(Schemas.STRING, Schemas.INT8)), new Map([['a', new Map([['b', 1]])]])],
    ['{"k":"ü"}', map(Schemas.STRING, Schemas.STRING), new Map([['k', 'ü']])],
    ['{"a":true,"b":false}', map(Schemas.STRING, Schemas.BOOLEAN), new Map([['a', true], ['b', false]])],
    ['{ "a" : 1 }', map(Schemas.STRING, Schemas.INT8), new Map([['a', 1]])],
    ['{"a":"x","a":"y"}', map(Schemas.STRING, Schemas.STRING), new Map([['a', 'y']])],
    ['{"a" : [1, 2] , "b" : []}', map(Schemas.STRING, array()), new Map([['a', [1, 2]], ['b', []]])],
  ])('%s', (text, schema, value) => {
    expect(parseString(text)).toEqual({ schema, value });
  });
});

describe('Values.parseString: what does not parse falls back to the whole text', () => {
  it.each([
    '[1,null]', '[null,1]', '{"a":1,"b":null}', // a null next to typed values: Java cannot align it
    '[2024-02-29T10:11:12.345Z,10000000000]', // a timestamp and a plain int64
    '{null:1}', '{a:1}', '[a,b]', // unquoted strings, null keys
    '[1,2', '[[1,2]', '{"a":1', '[1,,2]', '[,1]', '{"a"}', '{"a":1,,"b":2}', '[1 2]', '[1\\,2]', '[1\\]',
    '[[1,null]]', '["null",null]', '["a" "b"]', '[ 2024-02-29T10:11:12.345Z ]',
  ])('%s', (text) => {
    expect(parseString(text)).toEqual(str(text));
  });
});

describe('Values.parseString: the top level', () => {
  it('reads only the first value, as Java does', () => {
    expect(parseString('[1,2]x')).toEqual({ schema: array(Schemas.INT8), value: [1, 2] });
    expect(parseString(' [1,2] ')).toEqual({ schema: array(Schemas.INT8), value: [1, 2] });
    expect(parseString('{"a":1}}')).toEqual({ schema: map(Schemas.STRING, Schemas.INT8), value: new Map([['a', 1]]) });
    expect(parseString('12:30')).toEqual({ schema: Schemas.INT8, value: 12 });
    expect(parseString('1,2')).toEqual({ schema: Schemas.INT8, value: 1 });
    expect(parseString('[1]]')).toEqual({ schema: array(Schemas.INT8), value: [1] });
  });

  it('keeps scalars and plain text as before', () => {
    expect(parseString('true}')).toEqual(str('true}'));
    expect(parseString('3 apples')).toEqual(str('3 apples'));
    expect(parseString('  ')).toEqual(str('  '));
    expect(parseString('  true  ')).toEqual({ schema: Schemas.BOOLEAN, value: true });
    expect(parseString('"abc"')).toEqual(str('"abc"'));
    expect(parseString('.5')).toEqual(str('.5'));
    expect(parseString('5.')).toEqual({ schema: Schemas.INT8, value: 5 });
    expect(parseString('+5')).toEqual({ schema: Schemas.INT8, value: 5 });
    expect(parseString('1e5')).toEqual({ schema: Schemas.INT32, value: 100000 });
    expect(parseString('null')).toEqual({ schema: null, value: null });
    expect(parseString('12345678901234567890')).toEqual({ schema: Decimal.builder(0).build(), value: new DecimalValue(12345678901234567890n, 0) });
    expect(parseString('1e999999999')).toEqual({ schema: Decimal.builder(-999999999).build(), value: DecimalValue.parse('1e999999999') });
    expect(parseString('1e-999999999')).toEqual({ schema: Schemas.FLOAT32, value: 0 });
  });
});
