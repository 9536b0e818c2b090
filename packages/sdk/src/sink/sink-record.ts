import type { ConnectRecord } from '../connect-record.js';

export type TimestampType = 'NoTimestampType' | 'CreateTime' | 'LogAppendTime';

/** A record read from Kafka and handed to a sink task. */
export interface SinkRecord extends ConnectRecord {
  readonly kafkaPartition: number;
  readonly kafkaOffset: number;
  readonly timestampType: TimestampType;
  /** Topic/partition/offset before any transformation renamed the topic. */
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: number;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** The next offset to consume for a partition (last processed + 1, as Kafka commits). */
export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
}
