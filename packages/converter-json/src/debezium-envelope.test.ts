import { describe, expect, it } from 'vitest';
import { DebeziumTypes, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { JsonConverter } from './json-converter.js';

// Debezium change events (the hot CDC path) with every kind of field value the byte writer has a fast
// path for: escapes, control chars, non-ASCII, surrogate pairs and a lone surrogate, int32/int64 limits,
// int64 beyond 2^53, doubles and floats, Decimals, nulls of optional fields, unset fields with and
// without defaults. The expected payloads were written by the converter before the byte-writer fast
// paths (field-name words, null literals, digit writers) and match Java's JsonConverter rules.
const row = SchemaBuilder.struct().name('db.public.t.Value').optional()
  .field('id', Schemas.INT32).field('name', Schemas.STRING).field('email', Schemas.OPTIONAL_STRING)
  .field('score', Schemas.OPTIONAL_FLOAT64).field('ratio', Schemas.OPTIONAL_FLOAT32).field('balance', Decimal.builder(2).optional().build())
  .field('big', Schemas.OPTIONAL_INT64).field('small', Schemas.OPTIONAL_INT16).field('flag', Schemas.OPTIONAL_BOOLEAN)
  .field('created_at', DebeziumTypes.MicroTimestamp.builder().optional().build())
  .field('status', DebeziumTypes.Enum.builder().parameter('allowed', 'new,old').defaultValue('new').optional().build())
  .build();
const source = SchemaBuilder.struct().name('io.debezium.connector.postgresql.Source').version(1)
  .field('version', Schemas.STRING).field('ts_ms', Schemas.INT64)
  .field('snapshot', DebeziumTypes.Enum.builder().parameter('allowed', 'true,last,false').defaultValue('false').optional().build())
  .field('sequence', Schemas.OPTIONAL_STRING).field('ts_ns', Schemas.OPTIONAL_INT64).field('txId', Schemas.OPTIONAL_INT64).build();
const envelope = SchemaBuilder.struct().name('db.public.t.Envelope').version(2)
  .field('before', row).field('after', row).field('source', source).field('op', Schemas.STRING).field('ts_ms', Schemas.OPTIONAL_INT64).build();
const rows = [
  new Struct(row).put('id', -2147483648).put('name', 'quote " backslash \\ tab \t nl \n nul \u0000 del \u007f').put('email', null)
    .put('score', 0.1).put('ratio', Math.fround(0.1)).put('balance', new DecimalValue(-12345678901234567890123n, 2)).put('big', 2n ** 63n - 1n)
    .put('small', -32768).put('flag', false).put('created_at', 1700000000123456n),
  new Struct(row).put('id', 2147483647).put('name', 'ü é 中文 € 😀 lone \ud800 end').put('email', 'a@b.c')
    .put('score', 1e7).put('ratio', 1e-4).put('balance', new DecimalValue(0n, 2)).put('big', -(2n ** 63n)).put('small', 32767).put('flag', true)
    .put('created_at', BigInt(Number.MAX_SAFE_INTEGER) + 2n).put('status', 'old'),
  new Struct(row).put('id', 0).put('name', '').put('score', -1234567.125).put('ratio', -0).put('big', 9007199254740993n).put('balance', new DecimalValue(128n, 2)),
];

function event(i: number): Struct {
  const s = new Struct(envelope).put('after', rows[i]!).put('op', i === 1 ? 'u' : 'c')
    .put('source', new Struct(source).put('version', '3.0.0.Final').put('ts_ms', 1700000000000n + BigInt(i)).put('sequence', '["1","2"]')
      .put('ts_ns', 1700000000000000000n + BigInt(i)).put('txId', i === 2 ? null : BigInt(i)));
  if (i === 1) s.put('before', rows[0]!);
  if (i !== 2) s.put('ts_ms', 1700000000005n);
  return s;
}

describe('Debezium envelopes with schemas', () => {
  const expected = [
    "{\"before\":null,\"after\":{\"id\":-2147483648,\"name\":\"quote \\\" backslash \\\\ tab \\t nl \\n nul \\u0000 del \u007f\",\"email\":null,\"score\":0.1,\"ratio\":0.1,\"balance\":\"/WK9SbGJjr27NQ==\",\"big\":9223372036854775807,\"small\":-32768,\"flag\":false,\"created_at\":1700000000123456,\"status\":\"new\"},\"source\":{\"version\":\"3.0.0.Final\",\"ts_ms\":1700000000000,\"snapshot\":\"false\",\"sequence\":\"[\\\"1\\\",\\\"2\\\"]\",\"ts_ns\":1700000000000000000,\"txId\":0},\"op\":\"c\",\"ts_ms\":1700000000005}",
    "{\"before\":{\"id\":-2147483648,\"name\":\"quote \\\" backslash \\\\ tab \\t nl \\n nul \\u0000 del \u007f\",\"email\":null,\"score\":0.1,\"ratio\":0.1,\"balance\":\"/WK9SbGJjr27NQ==\",\"big\":9223372036854775807,\"small\":-32768,\"flag\":false,\"created_at\":1700000000123456,\"status\":\"new\"},\"after\":{\"id\":2147483647,\"name\":\"ü é 中文 € \\uD83D\\uDE00 lone \\uD800 end\",\"email\":\"a@b.c\",\"score\":1.0E7,\"ratio\":1.0E-4,\"balance\":\"AA==\",\"big\":-9223372036854775808,\"small\":32767,\"flag\":true,\"created_at\":9007199254740993,\"status\":\"old\"},\"source\":{\"version\":\"3.0.0.Final\",\"ts_ms\":1700000000001,\"snapshot\":\"false\",\"sequence\":\"[\\\"1\\\",\\\"2\\\"]\",\"ts_ns\":1700000000000000001,\"txId\":1},\"op\":\"u\",\"ts_ms\":1700000000005}",
    "{\"before\":null,\"after\":{\"id\":0,\"name\":\"\",\"email\":null,\"score\":-1234567.125,\"ratio\":-0.0,\"balance\":\"AIA=\",\"big\":9007199254740993,\"small\":null,\"flag\":null,\"created_at\":null,\"status\":\"new\"},\"source\":{\"version\":\"3.0.0.Final\",\"ts_ms\":1700000000002,\"snapshot\":\"false\",\"sequence\":\"[\\\"1\\\",\\\"2\\\"]\",\"ts_ns\":1700000000000000002,\"txId\":null},\"op\":\"c\",\"ts_ms\":null}",
    "{\"before\":null,\"after\":{\"id\":-2147483648,\"name\":\"quote \\\" backslash \\\\ tab \\t nl \\n nul \\u0000 del \u007f\",\"email\":null,\"score\":0.1,\"ratio\":0.1,\"balance\":\"/WK9SbGJjr27NQ==\",\"big\":9223372036854775807,\"small\":-32768,\"flag\":false,\"created_at\":1700000000123456,\"status\":null},\"source\":{\"version\":\"3.0.0.Final\",\"ts_ms\":1700000000000,\"snapshot\":null,\"sequence\":\"[\\\"1\\\",\\\"2\\\"]\",\"ts_ns\":1700000000000000000,\"txId\":0},\"op\":\"c\",\"ts_ms\":1700000000005}",
    "{\"before\":{\"id\":-2147483648,\"name\":\"quote \\\" backslash \\\\ tab \\t nl \\n nul \\u0000 del \u007f\",\"email\":null,\"score\":0.1,\"ratio\":0.1,\"balance\":\"/WK9SbGJjr27NQ==\",\"big\":9223372036854775807,\"small\":-32768,\"flag\":false,\"created_at\":1700000000123456,\"status\":null},\"after\":{\"id\":2147483647,\"name\":\"ü é 中文 € \\uD83D\\uDE00 lone \\uD800 end\",\"email\":\"a@b.c\",\"score\":1.0E7,\"ratio\":1.0E-4,\"balance\":\"AA==\",\"big\":-9223372036854775808,\"small\":32767,\"flag\":true,\"created_at\":9007199254740993,\"status\":\"old\"},\"source\":{\"version\":\"3.0.0.Final\",\"ts_ms\":1700000000001,\"snapshot\":null,\"sequence\":\"[\\\"1\\\",\\\"2\\\"]\",\"ts_ns\":1700000000000000001,\"txId\":1},\"op\":\"u\",\"ts_ms\":1700000000005}",
    "{\"before\":null,\"after\":{\"id\":0,\"name\":\"\",\"email\":null,\"score\":-1234567.125,\"ratio\":-0.0,\"balance\":\"AIA=\",\"big\":9007199254740993,\"small\":null,\"flag\":null,\"created_at\":null,\"status\":null},\"source\":{\"version\":\"3.0.0.Final\",\"ts_ms\":1700000000002,\"snapshot\":null,\"sequence\":\"[\\\"1\\\",\\\"2\\\"]\",\"ts_ns\":1700000000000000002,\"txId\":null},\"op\":\"c\",\"ts_ms\":null}",
  ];

  it.each([['true', 0], ['false', 3]] as const)('writes the exact bytes (replace.null.with.default=%s)', (replace, offset) => {
    const c = new JsonConverter();
    c.configure({ 'schemas.enable': 'true', 'replace.null.with.default': replace }, false);
    for (let i = 0; i < 3; i++) {
      const text = Buffer.from(c.fromConnectData('t', envelope, event(i))!).toString('utf8');
      expect(text).toBe(`{"schema":${c.asJsonSchema(envelope)},"payload":${expected[offset + i]}}`);
      // The same record twice: the cached envelope start and plans give the same bytes.
      expect(Buffer.from(c.fromConnectData('t', envelope, event(i))!).toString('utf8')).toBe(text);
    }
  });

  it('reads back what it wrote', () => {
    const c = new JsonConverter();
    c.configure({ 'schemas.enable': 'true' }, false);
    const bytes = c.fromConnectData('t', envelope, event(1))!;
    const again = c.fromConnectData('t', envelope, c.toConnectData('t', bytes).value);
    expect(Buffer.from(again!).equals(Buffer.from(bytes))).toBe(true);
  });
});
