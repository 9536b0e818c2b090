import type { SinkRecord } from '@tsconnect/sdk';
import type { TimestampExtractor } from './timestamp-extractor.js';

/**
 * Maps a record to its "encoded partition", the directory part of the object key between the
 * topic and the file name (Confluent's io.confluent.connect.storage.partitioner.Partitioner).
 */
export interface Partitioner {
  encodePartition(record: SinkRecord, nowMs: number): string;
  /** `<topic><delim><encodedPartition>`, as all of Confluent's stock partitioners do. */
  generatePartitionedPath(topic: string, encodedPartition: string): string;
  /** Set for time-based partitioning; rotate.interval.ms only applies when it is. */
  readonly timestampExtractor: TimestampExtractor | null;
}
