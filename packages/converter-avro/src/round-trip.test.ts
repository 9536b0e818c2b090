import { describe, expect, it } from 'vitest';
import { ConnectDate, ConnectTime, ConnectTimestamp, DataException, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct, type Schema } from '@tsconnect/sdk';
import { AvroCodecs } from './avro-codec.js';
import { AvroConverter } from './avro-converter.js';
import { writeAvroSchema } from './avro-json.js';
import { parseAvroSchema } from './avro-node.js';
import { fromConnectSchema } from './from-connect-schema.js';
import { toConnectSchema } from './to-connect-schema.js';
import { toAvroValue, toConnectValue } from './values.js';

const codecs = new AvroCodecs();

/** Connect value → Avro binary → Connect value, through the schema text a registry would hold. */
function roundTrip(schema: Schema, value: unknown): { bytes: Buffer; schema: Schema; value: unknown } {
  const text = writeAvroSchema(fromConnectSchema(schema));
  const node = parseAvroSchema(text);
  const bytes = codecs.encode(text, toAvroValue(schema, node, value, 'value'));
  const back = toConnectSchema(node);
  return { bytes, schema: back, value: toConnectValue(back, node, codecs.decode(text, bytes)) };
}

describe('round trips', () => {
  it.each([
    ['int8', Schemas.INT8, -128],
    ['int16', Schemas.INT16, 32767],
    ['int32', Schemas.INT32, -2147483648],
    ['float32', Schemas.FLOAT32, 1.5],
    ['float64', Schemas.FLOAT64, -0.1],
    ['boolean', Schemas.BOOLEAN, true],
    ['string', Schemas.STRING, 'héllo ✓'],
  ] as [string, Schema, unknown][])('%s', (_name, schema, value) => {
    expect(roundTrip(schema, value).value).toEqual(value);
  });

  it('int64 keeps all 64 bits and reads back as bigint', () => {
    for (const v of [9223372036854775807n, -9223372036854775808n, 9007199254740993n, 0n]) {
      expect(roundTrip(Schemas.INT64, v).value).toBe(v);
    }
    expect(roundTrip(Schemas.INT64, 42).value).toBe(42n);
    expect([...roundTrip(Schemas.INT64, 9007199254740993n).bytes]).toEqual([0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
  });

  it('bytes', () => {
    expect(roundTrip(Schemas.BYTES, new Uint8Array([1, 2, 255])).value).toEqual(new Uint8Array([1, 2, 255]));
  });

  it('logical types', () => {
    const dec = Decimal.builder(10).build();
    const big = new DecimalValue(-123456789012345678901234567890n, 10);
    const r = roundTrip(dec, big);
    expect(r.value).toEqual(big);
    expect(roundTrip(dec, new DecimalValue(0n, 10)).value).toEqual(new DecimalValue(0n, 10));
    expect([...roundTrip(Decimal.builder(2).build(), new DecimalValue(-1n, 2)).bytes]).toEqual([0x02, 0xff]);
    expect([...roundTrip(Decimal.builder(2).build(), new DecimalValue(128n, 2)).bytes]).toEqual([0x04, 0x00, 0x80]);
    expect(roundTrip(ConnectDate.builder().build(), new Date(Date.UTC(2024, 1, 29))).value).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(roundTrip(ConnectTime.builder().build(), new Date(45296789)).value).toEqual(new Date(45296789));
    expect(roundTrip(ConnectTimestamp.builder().build(), new Date(-1)).value).toEqual(new Date(-1));
  });

  it('rejects a decimal of another scale, naming both', () => {
    expect(() => roundTrip(Decimal.builder(2).build(), new DecimalValue(1n, 3))).toThrow(/Decimal 0.001 has scale 3, but the schema of value has scale 2/);
  });

  it('arrays, maps with string and non-string keys', () => {
    expect(roundTrip(SchemaBuilder.array(Schemas.OPTIONAL_INT32).build(), [1, null, 3]).value).toEqual([1, null, 3]);
    const sm = new Map([['a', 1n], ['b', -2n]]);
    expect(roundTrip(SchemaBuilder.map(Schemas.STRING, Schemas.INT64).build(), sm).value).toEqual(sm);
    const im = new Map([[1, 'one'], [-7, 'minus seven']]);
    const r = roundTrip(SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build(), im);
    expect(r.value).toEqual(im);
    expect(r.schema.keySchema!.type).toBe('int32');
  });

  it('structs with nested, optional and default fields', () => {
    const address = SchemaBuilder.struct().name('com.example.Address').field('city', Schemas.STRING).build();
    const person = SchemaBuilder.struct().name('com.example.Person')
      .field('id', Schemas.INT64)
      .field('nick', Schemas.OPTIONAL_STRING)
      .field('age', SchemaBuilder.int16().optional().defaultValue(18).build())
      .field('home', address)
      .field('work', SchemaBuilder.struct().name('com.example.Address').optional().field('city', Schemas.STRING).build())
      .field('balance', Decimal.builder(2).build())
      .build();
    const value = new Struct(person).put('id', 1n).put('nick', null).put('home', new Struct(address).put('city', 'Oslo'))
      .put('balance', new DecimalValue(1050n, 2));
    const r = roundTrip(person, value);
    const s = r.value as Struct;
    expect(s.get('id')).toBe(1n);
    expect(s.get('nick')).toBeNull();
    expect(s.get('age')).toBe(18); // the default, as Java's Struct.get on a field that was not set
    expect((s.get('home') as Struct).get('city')).toBe('Oslo');
    expect(s.get('work')).toBeNull();
    expect(s.get('balance')).toEqual(new DecimalValue(1050n, 2));
    expect(r.schema.fields!.find((f) => f.name === 'age')!.schema).toMatchObject({ type: 'int16', optional: true, defaultValue: 18 });
  });

  it('general unions come back as io.confluent.connect.avro.Union structs and go out again', () => {
    const text = '{"type":"record","name":"U","fields":[{"name":"u","type":["null","int","string"]}]}';
    const node = parseAvroSchema(text);
    const schema = toConnectSchema(node);
    const bytes = codecs.encode(text, { u: { string: 'x' } });
    const value = toConnectValue(schema, node, codecs.decode(text, bytes)) as Struct;
    const u = value.get('u') as Struct;
    expect(u.get('string')).toBe('x');
    expect(u.get('int')).toBeNull();
    expect(codecs.encode(text, toAvroValue(schema, node, value, 'value'))).toEqual(bytes);
  });

  it('enums come back as strings and go out as the same enum', () => {
    const text = '{"type":"record","name":"E","fields":[{"name":"c","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}}]}';
    const node = parseAvroSchema(text);
    const schema = toConnectSchema(node);
    const value = toConnectValue(schema, node, codecs.decode(text, Buffer.from([2]))) as Struct;
    expect(value.get('c')).toBe('GREEN');
    const again = fromConnectSchema(schema);
    expect(writeAvroSchema(again)).toContain('{"name":"c","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"],"connect.parameters":');
  });

  it('null for a required field is a DataException naming the field', () => {
    const schema = SchemaBuilder.struct().field('must', Schemas.STRING).build();
    const node = fromConnectSchema(schema);
    const struct = new Struct(SchemaBuilder.struct().field('must', Schemas.OPTIONAL_STRING).build());
    expect(() => toAvroValue(schema, node, struct, 'value')).toThrow(DataException);
    expect(() => toAvroValue(schema, node, struct, 'value')).toThrow(/field "must"/);
  });
});

describe('wire format', () => {
  // Framing itself is tested in @tsconnect/schema-registry-client; here: the converter's wording.
  it('names the topic and the bad magic byte', async () => {
    const converter = new AvroConverter();
    converter.configure({ 'schema.registry.url': 'http://127.0.0.1:1' }, false);
    await expect(converter.toConnectData('orders', new Uint8Array([1, 0, 0, 0, 1]))).rejects.toThrow('Failed to deserialize data for topic orders to Avro: Unknown magic byte 1 (expected 0)');
    await expect(converter.toConnectData('orders', new Uint8Array([0, 1]))).rejects.toThrow(/topic orders .*2 bytes are too few/);
  });
});
