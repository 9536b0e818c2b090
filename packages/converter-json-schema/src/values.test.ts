import { describe, expect, it } from 'vitest';
import { parseJson } from '@tsconnect/converter-json';
import { ConnectDate, ConnectTimestamp, DataException, DebeziumTypes, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { readValue, write } from './values.js';

const row = SchemaBuilder.struct().name('db.public.orders.Value')
  .field('id', Schemas.INT32).field('big', Schemas.INT64).field('price', Decimal.builder(2).optional().build())
  .field('day', ConnectDate.builder().build()).field('at', ConnectTimestamp.builder().optional().build())
  .field('f', Schemas.FLOAT32).field('d', Schemas.FLOAT64).field('raw', Schemas.OPTIONAL_BYTES)
  .field('tags', SchemaBuilder.array(Schemas.OPTIONAL_STRING).build())
  .field('m', SchemaBuilder.map(Schemas.STRING, Schemas.INT16).build())
  .field('mi', SchemaBuilder.map(Schemas.INT32, Schemas.BOOLEAN).optional().build())
  .field('ts', DebeziumTypes.MicroTimestamp.builder().build())
  .build();
const envelope = SchemaBuilder.struct().name('db.public.orders.Envelope')
  .field('before', SchemaBuilder.struct().name('db.public.orders.Value').optional().field('id', Schemas.INT32).build())
  .field('after', row).field('op', Schemas.STRING).field('ts_ms', Schemas.OPTIONAL_INT64).build();

function sample(): Struct {
  return new Struct(row).put('id', 1).put('big', 9223372036854775807n).put('price', new DecimalValue(-1999n, 2))
    .put('day', new Date(Date.UTC(2024, 0, 2))).put('at', new Date(1700000000123)).put('f', 0.1).put('d', 1e21)
    .put('raw', new Uint8Array([0, 255])).put('tags', ['a', null]).put('m', new Map([['k', 3]]))
    .put('mi', new Map([[5, true]])).put('ts', 1700000000123456n);
}

describe('values', () => {
  it('writes JSON as Jackson does for Confluent (Decimal BASE64, float32 as Float.toString, int64 exact)', () => {
    expect(write(row, sample(), false, 'value')).toBe(
      '{"id":1,"big":9223372036854775807,"price":"+DE=","day":19724,"at":1700000000123,"f":0.1,"d":1.0E21,"raw":"AP8=",' +
      '"tags":["a",null],"m":{"k":3},"mi":[{"key":5,"value":true}],"ts":1700000000123456}');
    expect(write(Decimal.builder(2).build(), new DecimalValue(-1999n, 2), true, 'value')).toBe('-19.99');
  });

  it('round trips a Debezium-style envelope', () => {
    const after = sample();
    const env = new Struct(envelope).put('after', after).put('op', 'c').put('ts_ms', 5n);
    const text = write(envelope, env, false, 'value')!;
    expect(text.startsWith('{"before":null,"after":{"id":1,')).toBe(true);
    const read = readValue(envelope, parseJson(text), 'value') as Struct;
    const a = read.get('after') as Struct;
    expect(read.get('before')).toBeNull();
    expect(read.get('op')).toBe('c');
    expect(read.get('ts_ms')).toBe(5n);
    expect(a.get('big')).toBe(9223372036854775807n);
    expect(a.get('price')).toEqual(new DecimalValue(-1999n, 2));
    expect(a.get('day')).toEqual(new Date(Date.UTC(2024, 0, 2)));
    expect(a.get('at')).toEqual(new Date(1700000000123));
    expect(a.get('f')).toBe(0.1);
    expect(a.get('d')).toBe(1e21);
    expect(a.get('raw')).toEqual(new Uint8Array([0, 255]));
    expect(a.get('tags')).toEqual(['a', null]);
    expect(a.get('m')).toEqual(new Map([['k', 3]]));
    expect(a.get('mi')).toEqual(new Map([[5, true]]));
    expect(a.get('ts')).toBe(1700000000123456n);
    expect(write(envelope, read, false, 'value')).toBe(text);
  });

  it('null handling as Java: optional → null, required without default → omitted, default used', () => {
    const s = SchemaBuilder.struct().field('a', Schemas.OPTIONAL_INT32).field('b', SchemaBuilder.string().defaultValue('x').build()).build();
    expect(write(s, new Struct(s), false, 'value')).toBe('{"a":null,"b":"x"}');
    expect(write(Schemas.INT32, null, false, 'value')).toBeUndefined();
    expect(write(Schemas.OPTIONAL_INT32, null, false, 'value')).toBe('null');
  });

  it('bad values and bad JSON name the field and the value', () => {
    const s = SchemaBuilder.struct().field('n', Schemas.INT32).build();
    const bad = new Struct(s);
    (bad as unknown as { values: unknown[] }).values[0] = 'x';
    expect(() => write(s, bad, false, 'value')).toThrow(new DataException('Invalid type for INT32: "x" for field "n"'));
    expect(() => readValue(s, parseJson('{"n":"7"}'), 'value')).toThrow('Invalid JSON for INT32: found STRING "\\"7\\"" for field "n"');
    expect(() => readValue(s, parseJson('[1]'), 'value')).toThrow('Structs should be encoded as JSON objects, but found ARRAY for value');
    expect(() => readValue(s, parseJson('{"n":null}'), 'value')).toThrow('Invalid null value for required INT32 field "n"');
    expect(() => write(Decimal.builder(2).build(), new DecimalValue(1n, 3), false, 'value')).toThrow(/mismatching scale/);
  });
});
