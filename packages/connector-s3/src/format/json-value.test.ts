import { ConnectDate, ConnectTimestamp, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { describe, expect, it } from 'vitest';
import { toJsonText, twosComplement } from './json-value.js';

describe('toJsonText (JsonConverter, schemas.enable=false)', () => {
  const schema = SchemaBuilder.struct()
    .field('id', Schemas.INT64)
    .field('price', Decimal.builder(2).build())
    .field('day', ConnectDate.builder().build())
    .field('at', ConnectTimestamp.builder().build())
    .field('raw', Schemas.BYTES)
    .field('tags', SchemaBuilder.array(Schemas.STRING).build())
    .field('attrs', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build())
    .field('byId', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build())
    .field('ratio', Schemas.FLOAT64)
    .field('note', Schemas.OPTIONAL_STRING)
    .build();
  const value = new Struct(schema)
    .put('id', 9007199254740993n)
    .put('price', new DecimalValue(-12345n, 2))
    .put('day', new Date(Date.UTC(2024, 0, 2)))
    .put('at', new Date(1_700_000_000_123))
    .put('raw', Uint8Array.from([0, 255, 16]))
    .put('tags', ['a', 'b"c'])
    .put('attrs', new Map([['x', 1]]))
    .put('byId', new Map([[7, 'seven']]))
    .put('ratio', Number.NaN);

  it('writes a struct as a plain object in field order', () => {
    expect(toJsonText(schema, value)).toBe(
      '{"id":9007199254740993,"price":"z8c=","day":19724,"at":1700000000123,"raw":"AP8Q","tags":["a","b\\"c"],' +
        '"attrs":{"x":1},"byId":[[7,"seven"]],"ratio":"NaN","note":null}',
    );
  });
  it('writes decimals as numbers with json.decimal.format=NUMERIC', () => {
    expect(toJsonText(schema, value, 'NUMERIC')).toContain('"price":-123.45,');
  });
  it('writes schemaless values as Jackson would', () => {
    expect(toJsonText(null, { a: 1, b: [true, null], c: new Map([['k', 2n]]) })).toBe('{"a":1,"b":[true,null],"c":{"k":2}}');
    expect(toJsonText(Schemas.STRING, 'hi')).toBe('"hi"');
    expect(toJsonText(null, null)).toBe('null');
  });
  it('encodes two\'s complement like BigInteger.toByteArray', () => {
    expect([...twosComplement(0n)]).toEqual([0]);
    expect([...twosComplement(128n)]).toEqual([0, 128]);
    expect([...twosComplement(-1n)]).toEqual([255]);
    expect([...twosComplement(-129n)]).toEqual([255, 127]);
  });
});
