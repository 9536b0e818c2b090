import { describe, expect, it } from 'vitest';
import { ConnectDate, ConnectTimestamp, DataException, Decimal, DecimalValue, Schemas, type Plugin, type Schema } from '@tsconnect/sdk';
import { ByteArrayConverter } from './byte-array-converter.js';
import { SimpleHeaderConverter } from './simple-header-converter.js';
import { StringConverter } from './string-converter.js';
import { JsonConverter } from './json-converter.js';
import { tsconnectPlugins } from './index.js';

const STRING_LIST: Schema = { type: 'array', optional: false, valueSchema: Schemas.STRING };
const utf8 = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('utf8'));

describe('StringConverter', () => {
  it('writes value.toString() in UTF-8 and reads an optional string', () => {
    const c = new StringConverter();
    c.configure({}, false);
    expect(utf8(c.fromConnectData('t', Schemas.STRING, 'héllo'))).toBe('héllo');
    expect(utf8(c.fromConnectData('t', null, 42))).toBe('42');
    expect(utf8(c.fromConnectData('t', null, 12n))).toBe('12');
    expect(c.fromConnectData('t', null, null)).toBeNull();
    expect(c.toConnectData('t', Buffer.from('héllo'))).toEqual({ schema: Schemas.OPTIONAL_STRING, value: 'héllo' });
    expect(c.toConnectData('t', null)).toEqual({ schema: Schemas.OPTIONAL_STRING, value: null });
  });

  it('honours converter.encoding and rejects unknown charsets by name', () => {
    const c = new StringConverter();
    c.configure({ 'converter.encoding': 'ISO-8859-1' }, true);
    expect([...c.fromConnectData('t', null, 'é')!]).toEqual([0xe9]);
    expect(c.toConnectData('t', new Uint8Array([0xe9])).value).toBe('é');
    expect(() => new StringConverter().configure({ 'converter.encoding': 'EBCDIC' }, false)).toThrow('Unsupported converter.encoding "EBCDIC"');
  });
});

describe('ByteArrayConverter', () => {
  const c = new ByteArrayConverter();
  it('passes bytes through unchanged', () => {
    const bytes = new Uint8Array([1, 2]);
    expect(c.fromConnectData('t', Schemas.BYTES, bytes)).toBe(bytes);
    expect(c.fromConnectData('t', null, null)).toBeNull();
    expect(c.toConnectData('t', bytes)).toEqual({ schema: Schemas.OPTIONAL_BYTES, value: bytes });
  });
  it('rejects other schemas and values, naming them', () => {
    expect(() => c.fromConnectData('t', Schemas.STRING, 'x')).toThrow('Invalid schema type for ByteArrayConverter: STRING');
    expect(() => c.fromConnectData('t', null, 'x')).toThrow(DataException);
    expect(() => c.fromConnectData('t', null, 'x')).toThrow('ByteArrayConverter is not compatible with objects of type string "x"');
  });
});

describe('SimpleHeaderConverter', () => {
  const h = new SimpleHeaderConverter();
  const roundTrip = (text: string) => h.toConnectHeader('t', 'k', Buffer.from(text));

  it.each<[string, unknown, unknown]>([
    ['hello', Schemas.STRING, 'hello'],
    ['true', Schemas.BOOLEAN, true],
    ['42', Schemas.INT8, 42],
    ['-300', Schemas.INT16, -300],
    ['100000', Schemas.INT32, 100000],
    ['10000000000', Schemas.INT64, 10000000000n],
    ['1.0', Schemas.INT8, 1],
    ['1.5', Schemas.FLOAT32, 1.5],
    ['0.1', Schemas.FLOAT32, Math.fround(0.1)],
    ['1e20', Schemas.FLOAT32, Math.fround(1e20)],
    ['1e300', Schemas.FLOAT64, 1e300],
    ['12345678901234567890', Decimal.builder(0).build(), new DecimalValue(12345678901234567890n, 0)],
    ['', Schemas.STRING, ''],
    ['true}', Schemas.STRING, 'true}'],
  ])('parses %j', (text, schema, value) => {
    expect(roundTrip(text)).toEqual({ schema, value });
  });

  it('parses null and ISO dates/timestamps, returns null for a null header', () => {
    expect(roundTrip('null')).toEqual({ schema: null, value: null });
    expect(h.toConnectHeader('t', 'k', null)).toEqual({ schema: null, value: null });
    expect(roundTrip('2024-02-29')).toEqual({ schema: ConnectDate.builder().build(), value: new Date('2024-02-29T00:00:00Z') });
    expect(roundTrip('2024-02-29T10:11:12.345Z')).toEqual({ schema: ConnectTimestamp.builder().build(), value: new Date('2024-02-29T10:11:12.345Z') });
  });

  it('writes values as Values.convertToString does', () => {
    expect(utf8(h.fromConnectHeader('t', 'k', Schemas.STRING, 'x y'))).toBe('x y');
    expect(utf8(h.fromConnectHeader('t', 'k', Schemas.INT64, 5n))).toBe('5');
    expect(utf8(h.fromConnectHeader('t', 'k', Schemas.FLOAT64, 1))).toBe('1.0');
    expect(utf8(h.fromConnectHeader('t', 'k', Schemas.FLOAT32, 0.1))).toBe('0.1');
    expect(utf8(h.fromConnectHeader('t', 'k', Schemas.BOOLEAN, false))).toBe('false');
    expect(utf8(h.fromConnectHeader('t', 'k', null, ['a', 1, null]))).toBe('["a",1,null]');
    expect(utf8(h.fromConnectHeader('t', 'k', null, new Map([['a', 'b"c']])))).toBe('{"a":"b\\"c"}');
    expect(utf8(h.fromConnectHeader('t', 'k', null, new Date('2024-02-29T00:00:00Z')))).toBe('2024-02-29');
    expect(utf8(h.fromConnectHeader('t', 'k', null, new Date('2024-02-29T10:11:12.345Z')))).toBe('2024-02-29T10:11:12.345Z');
    expect(utf8(h.fromConnectHeader('t', 'k', null, DecimalValue.parse('1.50')))).toBe('1.50');
    expect(h.fromConnectHeader('t', 'k', null, null)).toBeNull();
  });

  it('SimpleHeaderConverter reads list and map headers', () => {
    expect(h.toConnectHeader('t', 'k', Buffer.from('[1,300]'))).toEqual({ schema: { type: 'array', optional: false, valueSchema: Schemas.INT16 }, value: [1, 300] });
    expect(h.toConnectHeader('t', 'k', Buffer.from('{"a":"b"}'))).toEqual({ schema: { type: 'map', optional: false, keySchema: Schemas.STRING, valueSchema: Schemas.STRING }, value: new Map([['a', 'b']]) });
    // What SimpleHeaderConverter writes for a list or map reads back as that list or map.
    const written = h.fromConnectHeader('t', 'k', STRING_LIST, ['x', 'y z'])!;
    expect(Buffer.from(written).toString()).toBe('["x","y z"]');
    expect(h.toConnectHeader('t', 'k', written)).toEqual({ schema: STRING_LIST, value: ['x', 'y z'] });
  });
});

describe('tsconnectPlugins', () => {
  const byAlias = (type: Plugin['type'], name: string) => tsconnectPlugins.find((p) => p.type === type && (p.className === name || p.aliases?.includes(name)));

  it.each<[Plugin['type'], string, new (...args: never[]) => unknown]>([
    ['converter', 'org.apache.kafka.connect.json.JsonConverter', JsonConverter],
    ['converter', 'io.tsconnect.converters.JsonConverter', JsonConverter],
    ['converter', 'org.apache.kafka.connect.storage.StringConverter', StringConverter],
    ['converter', 'org.apache.kafka.connect.converters.ByteArrayConverter', ByteArrayConverter],
    ['header_converter', 'org.apache.kafka.connect.storage.SimpleHeaderConverter', SimpleHeaderConverter],
    ['header_converter', 'org.apache.kafka.connect.json.JsonConverter', JsonConverter],
    ['header_converter', 'org.apache.kafka.connect.storage.StringConverter', StringConverter],
  ])('%s %s creates a fresh instance', (type, name, cls) => {
    const plugin = byAlias(type, name);
    expect(plugin).toBeDefined();
    const a = plugin!.create();
    expect(a).toBeInstanceOf(cls);
    expect(plugin!.create()).not.toBe(a);
  });
});
