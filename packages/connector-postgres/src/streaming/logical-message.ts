import { SchemaBuilder, Schemas, Struct, sourceRecord, type OffsetMap, type Schema, type SourceRecord } from '@tsconnect/sdk';
import { TRANSACTION_BLOCK_SCHEMA } from '../schema/envelope.js';
import { SOURCE_SCHEMA, sourceStruct, type SourceInfo } from '../schema/source-info.js';

/** io.debezium.connector.postgresql.MessageKey: the prefix, as a struct so it can evolve. */
export const MESSAGE_KEY_SCHEMA: Schema = SchemaBuilder.struct()
  .name('io.debezium.connector.postgresql.MessageKey').version(1)
  .field('prefix', Schemas.OPTIONAL_STRING)
  .build();

const MESSAGE_BLOCK_SCHEMA: Schema = SchemaBuilder.struct()
  .name('io.debezium.connector.postgresql.Message').version(1)
  .field('prefix', Schemas.OPTIONAL_STRING)
  .field('content', Schemas.OPTIONAL_BYTES) // binary.handling.mode=bytes (Debezium's default)
  .build();

/** io.debezium.connector.postgresql.MessageValue (Debezium's PostgresSchemaFactory). */
export const MESSAGE_VALUE_SCHEMA: Schema = SchemaBuilder.struct()
  .name('io.debezium.connector.postgresql.MessageValue').version(1)
  .field('op', Schemas.STRING)
  .field('ts_ms', Schemas.OPTIONAL_INT64)
  .field('source', SOURCE_SCHEMA)
  .field('transaction', TRANSACTION_BLOCK_SCHEMA)
  .field('message', MESSAGE_BLOCK_SCHEMA)
  .build();

/** Data collection name Debezium counts logical messages under in transaction metadata. */
export const LOGICAL_MESSAGE_COLLECTION = 'LOGICAL_DECODING_MESSAGE';

export interface LogicalMessageEvent {
  readonly topicPrefix: string;
  readonly prefix: string;
  readonly content: Buffer;
  /** schema/table are empty: a message belongs to no table. */
  readonly source: SourceInfo;
  readonly transaction: Struct | null;
  readonly partition: OffsetMap;
  readonly offset: OffsetMap;
}

/** A pg_logical_emit_message() on `<topic.prefix>.message`, op "m" (Debezium's LogicalDecodingMessageMonitor). */
export function logicalMessageRecord(e: LogicalMessageEvent, now = Date.now()): SourceRecord {
  const value = new Struct(MESSAGE_VALUE_SCHEMA)
    .put('op', 'm')
    .put('ts_ms', now)
    .put('source', sourceStruct(e.source))
    .put('message', new Struct(MESSAGE_BLOCK_SCHEMA).put('prefix', e.prefix).put('content', e.content));
  if (e.transaction) value.put('transaction', e.transaction);
  return sourceRecord({
    topic: `${e.topicPrefix}.message`,
    sourcePartition: e.partition,
    sourceOffset: e.offset,
    keySchema: MESSAGE_KEY_SCHEMA,
    key: new Struct(MESSAGE_KEY_SCHEMA).put('prefix', e.prefix),
    valueSchema: MESSAGE_VALUE_SCHEMA,
    value,
  });
}
