import type { ConnectRecord } from '../connect-record.js';

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

/** Builds a SourceRecord with the optional fields defaulted. */
export function sourceRecord(
  fields: Pick<SourceRecord, 'topic' | 'sourcePartition' | 'sourceOffset' | 'value'> & Partial<SourceRecord>,
): SourceRecord {
  return {
    kafkaPartition: null,
    keySchema: null,
    key: null,
    valueSchema: null,
    timestamp: null,
    headers: [],
    ...fields,
  };
}
