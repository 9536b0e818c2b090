import { describe, expect, it } from 'vitest';
import { DecimalValue, Struct, type Schema, type SchemaAndValue } from '@tsconnect/sdk';
import { JsonConverter } from './json-converter.js';
import { loadCorpus } from './compat-corpus.test-support.js';
import { ConnectReader, latin1View } from './connect-reader.js';

// toConnectData's fast path (connect-reader.ts) must give exactly what the JSON-tree path gives
// (toConnectDataFromString), or hand over to it: same values, same schemas, same errors.

const utf8 = new TextDecoder('utf-8', { fatal: true }); // strips a BOM, as toConnectData

function converter(config: Record<string, string>): JsonConverter {
  const c = new JsonConverter();
  c.configure(config, false);
  return c;
}

function show(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (v instanceof Struct) return `Struct(${v.schema.name ?? ''}){${v.valuesInFieldOrder().map(show).join(',')}}`;
  if (v instanceof Map) return `Map{${[...v].map(([k, x]) => `${show(k)}=>${show(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(show).join(',')}]`;
  if (v instanceof Date) return `Date(${v.getTime()})`;
  if (v instanceof DecimalValue) return `Dec(${v.unscaled},${v.scale})`;
  if (v instanceof Uint8Array) return `Bytes(${Buffer.from(v).toString('hex')})`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  return JSON.stringify(v);
}

function outcome(c: JsonConverter, f: () => SchemaAndValue): string {
  try {
    const sv = f();
    return `${sv.schema === null ? 'null' : c.asJsonSchema(sv.schema as Schema)} ${show(sv.value)}`;
  } catch (e) {
    return `ERROR ${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

function same(config: Record<string, string>, json: string): void {
  const fast = converter(config);
  const tree = converter(config);
  // Twice: the second read of an envelope hits the schema cache (and the fast path's last-schema slot).
  for (let round = 0; round < 2; round++) {
    const a = outcome(fast, () => fast.toConnectData('t', Buffer.from(json, 'utf8')));
    const b = outcome(tree, () => tree.toConnectDataFromString(utf8.decode(Buffer.from(json, 'utf8')))); // as toConnectData did before
    expect(a, `${JSON.stringify(config)} ${json}`).toBe(b);
  }
}

const ROW_SCHEMA = JSON.stringify({
  type: 'struct', name: 'r', optional: false, fields: [
    { field: 'i8', type: 'int8', optional: true }, { field: 'i16', type: 'int16', optional: true },
    { field: 'i32', type: 'int32', optional: false, default: 5 }, { field: 'i64', type: 'int64', optional: true },
    { field: 'f32', type: 'float', optional: true }, { field: 'f64', type: 'double', optional: true },
    { field: 'b', type: 'boolean', optional: true }, { field: 's', type: 'string', optional: true },
    { field: 'rs', type: 'string', optional: false }, { field: 'by', type: 'bytes', optional: true },
    { field: 'dec', type: 'bytes', optional: true, name: 'org.apache.kafka.connect.data.Decimal', version: 1, parameters: { scale: '2' } },
    { field: 'day', type: 'int32', optional: true, name: 'org.apache.kafka.connect.data.Date', version: 1 },
    { field: 'ts', type: 'int64', optional: true, name: 'org.apache.kafka.connect.data.Timestamp', version: 1 },
    { field: 'arr', type: 'array', items: { type: 'string', optional: false }, optional: true },
    { field: 'm', type: 'map', keys: { type: 'string', optional: false }, values: { type: 'int32', optional: true }, optional: true },
    { field: 'pm', type: 'map', keys: { type: 'int32', optional: false }, values: { type: 'string', optional: true }, optional: true },
    { field: 'st', type: 'struct', optional: true, fields: [{ field: 'x', type: 'int32', optional: true }, { field: 'é"', type: 'string', optional: true }] },
  ],
});
const FULL = '"i8":1,"i16":2,"i32":3,"i64":4,"f32":1.5,"f64":-2.25,"b":true,"s":"x","rs":"y","by":"AQID","dec":"AOM=","day":19000,' +
  '"ts":1700000000123,"arr":["a","b"],"m":{"k":1,"l":null},"pm":[[1,"a"],[2,null]],"st":{"x":1,"é\\"":"z"}';

const PAYLOADS = [
  `{${FULL}}`,
  `{"rs":"only"}`,
  `{"rs":"y","i32":null}`,
  `{"i32":null}`,
  `{"rs":null}`,
  `{${FULL},"rs":"again"}`,
  `{"rs":"a","rs":1}`,
  `{"rs":1,"rs":"a"}`,
  `{"rs":"y","unknown":{"deep":[1,2,{"a":null}]},"s":"after"}`,
  `{"rs":"y","unknown":{"bad":[1,2,}}`,
  `{ "rs" : "y" , "s" : "ü\\n€" , "i8" : 300 , "i16" : 70000 , "i32" : 2147483648 }`,
  `{"rs":"y","i8":1.9,"i16":-1e2,"i32":"7","i64":99999999999999999999,"f32":1e40,"f64":-0.0,"b":"true"}`,
  `{"rs":"y","i64":-9223372036854775809,"f64":12345678901234567890,"dec":12.340,"day":1.5}`,
  `{"rs":"y","s":12,"by":"not base64!","dec":""}`,
  `{"rs":"y","by":" AQ ID ","dec":"gA=="}`,
  `{"rs":"y","arr":{"a":"1","b":"2"},"m":[],"pm":{}}`,
  `{"rs":"y","arr":"scalar","m":5}`,
  `{"rs":"y","arr":[null]}`,
  `{"rs":"y","arr":[1]}`,
  `{"rs":"y","m":{"a":1,"a":2,"b":3}}`,
  `{"rs":"y","pm":[[1,"a"],[1,"b"]]}`,
  `{"rs":"y","pm":[[1,"a",3]]}`,
  `{"rs":"y","pm":[1]}`,
  `{"rs":"y","st":{}}`,
  `{"rs":"y","st":[]}`,
  `{"rs":"y","st":{"é\\"":"q","x":2,"é\\"":"r"}}`,
  `{"rs":"y","s":"\\u00e9\\ud83d\\ude00 and ü","day":null,"ts":"x"}`,
  `{"rs":"y","s":"😀 raw"}`,
  `{"rs":"y","s":"tab\there"}`,
  `{"rs":"y"} trailing`,
  `{"rs":"y"`,
  `{"rs":"y",}`,
  `{"rs":"y","ts":1e3}`,
  `{"rs":"y","day":99999999999}`,
  `[]`,
  `"text"`,
  `null`,
  ``,
  `   `,
];

const SCHEMALESS = [
  ...PAYLOADS,
  `{"a":1,"b":[1,2.5,-0,-0.0,1e2,123456789012,99999999999999999999],"c":{"d":null,"e":true,"e":false},"é":"ü"}`,
  `[[[]],{},-1,"\\"",false]`,
  `0012`,
  `-`,
  `1.`,
  `{"a":tru}`,
  '[' + '['.repeat(1005) + ']'.repeat(1005) + ']',
];

/** Number tokens of many shapes: short and long, fractions, exponents, leading zeros, signs, extremes. */
function numberTokens(): string[] {
  const next = (() => { let x = 99; return () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 2 ** 32; }; })();
  const out = ['0', '-0', '0.0', '-0.0', '1e0', '1E+2', '1e-2', '00012', '-00.5', '1e22', '1e23', '9007199254740993', '123456789012345',
    '1234567890123456', '-9223372036854775808', '9223372036854775808', '1.7976931348623157e308', '1e400', '-1e400', '4.9e-324', '1e-400',
    '0.1', '0.30000000000000004', '2147483647', '2147483648', '-2147483648', '-2147483649', '3.4028235e38', '3.4028236e38', '1.00000001',
    '123456789.123456789', '0.000001', '1e-22', '1e-23', '5e-22', '999999999999999e22', '999999999999999e-22',
    // integers of 16+ digits around 2^53 (read from the scanned double when it is a safe integer)
    '9007199254740991', '-9007199254740991', '9007199254740992', '-9007199254740992', '0009007199254740991', '1700000000123456',
    '-1700000000123456', '9999999999999999', '1700000000123456000'];
  for (let n = 0; n < 400; n++) {
    const int = String(Math.floor(next() * 10 ** Math.floor(next() * 19)));
    const frac = next() < 0.5 ? '' : `.${String(Math.floor(next() * 10 ** Math.floor(1 + next() * 18))).padStart(Math.floor(next() * 4) + 1, '0')}`;
    const exp = next() < 0.7 ? '' : `${next() < 0.5 ? 'e' : 'E'}${['', '+', '-'][Math.floor(next() * 3)]}${Math.floor(next() * 40)}`;
    out.push(`${next() < 0.3 ? '-' : ''}${int}${frac}${exp}`);
  }
  return out;
}

const NUMBER_SCHEMA = JSON.stringify({
  type: 'struct', optional: false, fields: ['int8', 'int16', 'int32', 'int64', 'float', 'double'].map((type) => ({ field: type, type, optional: false })),
});

describe('toConnectData fast path equals the JSON-tree path', () => {
  it('reads numbers of every shape as the tree path (typed and schemaless)', () => {
    const schema = converter({}).toConnectData('t', Buffer.from(`{"schema":${NUMBER_SCHEMA},"payload":{"int8":0,"int16":0,"int32":0,"int64":0,"float":0,"double":0}}`)).schema as Schema;
    const treeConverter = converter({ 'schemas.enable': 'false' });
    for (const n of numberTokens()) {
      // Directly on the fast path: it must not give up on valid numbers.
      const payload = `{"int8":${n},"int16":${n},"int32":${n},"int64":${n},"float":${n},"double":${n}}`;
      const bytes = Buffer.from(payload);
      const fast = new ConnectReader(latin1View(bytes)!, bytes, true).read(schema, 0);
      expect(show(fast), n).toBe(show(converter({ 'schema.content': NUMBER_SCHEMA }).toConnectDataFromString(payload).value));
      const list = Buffer.from(`[${n},{"a":${n}}]`);
      expect(show(new ConnectReader(latin1View(list)!, list, true).read(null, 0)), n).toBe(show(treeConverter.toConnectDataFromString(list.toString()).value));

      same({}, `{"schema":${NUMBER_SCHEMA},"payload":{"int8":${n},"int16":${n},"int32":${n},"int64":${n},"float":${n},"double":${n}}}`);
      same({ 'schemas.enable': 'false' }, `[${n},{"a":${n}}]`);
    }
  });

  it.each(PAYLOADS)('schema in the envelope: %s', (payload) => {
    for (const replace of ['true', 'false']) {
      same({ 'replace.null.with.default': replace }, `{"schema":${ROW_SCHEMA},"payload":${payload || 'null'}}`);
    }
  });

  it.each(PAYLOADS)('schema.content: %s', (payload) => {
    same({ 'schema.content': ROW_SCHEMA }, payload);
  });

  it('stays on the fast path for what our writer (and Java\'s) produce', () => {
    const c = converter({});
    const bytes = Buffer.from(`{"schema":${ROW_SCHEMA},"payload":{${FULL}}}`);
    const sv = c.toConnectData('t', bytes);
    const written = converter({ 'schemas.enable': 'false' }).fromConnectData('t', sv.schema, sv.value)!;
    const r = new ConnectReader(latin1View(written)!, Buffer.from(written), true);
    expect(show(r.read(sv.schema, 0))).toBe(show(sv.value));
    const plain = Buffer.from(`{${FULL}}`);
    expect(show(new ConnectReader(latin1View(plain)!, plain, true).read(null, 0)))
      .toBe(show(converter({ 'schemas.enable': 'false' }).toConnectDataFromString(plain.toString()).value));
  });

  it.each(SCHEMALESS)('schemas.enable=false: %s', (json) => {
    same({ 'schemas.enable': 'false' }, json);
  });

  it('envelopes: null schema, odd member order, extra members, whitespace, a BOM, invalid UTF-8', () => {
    for (const json of [
      '{"schema":null,"payload":{"a":[1,2]}}', '{"payload":1,"schema":{"type":"int32","optional":false}}',
      '{"schema":{"type":"int32","optional":false},"payload":1,"schema":{"type":"string","optional":false}}',
      '{"schema":{"type":"int32","optional":false},"payload":1,"x":2}', '{ "schema" : {"type":"int32","optional":false} , "payload" : 1 }',
      '{"schema":{"type":"int32","optional":false},"payload":1} ', '{"schema":{"type":"int32","optional":false}}',
      '{"schema":{"type":"int32","optional":false,"doc":"ü"},"payload":1}', '{"schema":{"type":"int32","optional":false,"doc":"\\u00fc"},"payload":1}',
      '\ufeff{"schema":{"type":"int32","optional":false},"payload":1}', '{"schema":{"type":"nope"},"payload":1}',
      '{"schema":{"type":"int32","optional":false},"payload":{"a":1}}', '{"schema":"x","payload":1}', '{"schema":nullx,"payload":1}',
    ]) {
      same({}, json);
    }
    const c = converter({});
    expect(() => c.toConnectData('t', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toThrow('invalid UTF-8');
  });

  it('alternating schemas share the cache: the same schema object for the same text', () => {
    const c = converter({ 'schemas.cache.size': '2' });
    const a = '{"schema":{"type":"int32","optional":false},"payload":1}';
    const b = '{"schema":{"type":"string","optional":false},"payload":"x"}';
    const d = '{"schema":{"type":"boolean","optional":false},"payload":true}';
    const read = (json: string) => c.toConnectData('t', Buffer.from(json, 'utf8')).schema;
    const first = read(a);
    expect(read(b)).toBe(read(b));
    expect(read(a)).toBe(first);
    read(d); // evicts b (least recently used), keeps a
    expect(read(a)).toBe(first);
    expect(c.toConnectDataFromString(a).schema).toBe(first);
    const noCache = converter({ 'schemas.cache.size': '0' });
    expect(noCache.toConnectData('t', Buffer.from(a)).schema).not.toBe(noCache.toConnectData('t', Buffer.from(a)).schema);
  });

  it('reads every corpus input as the tree path does', () => {
    for (const c of loadCorpus()) {
      if (c.read !== undefined) same(c.config ?? {}, c.read);
    }
  });
});
