import { describe, expect, it } from 'vitest';
import { parseJson } from '@tsconnect/converter-json';
import { ConnectDate, ConnectTime, ConnectTimestamp, DebeziumTypes, Decimal, SchemaBuilder, Schemas, schemaEquals, type Schema } from '@tsconnect/sdk';
import { fromConnectSchemaText } from './from-connect-schema.js';
import { toConnectSchema } from './to-connect-schema.js';

const opts = { decimalNumeric: false, additionalProperties: true };
const text = (s: Schema, o = opts): string => fromConnectSchemaText(s, o);
const back = (s: Schema, o = opts): Schema => toConnectSchema(parseJson(text(s, o))!, { optionalForNonRequired: false });

describe('Connect schema → JSON Schema text (as Confluent JsonSchemaData + everit print it)', () => {
  it.each([
    [Schemas.INT8, '{"type":"integer","connect.type":"int8"}'],
    [Schemas.INT16, '{"type":"integer","connect.type":"int16"}'],
    [Schemas.INT32, '{"type":"integer","connect.type":"int32"}'],
    [Schemas.INT64, '{"type":"integer","connect.type":"int64"}'],
    [Schemas.FLOAT32, '{"type":"number","connect.type":"float32"}'],
    [Schemas.FLOAT64, '{"type":"number","connect.type":"float64"}'],
    [Schemas.BOOLEAN, '{"type":"boolean"}'],
    [Schemas.STRING, '{"type":"string"}'],
    [Schemas.BYTES, '{"type":"string","connect.type":"bytes"}'],
    [Schemas.OPTIONAL_STRING, '{"oneOf":[{"type":"null"},{"type":"string"}]}'],
    [Decimal.builder(2).build(), '{"type":"string","title":"org.apache.kafka.connect.data.Decimal","connect.version":1,"connect.type":"bytes","connect.parameters":{"scale":"2"}}'],
    [ConnectDate.builder().build(), '{"type":"integer","title":"org.apache.kafka.connect.data.Date","connect.version":1,"connect.type":"int32"}'],
    [ConnectTime.builder().build(), '{"type":"integer","title":"org.apache.kafka.connect.data.Time","connect.version":1,"connect.type":"int32"}'],
    [ConnectTimestamp.builder().build(), '{"type":"integer","title":"org.apache.kafka.connect.data.Timestamp","connect.version":1,"connect.type":"int64"}'],
    [DebeziumTypes.MicroTimestamp.builder().build(), '{"type":"integer","title":"io.debezium.time.MicroTimestamp","connect.version":1,"connect.type":"int64"}'],
    [DebeziumTypes.ZonedTimestamp.builder().optional().build(), '{"oneOf":[{"type":"null"},{"type":"string","title":"io.debezium.time.ZonedTimestamp","connect.version":1}]}'],
    [SchemaBuilder.bool().doc('flag').build(), '{"description":"flag","type":"boolean"}'],
    [SchemaBuilder.array(Schemas.INT32).build(), '{"type":"array","items":{"type":"integer","connect.type":"int32"}}'],
    [SchemaBuilder.map(Schemas.STRING, Schemas.OPTIONAL_INT64).build(), '{"type":"object","connect.type":"map","additionalProperties":{"oneOf":[{"type":"null"},{"type":"integer","connect.type":"int64"}]}}'],
    [SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build(), '{"type":"array","connect.type":"map","items":{"type":"object","properties":{"value":{"type":"string","connect.index":1},"key":{"type":"integer","connect.index":0,"connect.type":"int32"}}}}'],
    [SchemaBuilder.int32().defaultValue(7).build(), '{"type":"integer","default":7,"connect.type":"int32"}'],
  ])('%j', (schema, expected) => {
    expect(text(schema)).toBe(expected);
    expect(schemaEquals(back(schema), schema)).toBe(true);
  });

  // java.util.HashMap iterates id, note, ok, inner as note, id, ok, inner (checked on OpenJDK 17).
  it('a struct: properties in Java HashMap order, connect.index for the field order, optional = oneOf null', () => {
    const s = SchemaBuilder.struct().name('com.example.Order').doc('an order')
      .field('id', Schemas.INT64).field('note', Schemas.OPTIONAL_STRING).field('ok', Schemas.BOOLEAN)
      .field('inner', SchemaBuilder.struct().name('com.example.Inner').optional().field('x', Schemas.INT16).build())
      .build();
    expect(text(s)).toBe('{"type":"object","title":"com.example.Order","description":"an order","properties":{' +
      '"note":{"connect.index":1,"oneOf":[{"type":"null"},{"type":"string"}]},' +
      '"id":{"type":"integer","connect.index":0,"connect.type":"int64"},' +
      '"ok":{"connect.index":2,"type":"boolean"},' +
      '"inner":{"connect.index":3,"oneOf":[{"type":"null"},{"type":"object","title":"com.example.Inner","properties":{"x":{"type":"integer","connect.index":0,"connect.type":"int16"}}}]}}}');
    expect(schemaEquals(back(s), s)).toBe(true);
    expect(text(s, { ...opts, additionalProperties: false }).startsWith('{"type":"object","additionalProperties":false,"title":"com.example.Order"')).toBe(true);
  });

  it('decimal.format=NUMERIC makes Decimal a number; io.confluent.connect.json parameters are dropped', () => {
    const d = Decimal.builder(3).parameter('connect.decimal.precision', '10').parameter('io.confluent.connect.json.Id', 'x').build();
    expect(text(d, { ...opts, decimalNumeric: true })).toBe('{"type":"number","title":"org.apache.kafka.connect.data.Decimal","connect.version":1,"connect.type":"bytes","connect.parameters":{"scale":"3","connect.decimal.precision":"10"}}');
    const roundTripped = back(d, { ...opts, decimalNumeric: true });
    expect(roundTripped.parameters).toEqual({ scale: '3', 'connect.decimal.precision': '10' });
  });

  it('reads plain hand-written JSON Schemas (no connect.* keywords)', () => {
    const s = toConnectSchema(parseJson('{"type":"object","title":"P","properties":{"a":{"type":"integer"},"b":{"type":"number"},"c":{"type":"array","items":{"type":"string"}}},"required":["a"]}')!, { optionalForNonRequired: true }, 3);
    expect(s.name).toBe('P');
    expect(s.version).toBe(3);
    expect(s.fields!.map((f) => [f.name, f.schema.type, f.schema.optional])).toEqual([['a', 'int64', false], ['b', 'float64', true], ['c', 'array', true]]);
  });

  it('unsupported constructs are named', () => {
    expect(() => toConnectSchema(parseJson('{"type":"object","properties":{"a":{"$ref":"#/x"}}}')!, { optionalForNonRequired: false }))
      .toThrow('Unsupported JSON Schema at schema.a: "$ref" is not supported yet');
    expect(() => toConnectSchema(parseJson('{"type":"frob"}')!, { optionalForNonRequired: false })).toThrow('Unsupported JSON Schema at schema: type "frob"');
  });
});
