import { sourceRecord, type OffsetMap, type SourceRecord, type Struct } from '@tsconnect/sdk';
import { envelope, type Operation } from '../schema/envelope.js';
import { sourceStruct, type SourceInfo } from '../schema/source-info.js';
import type { TableSchema } from '../schema/table-schema.js';

export interface ChangeEvent {
  readonly table: TableSchema;
  readonly op: Operation;
  readonly key: Struct | null;
  readonly before: Struct | null;
  readonly after: Struct | null;
  readonly source: SourceInfo;
  readonly partition: OffsetMap;
  readonly offset: OffsetMap;
  readonly transaction?: Struct | null;
}

/** The data change record (Debezium's RelationalChangeRecordEmitter output for one op). */
export function changeRecord(e: ChangeEvent, now = Date.now()): SourceRecord {
  // The object sourceRecord() would build, field for field, without its defaults-then-spread copy (per-event hot path).
  return {
    kafkaPartition: null,
    // Truncates have no key, and no key schema either (Debezium's EventDispatcher): a required key
    // schema with a null key makes JsonConverter fail the task.
    keySchema: e.op === 't' && e.key === null ? null : e.table.keySchema,
    key: e.key,
    valueSchema: e.table.envelopeSchema,
    timestamp: null,
    headers: [],
    topic: e.table.topic,
    sourcePartition: e.partition,
    sourceOffset: e.offset,
    value: envelope(e.table.envelopeSchema, {
      op: e.op, before: e.before, after: e.after, source: sourceStruct(e.source), processedAtMs: now, transaction: e.transaction ?? null,
    }),
  };
}

/** Same key, null value: lets log compaction remove the deleted row. */
export function tombstone(e: ChangeEvent): SourceRecord {
  return sourceRecord({
    topic: e.table.topic,
    sourcePartition: e.partition,
    sourceOffset: e.offset,
    keySchema: e.table.keySchema,
    key: e.key,
    valueSchema: null,
    value: null,
  });
}
