import { SchemaBuilder, Schemas, Struct, type Schema } from '@tsconnect/sdk';
import { SOURCE_SCHEMA } from './source-info.js';

/** Debezium's `op` codes. */
export type Operation = 'r' | 'c' | 'u' | 'd' | 't' | 'm';

/** The optional `transaction` block (filled only with provide.transaction.metadata). */
export const TRANSACTION_BLOCK_SCHEMA: Schema = SchemaBuilder.struct()
  .optional()
  .name('event.block')
  .version(1)
  .field('id', Schemas.STRING)
  .field('total_order', Schemas.INT64)
  .field('data_collection_order', Schemas.INT64)
  .build();

/** `<prefix>.<schema>.<table>.Envelope` (version 2), fields in Debezium's order. */
export function envelopeSchema(name: string, valueSchema: Schema): Schema {
  return SchemaBuilder.struct()
    .name(name)
    .version(2)
    .field('before', valueSchema)
    .field('after', valueSchema)
    .field('source', SOURCE_SCHEMA)
    .field('transaction', TRANSACTION_BLOCK_SCHEMA)
    .field('op', Schemas.STRING)
    .field('ts_ms', Schemas.OPTIONAL_INT64)
    .field('ts_us', Schemas.OPTIONAL_INT64)
    .field('ts_ns', Schemas.OPTIONAL_INT64)
    .build();
}

export interface EnvelopeValues {
  readonly op: Operation;
  readonly before: Struct | null;
  readonly after: Struct | null;
  readonly source: Struct;
  /** Processing time, ms since the epoch (Debezium's envelope ts_ms). */
  readonly processedAtMs: number;
  /** The `transaction` block (provide.transaction.metadata), null otherwise. */
  readonly transaction?: Struct | null;
}

/** ts_us/ts_ns of the last envelope: records built in the same millisecond share them. */
let lastMs = Number.NaN;
let lastUs = 0;
let lastNs = 0n;

/** Values in the envelope schema's field order (per-event hot path: no per-field lookup or validation). */
export function envelope(schema: Schema, v: EnvelopeValues): Struct {
  if (v.processedAtMs !== lastMs) {
    const ms = BigInt(v.processedAtMs);
    lastMs = v.processedAtMs;
    lastUs = Number(ms * 1000n);
    lastNs = ms * 1_000_000n;
  }
  return Struct.fromTrustedValues(schema, [
    v.before ?? undefined, v.after ?? undefined, v.source, v.transaction ?? undefined, v.op, v.processedAtMs, lastUs, lastNs,
  ]);
}
