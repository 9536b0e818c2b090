import { describe, expect, it } from 'vitest';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { fromConnectSchema } from './from-connect-schema.js';
import { writeAvroSchema } from './avro-json.js';
import { parseAvroSchema } from './avro-node.js';
import { toConnectSchema } from './to-connect-schema.js';

const avro = (s: Parameters<typeof fromConnectSchema>[0]): string => writeAvroSchema(fromConnectSchema(s));

describe('Connect schema → Avro schema (as Confluent AvroData)', () => {
  it('maps primitives, with connect.type for int8/int16', () => {
    expect(avro(Schemas.INT8)).toBe('{"type":"int","connect.type":"int8"}');
    expect(avro(Schemas.INT16)).toBe('{"type":"int","connect.type":"int16"}');
    expect(avro(Schemas.INT32)).toBe('"int"');
    expect(avro(Schemas.INT64)).toBe('"long"');
    expect(avro(Schemas.FLOAT32)).toBe('"float"');
    expect(avro(Schemas.FLOAT64)).toBe('"double"');
    expect(avro(Schemas.BOOLEAN)).toBe('"boolean"');
    expect(avro(Schemas.STRING)).toBe('"string"');
    expect(avro(Schemas.BYTES)).toBe('"bytes"');
    expect(avro(Schemas.OPTIONAL_STRING)).toBe('["null","string"]');
  });

  it('maps logical types', () => {
    expect(avro(Decimal.builder(2).build())).toBe(
      '{"type":"bytes","scale":2,"precision":64,"connect.version":1,"connect.parameters":{"scale":"2"},' +
        '"connect.name":"org.apache.kafka.connect.data.Decimal","logicalType":"decimal"}',
    );
    expect(avro(Decimal.builder(3).parameter('connect.decimal.precision', '10').build())).toBe(
      '{"type":"bytes","scale":3,"precision":10,"connect.version":1,"connect.parameters":{"scale":"3","connect.decimal.precision":"10"},' +
        '"connect.name":"org.apache.kafka.connect.data.Decimal","logicalType":"decimal"}',
    );
    expect(avro(ConnectDate.builder().build())).toBe('{"type":"int","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Date","logicalType":"date"}');
    expect(avro(ConnectTime.builder().build())).toBe('{"type":"int","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Time","logicalType":"time-millis"}');
    expect(avro(ConnectTimestamp.builder().build())).toBe(
      '{"type":"long","connect.version":1,"connect.name":"org.apache.kafka.connect.data.Timestamp","logicalType":"timestamp-millis"}',
    );
  });

  it('maps an unnamed struct to ConnectDefault with optional fields as null-first unions', () => {
    const schema = SchemaBuilder.struct()
      .field('id', Schemas.INT64)
      .field('name', Schemas.OPTIONAL_STRING)
      .field('score', SchemaBuilder.float64().optional().defaultValue(1.5).build())
      .field('tags', SchemaBuilder.array(Schemas.STRING).build())
      .build();
    expect(avro(schema)).toBe(
      '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[' +
        '{"name":"id","type":"long"},' +
        '{"name":"name","type":["null","string"],"default":null},' +
        '{"name":"score","type":[{"type":"double","connect.default":1.5},"null"],"default":1.5},' +
        '{"name":"tags","type":{"type":"array","items":"string"}}]}',
    );
  });

  it('keeps name, version, doc, parameters and default as connect.* properties', () => {
    const inner = SchemaBuilder.struct().name('com.example.Inner').field('x', Schemas.INT32).build();
    const schema = SchemaBuilder.struct().name('com.example.Outer').version(3).doc('the doc').parameter('k', 'v')
      .field('a', inner)
      .field('b', inner)
      .field('c', SchemaBuilder.struct().name('com.example.Inner').optional().field('x', Schemas.INT32).build())
      .field('n', SchemaBuilder.int32().defaultValue(7).build())
      .build();
    expect(avro(schema)).toBe(
      '{"type":"record","name":"Outer","namespace":"com.example","fields":[' +
        '{"name":"a","type":{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"}],"connect.name":"com.example.Inner"}},' +
        '{"name":"b","type":"Inner"},' +
        '{"name":"c","type":["null","Inner"],"default":null},' +
        '{"name":"n","type":{"type":"int","connect.default":7},"default":7}],' +
        '"connect.doc":"the doc","connect.version":3,"connect.parameters":{"k":"v"},"connect.name":"com.example.Outer"}',
    );
  });

  it('maps string-keyed maps to Avro maps and other maps to arrays of MapEntry records', () => {
    expect(avro(SchemaBuilder.map(Schemas.STRING, Schemas.INT32).build())).toBe('{"type":"map","values":"int"}');
    expect(avro(SchemaBuilder.map(Schemas.INT32, Schemas.OPTIONAL_STRING).build())).toBe(
      '{"type":"array","items":{"type":"record","name":"MapEntry","namespace":"io.confluent.connect.avro","fields":[' +
        '{"name":"key","type":"int"},{"name":"value","type":["null","string"],"default":null}]}}',
    );
  });

  it('numbers unnamed records ConnectDefault, ConnectDefault2, …', () => {
    const inner = SchemaBuilder.struct().field('x', Schemas.INT32).build();
    const schema = SchemaBuilder.struct().field('i', inner).build();
    expect(avro(schema)).toBe(
      '{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[' +
        '{"name":"i","type":{"type":"record","name":"ConnectDefault2","fields":[{"name":"x","type":"int"}]}}]}',
    );
  });

  it('writes a 64-bit default exactly', () => {
    const schema = SchemaBuilder.struct().field('big', SchemaBuilder.int64().defaultValue(9007199254740993n).build()).build();
    expect(avro(schema)).toContain('{"name":"big","type":{"type":"long","connect.default":9007199254740993},"default":9007199254740993}');
  });
});

describe('Avro schema → Connect schema', () => {
  it('reads back what it wrote', () => {
    const schema = SchemaBuilder.struct().name('com.example.Row').version(2)
      .field('i8', Schemas.INT8).field('i16', Schemas.INT16).field('dec', Decimal.builder(4).build())
      .field('day', ConnectDate.builder().optional().build())
      .build();
    const back = toConnectSchema(parseAvroSchema(avro(schema)));
    expect(back.name).toBe('com.example.Row');
    expect(back.version).toBe(2);
    expect(back.fields!.map((f) => [f.name, f.schema.type, f.schema.name ?? null, f.schema.optional])).toEqual([
      ['i8', 'int8', null, false], ['i16', 'int16', null, false], ['dec', 'bytes', Decimal.LOGICAL_NAME, false],
      ['day', 'int32', ConnectDate.LOGICAL_NAME, true],
    ]);
    expect(back.fields![2]!.schema.parameters).toEqual({ scale: '4' });
  });

  it('turns plain Avro records, enums, fixed and general unions into Connect schemas like Confluent', () => {
    const text = JSON.stringify({
      type: 'record', name: 'Plain', namespace: 'ns', doc: 'rec doc', fields: [
        { name: 'e', type: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] } },
        { name: 'f', type: { type: 'fixed', name: 'Hash', size: 4 } },
        { name: 'u', type: ['null', 'int', 'string'] },
        { name: 'd', type: 'int', default: 5 },
      ],
    });
    const s = toConnectSchema(parseAvroSchema(text), 1);
    expect(s.name).toBe('ns.Plain');
    expect(s.version).toBe(1);
    expect(s.parameters).toEqual({ 'io.confluent.connect.avro.record.doc': 'rec doc' });
    const [e, f, u, d] = s.fields!.map((x) => x.schema);
    expect(e).toMatchObject({ type: 'string', name: 'ns.Color', parameters: { 'io.confluent.connect.avro.Enum': 'ns.Color', 'io.confluent.connect.avro.Enum.RED': 'RED', 'io.confluent.connect.avro.Enum.GREEN': 'GREEN' } });
    expect(f).toMatchObject({ type: 'bytes', name: 'ns.Hash', parameters: { 'connect.fixed.size': '4' } });
    expect(u!.name).toBe('io.confluent.connect.avro.Union');
    expect(u!.optional).toBe(true);
    expect(u!.fields!.map((x) => `${x.name}:${x.schema.type}:${x.schema.optional}`)).toEqual(['int:int32:true', 'string:string:true']);
    expect(d).toMatchObject({ type: 'int32', defaultValue: 5, parameters: { 'io.confluent.connect.avro.field.default': 'true' } });
  });

  it('reads defaults of every kind', () => {
    const schema = SchemaBuilder.struct()
      .field('dec', Decimal.builder(2).defaultValue(new DecimalValue(-12345n, 2)).build())
      .field('ts', ConnectTimestamp.builder().defaultValue(new Date(1700000000123)).build())
      .field('m', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).defaultValue(new Map([[1, 'a']])).build())
      .field('b', SchemaBuilder.bytes().defaultValue(new Uint8Array([0, 255])).build())
      .build();
    const back = toConnectSchema(parseAvroSchema(avro(schema)));
    const [dec, ts, m, b] = back.fields!.map((f) => f.schema.defaultValue);
    expect(dec).toEqual(new DecimalValue(-12345n, 2));
    expect(ts).toEqual(new Date(1700000000123));
    expect(m).toEqual(new Map([[1, 'a']]));
    expect(b).toEqual(new Uint8Array([0, 255]));
    expect(new Struct(back).get('dec')).toEqual(new DecimalValue(-12345n, 2));
  });
});
