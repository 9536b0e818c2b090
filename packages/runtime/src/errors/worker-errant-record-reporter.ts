import type { ErrantRecordReporter, SinkRecord } from '@tsconnect/sdk';
import type { TaskConverters } from '../worker/converters.js';
import { toKafkaHeaders } from '../worker/converters.js';
import { sinkContext, type ConsumedRecord } from './processing-context.js';
import type { RetryWithToleranceOperator } from './retry-with-tolerance-operator.js';

/**
 * The `errantRecordReporter` a SinkTask gets (Kafka's WorkerErrantRecordReporter): the record
 * goes through the error reporters (log, DLQ with the `__connect.errors.*` headers, stage
 * TASK_PUT). The DLQ receives the original consumed bytes when the runtime still knows them
 * (the record, or one with the same original topic/partition/offset, came from this task);
 * otherwise the record is serialized again with the task's converters.
 * With `errors.tolerance=none` reporting fails the task, as in Kafka.
 */
export function createErrantRecordReporter(
  operator: RetryWithToleranceOperator,
  taskClass: string,
  original: (record: SinkRecord) => ConsumedRecord | undefined,
  converters: TaskConverters,
): ErrantRecordReporter {
  return async (record: SinkRecord, error: Error): Promise<void> => {
    const consumed = original(record) ?? await reserialize(record, converters);
    await operator.executeFailed(sinkContext(consumed), 'TASK_PUT', taskClass, error);
  };
}

async function reserialize(record: SinkRecord, converters: TaskConverters): Promise<ConsumedRecord> {
  const topic = record.topic;
  const buf = (b: Uint8Array | null): Buffer | null => (b === null ? null : Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  return {
    topic: record.originalTopic ?? topic,
    partition: record.originalKafkaPartition ?? record.kafkaPartition,
    offset: String(record.originalKafkaOffset ?? record.kafkaOffset),
    timestamp: String(record.timestamp ?? -1),
    key: buf(await converters.key.fromConnectData(topic, record.keySchema, record.key, [...record.headers])),
    value: buf(await converters.value.fromConnectData(topic, record.valueSchema, record.value, [...record.headers])),
    headers: toKafkaHeaders(converters.header, topic, record.headers),
  };
}
