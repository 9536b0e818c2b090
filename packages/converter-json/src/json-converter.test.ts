import { describe, expect, it } from 'vitest';
import {
  ConfigException, ConnectDate, ConnectTime, ConnectTimestamp, DataException, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct,
  type Schema,
} from '@tsconnect/sdk';
import { JsonConverter } from './json-converter.js';

function converter(config: Record<string, unknown> = {}, isKey = false): JsonConverter {
  const c = new JsonConverter();
  c.configure(config, isKey);
  return c;
}
const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('utf8'));
const write = (c: JsonConverter, schema: Schema | null, value: unknown) => text(c.fromConnectData('t', schema, value));
const read = (c: JsonConverter, json: string) => c.toConnectData('t', Buffer.from(json, 'utf8'));

const ROW = SchemaBuilder.struct().name('com.example.Row').version(2)
  .field('id', Schemas.INT64)
  .field('name', Schemas.OPTIONAL_STRING)
  .field('price', Decimal.builder(2).optional().build())
  .field('day', ConnectDate.builder().optional().build())
  .field('tags', SchemaBuilder.map(Schemas.STRING, Schemas.INT32).optional().build())
  .build();
const ROW_SCHEMA_JSON =
  '{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},{"type":"string","optional":true,"field":"name"},' +
  '{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"},"field":"price"},' +
  '{"type":"int32","optional":true,"name":"org.apache.kafka.connect.data.Date","version":1,"field":"day"},' +
  '{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":true,"field":"tags"}],' +
  '"optional":false,"name":"com.example.Row","version":2}';

describe('JsonConverter.fromConnectData', () => {
  const c = converter();

  it.each<[string, Schema, unknown, string]>([
    ['int8', Schemas.INT8, -128, '{"schema":{"type":"int8","optional":false},"payload":-128}'],
    ['int16', Schemas.INT16, 300, '{"schema":{"type":"int16","optional":false},"payload":300}'],
    ['int32', Schemas.OPTIONAL_INT32, 7, '{"schema":{"type":"int32","optional":true},"payload":7}'],
    ['int64 bigint', Schemas.INT64, 9223372036854775807n, '{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}'],
    ['int64 number', Schemas.INT64, -42, '{"schema":{"type":"int64","optional":false},"payload":-42}'],
    ['float32', Schemas.FLOAT32, 0.1, '{"schema":{"type":"float","optional":false},"payload":0.1}'],
    ['float64', Schemas.FLOAT64, 1e10, '{"schema":{"type":"double","optional":false},"payload":1.0E10}'],
    ['float64 NaN', Schemas.FLOAT64, NaN, '{"schema":{"type":"double","optional":false},"payload":"NaN"}'],
    ['boolean', Schemas.BOOLEAN, true, '{"schema":{"type":"boolean","optional":false},"payload":true}'],
    ['string', Schemas.STRING, 'a"é😀', '{"schema":{"type":"string","optional":false},"payload":"a\\"é\\uD83D\\uDE00"}'],
    ['bytes', Schemas.BYTES, new Uint8Array([1, 2, 3]), '{"schema":{"type":"bytes","optional":false},"payload":"AQID"}'],
    ['array', SchemaBuilder.array(Schemas.OPTIONAL_INT16).build(), [1, null],
      '{"schema":{"type":"array","items":{"type":"int16","optional":true},"optional":false},"payload":[1,null]}'],
    ['map string keys', SchemaBuilder.map(Schemas.STRING, Schemas.BOOLEAN).build(), new Map([['x', true]]),
      '{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"boolean","optional":false},"optional":false},"payload":{"x":true}}'],
    ['map int keys', SchemaBuilder.map(Schemas.INT32, Schemas.STRING).build(), new Map([[1, 'a']]),
      '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string","optional":false},"optional":false},"payload":[[1,"a"]]}'],
    ['Decimal', Decimal.builder(2).build(), DecimalValue.parse('-1.28'),
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"gA=="}'],
    ['Date', ConnectDate.builder().build(), new Date('2022-01-08T00:00:00Z'),
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":19000}'],
    ['Time', ConnectTime.builder().build(), new Date(45296789),
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":45296789}'],
    ['Timestamp', ConnectTimestamp.builder().build(), new Date(1700000000123),
      '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":1700000000123}'],
    ['schema with everything', SchemaBuilder.string().optional().name('n').version(3).doc('d').parameter('b', '2').parameter('a', '1').defaultValue('x').build(), 'v',
      '{"schema":{"type":"string","optional":true,"name":"n","version":3,"doc":"d","parameters":{"b":"2","a":"1"},"default":"x"},"payload":"v"}'],
  ])('%s', (_name, schema, value, expected) => {
    expect(write(c, schema, value)).toBe(expected);
  });

  it('writes a struct with field schemas carrying "field", defaults filled in for nulls', () => {
    const row = new Struct(ROW).put('id', 1n).put('price', DecimalValue.parse('10.00')).put('day', new Date(0)).put('tags', new Map([['a', 1]]));
    expect(write(c, ROW, row)).toBe(`{"schema":${ROW_SCHEMA_JSON},"payload":{"id":1,"name":null,"price":"A+g=","day":0,"tags":{"a":1}}}`);
  });

  it('replaces null with the default unless replace.null.with.default=false', () => {
    const schema = SchemaBuilder.int32().optional().defaultValue(5).build();
    expect(write(c, schema, null)).toBe('{"schema":{"type":"int32","optional":true,"default":5},"payload":5}');
    expect(write(converter({ 'replace.null.with.default': 'false' }), schema, null)).toBe('{"schema":{"type":"int32","optional":true,"default":5},"payload":null}');
  });

  it('writes NUMERIC decimals as Java BigDecimal.toString', () => {
    const n = converter({ 'decimal.format': 'numeric' });
    expect(write(n, Decimal.builder(9).build(), DecimalValue.parse('0.000000001'))).toContain('"payload":1E-9}');
    expect(write(n, Decimal.builder(2).build(), DecimalValue.parse('-12.34'))).toContain('"payload":-12.34}');
  });

  it('omits the envelope with schemas.enable=false and returns null for a null schema and value', () => {
    const plain = converter({ 'schemas.enable': false });
    expect(write(plain, Schemas.STRING, 'x')).toBe('"x"');
    expect(write(plain, Schemas.OPTIONAL_STRING, null)).toBe('null');
    expect(c.fromConnectData('t', null, null)).toBeNull();
    expect(plain.fromConnectData('t', null, undefined)).toBeNull();
  });

  it('infers types without a schema: bigint/integers as integers, other numbers as doubles, Map/objects as JSON objects', () => {
    expect(write(c, null, { a: 1, b: 2.5, c: 10n ** 18n, d: [true, null, 'x'], e: new Uint8Array([255]) }))
      .toBe('{"schema":null,"payload":{"a":1,"b":2.5,"c":1000000000000000000,"d":[true,null,"x"],"e":"/w=="}}');
    expect(write(c, null, new Map<unknown, unknown>([[1, 'a']]))).toBe('{"schema":null,"payload":[[1,"a"]]}');
  });

  it('caches the schema JSON per schema object', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.INT32).build();
    expect(c.asJsonSchema(schema)).toBe(c.asJsonSchema(schema));
    expect(c.asJsonSchema(schema)).toBe('{"type":"struct","fields":[{"type":"int32","optional":false,"field":"a"}],"optional":false}');
  });

  it.each<[string, Schema | null, unknown, string]>([
    ['a required null', Schemas.INT32, null, 'Conversion error: null value for field that is required and has no default value'],
    ['a string for int32', Schemas.INT32, 'abc', 'Invalid type for INT32: string "abc"'],
    ['a fraction for int8', Schemas.INT8, 1.5, 'Invalid type for INT8: number 1.5'],
    ['an out-of-range int64', Schemas.INT64, 2n ** 63n, 'Invalid type for INT64: bigint 9223372036854775808n'],
    ['a number for a Decimal', Decimal.builder(2).build(), 1.5, 'Invalid type for Decimal, expected DecimalValue but was number 1.5'],
    ['a mismatching decimal scale', Decimal.builder(2).build(), DecimalValue.parse('1.5'),
      'Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 1.'],
    ['a Date with a time', ConnectDate.builder().build(), new Date(5), 'Kafka Connect Date type should not have any time fields set to non-zero values: 1970-01-01T00:00:00.005Z'],
    ['a Time past one day', ConnectTime.builder().build(), new Date(86400001), 'Kafka Connect Time type should not have any date fields set to non-zero values'],
    ['a Date without schema', null, new Date(0), 'object Date does not have corresponding schema type.'],
  ])('rejects %s', (_name, schema, value, message) => {
    expect(() => c.fromConnectData('t', schema, value)).toThrow(DataException);
    expect(() => c.fromConnectData('t', schema, value)).toThrow(message);
  });

  it('names the field path of a bad nested value', () => {
    const schema = SchemaBuilder.map(Schemas.STRING, SchemaBuilder.array(Schemas.INT32).build()).build();
    expect(() => c.fromConnectData('t', schema, new Map([['list', [1, 'x']]]))).toThrow('Invalid type for INT32: string "x" (at "list[1]")');
  });

  it('rejects a struct whose schema differs from the given one', () => {
    const other = SchemaBuilder.struct().field('a', Schemas.STRING).build();
    expect(() => c.fromConnectData('t', ROW, new Struct(other).put('a', 'x'))).toThrow('Mismatching schema');
  });
});

describe('JsonConverter.toConnectData', () => {
  const c = converter();

  it('reads every type into its JS representation', () => {
    const row = new Struct(ROW).put('id', 5n).put('name', 'n').put('price', DecimalValue.parse('-0.01')).put('day', new Date('2024-02-29T00:00:00Z'))
      .put('tags', new Map([['a', 1]]));
    const sv = c.toConnectData('t', c.fromConnectData('t', ROW, row));
    const back = sv.value as Struct;
    expect(back.get('id')).toBe(5n);
    expect(back.get('name')).toBe('n');
    expect(back.get('price')).toEqual(new DecimalValue(-1n, 2));
    expect(back.get('day')).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(back.get('tags')).toEqual(new Map([['a', 1]]));
    expect(sv.schema?.fields?.map((f) => f.name)).toEqual(['id', 'name', 'price', 'day', 'tags']);
    expect(c.asJsonSchema(sv.schema)).toBe(ROW_SCHEMA_JSON);
  });

  it.each<[string, string, unknown]>([
    ['int8 wraps like (byte)', '{"schema":{"type":"int8"},"payload":300}', 44],
    ['int32 truncates a fraction', '{"schema":{"type":"int32"},"payload":-7.9}', -7],
    ['int64 keeps all digits', '{"schema":{"type":"int64"},"payload":9223372036854775807}', 9223372036854775807n],
    ['int64 from an exponent', '{"schema":{"type":"int64"},"payload":1.5e3}', 1500n],
    ['a string read as int32 is 0 (JsonNode.intValue)', '{"schema":{"type":"int32"},"payload":"12"}', 0],
    ['float32 rounds to float', '{"schema":{"type":"float"},"payload":0.1}', Math.fround(0.1)],
    ['double from an integer', '{"schema":{"type":"double"},"payload":5}', 5],
    ['"NaN" read as a double is 0 (JsonNode.doubleValue)', '{"schema":{"type":"double"},"payload":"NaN"}', 0],
    ['bytes', '{"schema":{"type":"bytes"},"payload":"AQID"}', new Uint8Array([1, 2, 3])],
    ['Decimal from a number keeps its written scale', '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":1.5}', new DecimalValue(15n, 1)],
    ['Time', '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time"},"payload":1000}', new Date(1000)],
    ['Timestamp', '{"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},"payload":-1}', new Date(-1)],
    ['array from an object iterates its values', '{"schema":{"type":"array","items":{"type":"int32"}},"payload":{"a":1,"b":2}}', [1, 2]],
    ['a missing optional value is null', '{"schema":{"type":"string","optional":true},"payload":null}', null],
    ['a null with a default gives the default', '{"schema":{"type":"string","default":"d"},"payload":null}', 'd'],
  ])('%s', (_name, json, expected) => {
    expect(read(c, json).value).toEqual(expected);
  });

  it('reads schemaless JSON as Map / arrays / bigint integers / number fractions', () => {
    const plain = converter({ 'schemas.enable': false });
    expect(read(plain, '{"a":[1,2.5,"x",true,null],"b":{"c":123456789012345678}}')).toEqual({
      schema: null,
      value: new Map<string, unknown>([['a', [1n, 2.5, 'x', true, null]], ['b', new Map([['c', 123456789012345678n]])]]),
    });
    expect(read(plain, '')).toEqual({ schema: null, value: null });
    expect(plain.toConnectData('t', null)).toEqual({ schema: null, value: null });
  });

  it('uses schema.content as the schema of every message', () => {
    const fixed = converter({ 'schema.content': '{"type":"struct","fields":[{"type":"int32","field":"a"}]}' });
    const sv = read(fixed, '{"a":5}');
    expect((sv.value as Struct).get('a')).toBe(5);
    expect(() => converter({ 'schema.content': '{"type":"nope"}' })).toThrow('Failed to parse schema in converter config (schema.content): Unknown schema type: nope');
  });

  it('reuses the parsed schema for the same schema JSON', () => {
    const a = read(c, '{"schema":{"type":"int32"},"payload":1}');
    const b = read(c, '{"schema":{"type":"int32"},"payload":2}');
    expect(a.schema).toBe(b.schema);
  });

  it.each<[string, string]>([
    ['{"schema":{"type":"int32"}}', 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.'],
    ['{"schema":null,"payload":1,"x":2}', 'JsonConverter with schemas.enable requires "schema" and "payload" fields'],
    ['[1]', 'JsonConverter with schemas.enable requires'],
    ['{"schema":{"type":"string"},"payload":"x"', 'Converting byte[] to Kafka Connect data failed due to serialization error: Invalid JSON'],
    ['{"schema":{"type":"int32"},"payload":null}', 'Invalid null value for required INT32 field'],
    ['{"schema":{"type":"uint8"},"payload":1}', 'Unknown schema type: uint8'],
    ['{"schema":{"optional":true},"payload":1}', "Schema must contain 'type' field"],
    ['{"schema":{"type":"array"},"payload":[]}', 'Array schema did not specify the element type'],
    ['{"schema":{"type":"map","values":{"type":"int32"}},"payload":{}}', 'Map schema did not specify the key type'],
    ['{"schema":{"type":"struct","fields":{}},"payload":{}}', 'Struct schema\'s "fields" argument is not an array.'],
    ['{"schema":{"type":"struct","fields":[{"type":"int32"}]},"payload":{}}', "Struct schema's field name not specified properly"],
    ['{"schema":{"type":"int32","parameters":{"a":1}},"payload":1}', 'Schema parameters must have string values, parameter "a" is NUMBER'],
    ['{"schema":{"type":"struct","fields":[]},"payload":[]}', 'Structs should be encoded as JSON objects, but found ARRAY'],
    ['{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int32"}},"payload":[]}', 'Maps with string fields should be encoded as JSON objects, but found ARRAY'],
    ['{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}},"payload":[[1]]}', 'Found invalid map entry, expected length 2 but found :1'],
    ['{"schema":{"type":"bytes"},"payload":"***"}', 'Invalid bytes field: not Base64: "***"'],
    ['{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date"},"payload":"x"}', 'Invalid type for Date, underlying representation should be integer but was STRING'],
    ['{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time"},"payload":-1}', 'Time values must use number of milliseconds greater than 0 and less than 86400000, got -1'],
    ['{"schema":{"type":"struct","fields":[{"type":"int32","field":"a"}]},"payload":{"a":null}}', 'Invalid null value for required INT32 field (at "a")'],
  ])('rejects %s', (json, message) => {
    expect(() => read(c, json)).toThrow(DataException);
    expect(() => read(c, json)).toThrow(message);
  });

  it('rejects invalid UTF-8', () => {
    expect(() => c.toConnectData('t', new Uint8Array([0x22, 0xff, 0x22]))).toThrow('invalid UTF-8');
  });
});

describe('JsonConverter configuration', () => {
  it('has Java\'s defaults', () => {
    expect(converter().settingsInUse).toEqual({
      type: 'value', schemasEnabled: true, schemaCacheSize: 1000, schemaContent: null, decimalFormat: 'BASE64', replaceNullWithDefault: true,
    });
    expect(converter({}, true).settingsInUse.type).toBe('key');
    const header = new JsonConverter();
    header.configure({});
    expect(header.settingsInUse.type).toBe('header');
  });

  it('names the key and value of a bad setting', () => {
    expect(() => converter({ 'decimal.format': 'HEX' })).toThrow(ConfigException);
    expect(() => converter({ 'decimal.format': 'HEX' })).toThrow('Invalid value HEX for configuration decimal.format: String must be one of: BASE64, NUMERIC');
    expect(() => converter({ 'schemas.enable': 'maybe' })).toThrow('Invalid value maybe for configuration schemas.enable');
  });

  it('works as a header converter', () => {
    const h = new JsonConverter();
    h.configure({ 'schemas.enable': 'false' });
    expect(text(h.fromConnectHeader('t', 'k', Schemas.INT32, 5))).toBe('5');
    expect(h.toConnectHeader('t', 'k', Buffer.from('"x"'))).toEqual({ schema: null, value: 'x' });
  });
});
