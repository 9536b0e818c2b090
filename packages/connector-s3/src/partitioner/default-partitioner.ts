import type { SinkRecord } from '@tsconnect/sdk';
import type { Partitioner } from './partitioner.js';
import type { TimestampExtractor } from './timestamp-extractor.js';

/** `partition=<kafka partition>`: one directory per Kafka partition. */
export class DefaultPartitioner implements Partitioner {
  readonly timestampExtractor: TimestampExtractor | null = null;

  constructor(protected readonly delim: string) {}

  encodePartition(record: SinkRecord, _nowMs?: number): string {
    return `partition=${record.kafkaPartition}`;
  }

  generatePartitionedPath(topic: string, encodedPartition: string): string {
    return `${topic}${this.delim}${encodedPartition}`;
  }
}
