import {
  ConnectDate, ConnectTime, ConnectTimestamp, DebeziumTypes, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct,
  type Schema, type SinkRecord,
} from '@tsconnect/sdk';

/**
 * Hand-built SinkRecords for tests (no Kafka needed). Kept out of *.test.ts so several test files
 * can share it.
 */
let nextOffset = 0;

export function sinkRecord(
  topic: string,
  keySchema: Schema | null,
  key: unknown,
  valueSchema: Schema | null,
  value: unknown,
  offset = nextOffset++,
): SinkRecord {
  return {
    topic, kafkaPartition: 0, kafkaOffset: offset, keySchema, key, valueSchema, value,
    timestamp: 0, timestampType: 'CreateTime', headers: [],
    originalTopic: topic, originalKafkaPartition: 0, originalKafkaOffset: offset,
  };
}

export function struct(schema: Schema, values: Record<string, unknown>): Struct {
  const s = new Struct(schema);
  for (const [k, v] of Object.entries(values)) s.put(k, v);
  return s;
}

export const ID_KEY_SCHEMA = SchemaBuilder.struct().name('server.public.t.Key').field('id', Schemas.INT32).build();

export const ROW_SCHEMA = SchemaBuilder.struct().name('server.public.t.Value')
  .field('id', Schemas.INT32)
  .field('name', Schemas.OPTIONAL_STRING)
  .field('qty', Schemas.OPTIONAL_INT64)
  .build();

/** A Debezium change event envelope around `row` schemas. */
export function envelopeSchema(row: Schema = ROW_SCHEMA): Schema {
  const optionalRow = { ...row, optional: true };
  return SchemaBuilder.struct().name('server.public.t.Envelope')
    .field('before', optionalRow)
    .field('after', optionalRow)
    .field('source', SchemaBuilder.struct().name('io.debezium.connector.postgresql.Source').field('db', Schemas.STRING).build())
    .field('op', Schemas.STRING)
    .field('ts_ms', Schemas.OPTIONAL_INT64)
    .build();
}

/** One Debezium event: op c/u/r carry `after`, d carries `before`. */
export function debeziumRecord(topic: string, op: 'c' | 'u' | 'r' | 'd' | 't', id: number | null, row: Record<string, unknown> | null, rowSchema: Schema = ROW_SCHEMA): SinkRecord {
  const env = envelopeSchema(rowSchema);
  const optionalRow = env.fields!.find((f) => f.name === 'after')!.schema;
  const value = new Struct(env)
    .put('source', struct(env.fields!.find((f) => f.name === 'source')!.schema, { db: 'db' }))
    .put('op', op)
    .put('ts_ms', 0);
  if (row && op !== 'd') value.put('after', struct(optionalRow, row));
  if (row && op === 'd') value.put('before', struct(optionalRow, row));
  const key = id === null ? null : struct(ID_KEY_SCHEMA, { id });
  return sinkRecord(topic, id === null ? null : ID_KEY_SCHEMA, key, env, value);
}

export function flatRecord(topic: string, id: number, row: Record<string, unknown> | null, rowSchema: Schema = ROW_SCHEMA): SinkRecord {
  return sinkRecord(topic, ID_KEY_SCHEMA, struct(ID_KEY_SCHEMA, { id }), row ? rowSchema : null, row ? struct(rowSchema, row) : null);
}

const VSD_SCHEMA = DebeziumTypes.VariableScaleDecimal.builder().optional().build();

/** Every Connect and Debezium type the type-mapping tests of both databases check. */
export const ALL_TYPES_SCHEMA = SchemaBuilder.struct().name('types')
  .field('id', Schemas.INT32)
  .field('i8', Schemas.OPTIONAL_INT8).field('i16', Schemas.OPTIONAL_INT16).field('i64', Schemas.OPTIONAL_INT64)
  .field('f32', Schemas.OPTIONAL_FLOAT32).field('f64', Schemas.OPTIONAL_FLOAT64).field('b', Schemas.OPTIONAL_BOOLEAN)
  .field('s', Schemas.OPTIONAL_STRING).field('raw', Schemas.OPTIONAL_BYTES)
  .field('dec', Decimal.builder(4).optional().build())
  .field('d', ConnectDate.builder().optional().build())
  .field('tm', ConnectTime.builder().optional().build())
  .field('ts', ConnectTimestamp.builder().optional().build())
  .field('dbz_date', DebeziumTypes.Date.builder().optional().build())
  .field('dbz_micro_time', DebeziumTypes.MicroTime.builder().optional().build())
  .field('dbz_micro_ts', DebeziumTypes.MicroTimestamp.builder().optional().build())
  .field('dbz_zoned_ts', DebeziumTypes.ZonedTimestamp.builder().optional().build())
  .field('dbz_json', DebeziumTypes.Json.builder().optional().build())
  .field('dbz_uuid', DebeziumTypes.Uuid.builder().optional().build())
  .field('dbz_vsd', VSD_SCHEMA)
  .build();

/** Row id 1 of ALL_TYPES_SCHEMA with every field set (`s`: a string with the database's own quote characters). */
export function allTypesRow(s: string): Struct {
  return struct(ALL_TYPES_SCHEMA, {
    id: 1, i8: -128, i16: 32767, i64: 9_223_372_036_854_775_807n, f32: 1.5, f64: -2.25, b: true, s,
    raw: new Uint8Array([0, 255, 16]), dec: new DecimalValue(-1234567890123456789n, 4),
    d: new Date(Date.UTC(2024, 1, 29)), tm: new Date(Date.UTC(1970, 0, 1, 23, 59, 58, 125)),
    ts: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), dbz_date: 19782, dbz_micro_time: 45_296_123_456n,
    dbz_micro_ts: 1_704_164_645_123_456n, dbz_zoned_ts: '2024-01-02T03:04:05.123456+02:00',
    dbz_json: '{"a": [1, 2]}', dbz_uuid: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    dbz_vsd: new Struct(VSD_SCHEMA).put('scale', 3).put('value', new Uint8Array([0xcf, 0xc7])),
  });
}
