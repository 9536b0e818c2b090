import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { uniqueName } from '@tsconnect/test-support';
import { envelopeSchema, exactJson, field, schema, type Json } from './debezium-json.js';
import {
  connectorConfig, createDatabase, registerConnector, startWorker, TopicReader, type TestDatabase,
} from './e2e-harness.js';

/**
 * Every type the connector maps, one row, through the real worker: each field's JSON value and schema
 * exactly as Debezium's defaults write them (decimal.handling.mode=precise, time.precision.mode=adaptive,
 * interval.handling.mode=numeric, binary.handling.mode=bytes).
 *
 * Verified against github:debezium/debezium @ aad5519902997a3627fe296f77ea6d3452e9acce,
 * debezium-connector-postgres/.../PostgresValueConverter.java (schemaBuilder/converter per PgOid) and
 * debezium-connector-common/.../jdbc/JdbcValueConverters.java, io/debezium/time/*, io/debezium/data/*:
 * semantic types are version 1; Decimal is Kafka's `org.apache.kafka.connect.data.Decimal` version 1 with
 * `scale` then `connect.decimal.precision` (SpecialValueDecimal.builder); unconstrained numeric is
 * VariableScaleDecimal {scale, value} with doc "Variable scaled decimal"; money is Decimal(scale 2 =
 * money.fraction.digits) without precision; array elements are optional (SchemaBuilder.array(OPTIONAL_…)).
 */

const OPT = { optional: true };
const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');

interface Column {
  readonly name: string;
  readonly ddl: string;
  readonly literal: string;
  readonly schema: { [k: string]: Json };
  readonly value: Json;
}

const DAYS_PER_MONTH_AVG = 365.25 / 12; // io.debezium.time.MicroDuration.DAYS_PER_MONTH_AVG

const COLUMNS: Column[] = [
  { name: 'c_int2', ddl: 'smallint', literal: '-32768', schema: schema('int16', OPT), value: -32768 },
  { name: 'c_int4', ddl: 'integer', literal: '2147483647', schema: schema('int32', OPT), value: 2147483647 },
  // Beyond 2^53: exactJson keeps it as the exact digit string Kafka holds.
  { name: 'c_int8', ddl: 'bigint', literal: '9007199254740993', schema: schema('int64', OPT), value: '9007199254740993' },
  {
    name: 'c_numeric', ddl: 'numeric(10,3)', literal: '12345.678',
    schema: schema('bytes', { optional: true, name: 'org.apache.kafka.connect.data.Decimal', version: 1, parameters: { scale: '3', 'connect.decimal.precision': '10' } }),
    value: b64([0x00, 0xbc, 0x61, 0x4e]), // unscaled 12345678, big-endian two's complement (BigInteger.toByteArray)
  },
  {
    name: 'c_numeric_neg', ddl: 'numeric(5,2)', literal: '-1.50',
    schema: schema('bytes', { optional: true, name: 'org.apache.kafka.connect.data.Decimal', version: 1, parameters: { scale: '2', 'connect.decimal.precision': '5' } }),
    value: b64([0xff, 0x6a]), // unscaled -150
  },
  {
    name: 'c_numeric_var', ddl: 'numeric', literal: '3.14159',
    schema: schema('struct', {
      fields: [field('scale', schema('int32')), field('value', schema('bytes'))],
      optional: true, name: 'io.debezium.data.VariableScaleDecimal', version: 1, doc: 'Variable scaled decimal',
    }),
    value: { scale: 5, value: b64([0x04, 0xcb, 0x2f]) }, // 314159
  },
  // Jackson writes a float32 with Float.toString: 1.5 is exact in both worlds.
  { name: 'c_float4', ddl: 'real', literal: '1.5', schema: schema('float', OPT), value: 1.5 },
  // Not exact in binary: Jackson's FloatNode prints Float.toString(3.14f) = "3.14", not the widened double.
  { name: 'c_float4_inexact', ddl: 'real', literal: '3.14', schema: schema('float', OPT), value: 3.14 },
  { name: 'c_float8', ddl: 'double precision', literal: '2.718281828459045', schema: schema('double', OPT), value: 2.718281828459045 },
  { name: 'c_bool', ddl: 'boolean', literal: 'true', schema: schema('boolean', OPT), value: true },
  { name: 'c_text', ddl: 'text', literal: `'héllo ✓'`, schema: schema('string', OPT), value: 'héllo ✓' },
  { name: 'c_varchar', ddl: 'varchar(20)', literal: `'world'`, schema: schema('string', OPT), value: 'world' },
  { name: 'c_char', ddl: 'char(5)', literal: `'ab'`, schema: schema('string', OPT), value: 'ab   ' }, // blank-padded, as PostgreSQL returns it
  {
    name: 'c_date', ddl: 'date', literal: `'2024-02-29'`,
    schema: schema('int32', { optional: true, name: 'io.debezium.time.Date', version: 1 }),
    value: Date.UTC(2024, 1, 29) / 86_400_000, // days since the epoch (19782)
  },
  {
    name: 'c_time', ddl: 'time', literal: `'13:45:30.123456'`,
    schema: schema('int64', { optional: true, name: 'io.debezium.time.MicroTime', version: 1 }),
    value: ((13 * 60 + 45) * 60 + 30) * 1_000_000 + 123456,
  },
  {
    // adaptive: precision 0..3 → io.debezium.time.Time (ms, int32)
    name: 'c_time3', ddl: 'time(3)', literal: `'13:45:30.123'`,
    schema: schema('int32', { optional: true, name: 'io.debezium.time.Time', version: 1 }),
    value: ((13 * 60 + 45) * 60 + 30) * 1000 + 123,
  },
  {
    // ZonedTime.toIsoString: converted to UTC, DateTimeFormatter.ISO_OFFSET_TIME (shortest fraction).
    name: 'c_timetz', ddl: 'timetz', literal: `'13:45:30.5+02'`,
    schema: schema('string', { optional: true, name: 'io.debezium.time.ZonedTime', version: 1 }),
    value: '11:45:30.5Z',
  },
  {
    name: 'c_ts', ddl: 'timestamp', literal: `'2024-01-01 10:00:00.123456'`,
    schema: schema('int64', { optional: true, name: 'io.debezium.time.MicroTimestamp', version: 1 }),
    value: Date.UTC(2024, 0, 1, 10) * 1000 + 123456,
  },
  {
    name: 'c_ts3', ddl: 'timestamp(3)', literal: `'2024-01-01 10:00:00.123'`,
    schema: schema('int64', { optional: true, name: 'io.debezium.time.Timestamp', version: 1 }),
    value: Date.UTC(2024, 0, 1, 10) + 123,
  },
  {
    // ZonedTimestamp.toIsoString in UTC with exactly <column precision> fraction digits
    // (PostgresValueConverter.convertTimestampWithZone: fraction = column scale/length).
    name: 'c_tstz', ddl: 'timestamptz', literal: `'2024-01-01 12:00:00.123456+02'`,
    schema: schema('string', { optional: true, name: 'io.debezium.time.ZonedTimestamp', version: 1 }),
    value: '2024-01-01T10:00:00.123456Z',
  },
  {
    name: 'c_tstz3', ddl: 'timestamptz(3)', literal: `'2024-01-01 10:00:00.1+00'`,
    schema: schema('string', { optional: true, name: 'io.debezium.time.ZonedTimestamp', version: 1 }),
    value: '2024-01-01T10:00:00.100Z',
  },
  {
    // MicroDuration.durationMicros in doubles: months × 365.25/12 days.
    name: 'c_interval', ddl: 'interval', literal: `'1 year 2 months 3 days 04:05:06.789'`,
    schema: schema('int64', { optional: true, name: 'io.debezium.time.MicroDuration', version: 1 }),
    value: Math.trunc(((((14 * DAYS_PER_MONTH_AVG + 3) * 24 + 4) * 60 + 5) * 60 + 6.789) * 1e6),
  },
  {
    name: 'c_uuid', ddl: 'uuid', literal: `'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'`,
    schema: schema('string', { optional: true, name: 'io.debezium.data.Uuid', version: 1 }),
    value: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  },
  {
    name: 'c_json', ddl: 'json', literal: `'{"a": 1,  "z": [true]}'`, // json keeps its text verbatim
    schema: schema('string', { optional: true, name: 'io.debezium.data.Json', version: 1 }),
    value: '{"a": 1,  "z": [true]}',
  },
  {
    name: 'c_jsonb', ddl: 'jsonb', literal: `'{"z": [1,2], "a": null}'`, // jsonb's own normalized text
    schema: schema('string', { optional: true, name: 'io.debezium.data.Json', version: 1 }),
    value: '{"a": null, "z": [1, 2]}',
  },
  { name: 'c_bytea', ddl: 'bytea', literal: `'\\x0102ff'`, schema: schema('bytes', OPT), value: b64([0x01, 0x02, 0xff]) },
  {
    name: 'c_int_array', ddl: 'integer[]', literal: `'{1,2,NULL}'`,
    schema: schema('array', { items: schema('int32', OPT), optional: true }), value: [1, 2, null],
  },
  {
    name: 'c_text_array', ddl: 'text[]', literal: `'{"a","b c","NULL",NULL}'`,
    schema: schema('array', { items: schema('string', OPT), optional: true }), value: ['a', 'b c', 'NULL', null],
  },
  {
    name: 'c_enum', ddl: 'mood', literal: `'happy'`,
    schema: schema('string', { optional: true, name: 'io.debezium.data.Enum', version: 1, parameters: { allowed: 'sad,ok,happy' } }),
    value: 'happy',
  },
  {
    name: 'c_money', ddl: 'money', literal: `'12.34'`,
    schema: schema('bytes', { optional: true, name: 'org.apache.kafka.connect.data.Decimal', version: 1, parameters: { scale: '2' } }),
    value: b64([0x04, 0xd2]), // 1234
  },
  { name: 'c_inet', ddl: 'inet', literal: `'192.168.0.1/24'`, schema: schema('string', OPT), value: '192.168.0.1/24' },
  { name: 'c_cidr', ddl: 'cidr', literal: `'10.0.0.0/8'`, schema: schema('string', OPT), value: '10.0.0.0/8' },
  { name: 'c_macaddr', ddl: 'macaddr', literal: `'08:00:2b:01:02:03'`, schema: schema('string', OPT), value: '08:00:2b:01:02:03' },
  {
    name: 'c_xml', ddl: 'xml', literal: `'<a>1</a>'`,
    schema: schema('string', { optional: true, name: 'io.debezium.data.Xml', version: 1 }), value: '<a>1</a>',
  },
  { name: 'c_bit', ddl: 'bit(1)', literal: `B'1'`, schema: schema('boolean', OPT), value: true },
  {
    // PostgresValueConverter.convertBits: bit i = character (len-1-i), BitSet.toByteArray (little-endian).
    name: 'c_bits', ddl: 'bit(10)', literal: `B'1010101010'`,
    schema: schema('bytes', { optional: true, name: 'io.debezium.data.Bits', version: 1, parameters: { length: '10' } }),
    value: b64([0xaa, 0x02]),
  },
  { name: 'c_int4range', ddl: 'int4range', literal: `'[1,10)'`, schema: schema('string', OPT), value: '[1,10)' },
];

describe('postgres → worker → Kafka: every mapped type with Debezium defaults', () => {
  const prefix = uniqueName('types');
  const topic = `${prefix}.public.all_types`;
  let db: TestDatabase;
  let worker: StandaloneWorker;
  let reader: TopicReader;

  const insert = (id: number): string =>
    `INSERT INTO all_types (id, ${COLUMNS.map((c) => c.name).join(', ')}) VALUES (${id}, ${COLUMNS.map((c) => c.literal).join(', ')})`;

  beforeAll(async () => {
    db = await createDatabase('pgtypes');
    await db.client.query(`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')`);
    await db.client.query(`CREATE TABLE all_types (id integer PRIMARY KEY, ${COLUMNS.map((c) => `${c.name} ${c.ddl}`).join(', ')})`);
    await db.client.query(insert(1)); // read by the snapshot
    worker = await startWorker();
    reader = await TopicReader.start([topic]);
    await registerConnector(worker, prefix, connectorConfig(db, prefix, { 'table.include.list': 'public.all_types' }));
    await reader.waitForCount(topic, 1);
    await db.client.query(insert(2)); // streamed through pgoutput
    await reader.waitForCount(topic, 2);
  });

  afterAll(async () => {
    await reader?.stop();
    await worker?.stop();
    await db?.drop([db.name]);
  });

  const expectedColumns: Json[] = [field('id', schema('int32')), ...COLUMNS.map((c) => field(c.name, c.schema))];
  const expectedRow = (id: number): { [k: string]: Json } => ({ id, ...Object.fromEntries(COLUMNS.map((c) => [c.name, c.value])) });

  for (const [i, phase] of [[0, 'snapshot (r)'], [1, 'streaming (c)']] as const) {
    it(`${phase}: the value schema is exactly Debezium's, field by field`, () => {
      const value = exactJson(reader.on(topic)[i]!.valueText!).value as { schema: Json };
      const expected = envelopeSchema(`${prefix}.public.all_types`, expectedColumns);
      // Field by field first (a readable diff), then the whole schema including key order.
      const fieldsOf = (s: Json): Json[] => (((s as { fields: Json[] }).fields[1] as { fields: Json[] }).fields);
      for (const [n, f] of fieldsOf(expected).entries()) expect(fieldsOf(value.schema)[n]).toEqual(f);
      expect(JSON.stringify(value.schema)).toBe(JSON.stringify(expected));
    });

    it(`${phase}: each column's JSON value`, () => {
      const text = exactJson(reader.on(topic)[i]!.valueText!);
      const after = (text.value as { payload: { after: { [k: string]: Json } } }).payload.after;
      for (const c of COLUMNS) expect({ [c.name]: after[c.name] }).toEqual({ [c.name]: c.value });
      expect(JSON.stringify(after)).toBe(JSON.stringify(expectedRow(i + 1)));
    });
  }
});
