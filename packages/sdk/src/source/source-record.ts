import type { ConnectRecord, Header } from '../connect-record.js';

/** A JSON-able map: source partitions and offsets are stored in the offsets topic as JSON. */
export type OffsetMap = Readonly<Record<string, string | number | boolean | null>>;

/**
 * A record produced by a source task. `sourcePartition` names the stream it came from (a table,
 * a file, a replication slot); `sourceOffset` the position to resume from after it.
 */
export interface SourceRecord extends ConnectRecord {
  readonly sourcePartition: OffsetMap;
  readonly sourceOffset: OffsetMap;
}

/** Where Kafka stored a source record, passed to `SourceTask.commitRecord`. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: number;
}

const NO_HEADERS: readonly Header[] = Object.freeze([]);

/** Builds a SourceRecord with the optional fields defaulted. */
export function sourceRecord(
  fields: Pick<SourceRecord, 'topic' | 'sourcePartition' | 'sourceOffset' | 'value'> & Partial<SourceRecord>,
): SourceRecord {
  // One literal of one shape, no spread: sources build one of these for every record.
  return {
    topic: fields.topic,
    kafkaPartition: fields.kafkaPartition ?? null,
    keySchema: fields.keySchema ?? null,
    key: fields.key ?? null,
    valueSchema: fields.valueSchema ?? null,
    value: fields.value,
    timestamp: fields.timestamp ?? null,
    headers: fields.headers ?? NO_HEADERS,
    sourcePartition: fields.sourcePartition,
    sourceOffset: fields.sourceOffset,
  };
}
