import type { KafkaMessage } from 'kafkajs';
import type { SinkRecord } from '@tsconnect/sdk';
import { sinkContext, type ConsumedRecord } from '../errors/processing-context.js';
import type { RetryWithToleranceOperator } from '../errors/retry-with-tolerance-operator.js';
import { fromKafkaHeaders, type TaskConverters } from './converters.js';
import type { TransformationChain } from './transformation-chain.js';

/**
 * Turns one consumed message into the SinkRecord handed to `put` (Kafka's
 * WorkerSinkTask.convertAndTransformRecord): key, value and header converters, then the
 * transformation chain, each stage through the error handler. Returns null when the record
 * was dropped by a transformation or skipped after a tolerated error.
 */
export async function convertAndTransform(
  topic: string, partition: number, m: KafkaMessage,
  converters: TaskConverters, transforms: TransformationChain<SinkRecord>, operator: RetryWithToleranceOperator,
): Promise<{ record: SinkRecord | null; consumed: ConsumedRecord }> {
  const consumed: ConsumedRecord = {
    topic, partition, offset: m.offset, timestamp: m.timestamp, key: m.key ?? null, value: m.value ?? null, headers: m.headers,
  };
  const ctx = sinkContext(consumed);
  const cn = converters.classNames;
  // Headers first: our converters see Connect headers (Kafka's see the raw ones).
  const headers = await operator.execute(ctx, 'HEADER_CONVERTER', cn.header, () => fromKafkaHeaders(converters.header, topic, m.headers));
  const key = await operator.execute(ctx, 'KEY_CONVERTER', cn.key, () => converters.key.toConnectData(topic, consumed.key, headers ?? []));
  const value = await operator.execute(ctx, 'VALUE_CONVERTER', cn.value, () => converters.value.toConnectData(topic, consumed.value, headers ?? []));
  if (ctx.error || !key || !value || !headers) return { record: null, consumed };
  const offset = Number(m.offset);
  const record: SinkRecord = {
    topic, kafkaPartition: partition, kafkaOffset: offset,
    keySchema: key.schema, key: key.value, valueSchema: value.schema, value: value.value,
    timestamp: Number(m.timestamp), timestampType: 'CreateTime', headers,
    originalTopic: topic, originalKafkaPartition: partition, originalKafkaOffset: offset,
  };
  if (transforms.isEmpty) return { record, consumed };
  const out = await transforms.applyWith(record, (cls, op) => operator.execute(ctx, 'TRANSFORMATION', cls, op), () => ctx.error !== null);
  return { record: ctx.error ? null : out, consumed };
}
