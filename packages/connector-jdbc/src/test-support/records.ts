import { SchemaBuilder, Schemas, Struct, type Schema, type SinkRecord } from '@tsconnect/sdk';

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
