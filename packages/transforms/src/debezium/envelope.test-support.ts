import { SchemaBuilder, Schemas, Struct, type Schema } from '@tsconnect/sdk';
import { sourceRec } from '../records.test-support.js';

/** A Debezium Postgres change event for table public.t(id int, name text), as the connector emits it. */
export const rowSchema = SchemaBuilder.struct().name('dbserver1.public.t.Value').optional()
  .field('id', Schemas.INT32).field('name', Schemas.OPTIONAL_STRING).build();
export const keySchema = SchemaBuilder.struct().name('dbserver1.public.t.Key').field('id', Schemas.INT32).build();
export const sourceSchema = SchemaBuilder.struct().name('io.debezium.connector.postgresql.Source')
  .field('version', Schemas.STRING).field('connector', Schemas.STRING).field('name', Schemas.STRING)
  .field('ts_ms', Schemas.INT64).field('db', Schemas.STRING).field('table', Schemas.OPTIONAL_STRING).build();
export const envelopeSchema = SchemaBuilder.struct().name('dbserver1.public.t.Envelope').version(2)
  .field('before', rowSchema).field('after', rowSchema).field('source', sourceSchema)
  .field('op', Schemas.STRING).field('ts_ms', Schemas.OPTIONAL_INT64).build();

export function row(schema: Schema, values: Record<string, unknown>): Struct {
  const s = new Struct(schema);
  for (const [k, v] of Object.entries(values)) s.put(k, v);
  return s;
}

export function changeEvent(op: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  const source = row(sourceSchema, { version: '2.7.0', connector: 'postgresql', name: 'dbserver1', ts_ms: 1_700_000_000_000, db: 'db', table: 't' });
  const value = row(envelopeSchema, {
    before: before && row(rowSchema, before), after: after && row(rowSchema, after), source, op, ts_ms: 1_700_000_000_123,
  });
  const id = (after ?? before)!['id'];
  return sourceRec({ topic: 'dbserver1.public.t', keySchema, key: row(keySchema, { id }), valueSchema: envelopeSchema, value, timestamp: 5 });
}
