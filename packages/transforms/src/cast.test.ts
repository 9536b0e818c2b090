import { describe, expect, it } from 'vitest';
import { ConnectTimestamp, DecimalValue, Decimal, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { CastKey, CastValue } from './cast.js';
import { configured, fieldsOf, sourceRec } from './records.test-support.js';

describe('Cast', () => {
  it('casts struct fields with Java conversions and keeps optionality/defaults', () => {
    const schema = SchemaBuilder.struct().name('row')
      .field('int8', Schemas.INT8).field('int32', SchemaBuilder.int32().optional().defaultValue(2).build())
      .field('int64', Schemas.INT64).field('float32', Schemas.FLOAT32).field('float64', Schemas.FLOAT64)
      .field('boolean', Schemas.BOOLEAN).field('string', Schemas.STRING).field('bigint', Schemas.INT64)
      .field('bytes', Schemas.BYTES).field('timestamp', ConnectTimestamp.builder().build())
      .field('decimal', Decimal.builder(2).build()).field('untouched', Schemas.STRING).build();
    const value = new Struct(schema).put('int8', 8).put('int32', 300).put('int64', 5).put('float32', 32.5).put('float64', -64.9)
      .put('boolean', true).put('string', '42').put('bigint', 2n ** 40n + 129n).put('bytes', new Uint8Array([1, 2, 3]))
      .put('timestamp', new Date(1_700_000_000_000)).put('decimal', DecimalValue.parse('12.34')).put('untouched', 'x');
    const t = configured(new CastValue(), {
      spec: 'int8:int16,int32:int8,int64:boolean,float32:int32,float64:int64,boolean:string,string:int32,bigint:int8,bytes:string,timestamp:int64,decimal:string',
    });
    const out = t.apply(sourceRec({ valueSchema: schema, value }));
    expect(out.valueSchema!.name).toBe('row');
    expect(out.valueSchema!.fields!.map((f) => [f.name, f.schema])).toEqual([
      ['int8', Schemas.INT16], ['int32', { type: 'int8', optional: true, defaultValue: 2 }], ['int64', Schemas.BOOLEAN],
      ['float32', Schemas.INT32], ['float64', Schemas.INT64], ['boolean', Schemas.STRING], ['string', Schemas.INT32],
      ['bigint', Schemas.INT8], ['bytes', Schemas.STRING], ['timestamp', Schemas.INT64], ['decimal', Schemas.STRING],
      ['untouched', Schemas.STRING],
    ]);
    expect(fieldsOf(out.value)).toEqual({
      int8: 8, int32: 44, int64: true, float32: 32, float64: -64, boolean: 'true', string: 42, bigint: -127,
      bytes: 'AQID', timestamp: 1_700_000_000_000, decimal: '12.34', untouched: 'x',
    });
  });

  it('casts floats to string as Java prints them', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.FLOAT64).field('b', Schemas.FLOAT32).field('c', Schemas.FLOAT64).field('d', Schemas.FLOAT64).build();
    const value = new Struct(schema).put('a', 1).put('b', Math.fround(0.1)).put('c', 1e7).put('d', 0.0001);
    const out = configured(new CastValue(), { spec: 'a:string,b:string,c:string,d:string' }).apply(sourceRec({ valueSchema: schema, value }));
    expect(fieldsOf(out.value)).toEqual({ a: '1.0', b: '0.1', c: '1.0E7', d: '1.0E-4' });
  });

  it('casts the whole key or value, with or without schema', () => {
    const whole = configured(new CastKey(), { spec: 'int8' }).apply(sourceRec({ keySchema: Schemas.OPTIONAL_INT64, key: 129 }));
    expect([whole.keySchema, whole.key]).toEqual([Schemas.OPTIONAL_INT8, -127]);
    expect(configured(new CastValue(), { spec: 'string' }).apply(sourceRec({ value: 12.5 })).value).toBe('12.5');
    expect(configured(new CastValue(), { spec: 'float32' }).apply(sourceRec({ value: '1.1' })).value).toBe(Math.fround(1.1));
    const map = configured(new CastValue(), { spec: 'a:boolean,b:int16' }).apply(sourceRec({ value: new Map<string, unknown>([['a', 'TRUE'], ['b', 2.9], ['c', 1]]) }));
    expect(map.value).toEqual(new Map<string, unknown>([['a', true], ['b', 2], ['c', 1]]));
  });

  it('reports unsupported inputs and out-of-range strings', () => {
    expect(() => configured(new CastValue(), { spec: 'int8' }).apply(sourceRec({ value: '300' }))).toThrow(
      'Value (300) was out of range for requested data type',
    );
    expect(() => configured(new CastValue(), { spec: 'a:string' }).apply(sourceRec({ value: { a: [1] } }))).toThrow(
      'Cast transformation does not support casting from ARRAY; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]',
    );
  });

  it('rejects bad specs naming the key and value', () => {
    expect(() => new CastValue().configure({ spec: '' })).toThrow('Invalid value [] for configuration spec: Must specify at least one field to cast.');
    expect(() => new CastValue().configure({ spec: 'a:int128' })).toThrow('Invalid value [a:int128] for configuration spec: Invalid type found in casting spec: int128');
    expect(() => new CastValue().configure({ spec: 'a:bytes' })).toThrow(
      'Cast transformation does not support casting to BYTES; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]',
    );
    expect(() => new CastValue().configure({ spec: 'int8,a:int16' })).toThrow(
      'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
    );
  });
});
