import type { Message } from 'kafkajs';
import type { SourceRecord } from '@tsconnect/sdk';
import { sourceContext } from '../errors/processing-context.js';
import type { RetryWithToleranceOperator } from '../errors/retry-with-tolerance-operator.js';
import { toKafkaHeaders, type TaskConverters } from './converters.js';
import type { TransformationChain } from './transformation-chain.js';

/** A polled record and the producer message it became. */
export interface Outgoing {
  readonly record: SourceRecord;
  /** null when a transformation dropped the record or errors.tolerance=all skipped it. */
  readonly message: (Message & { partition: number }) | null;
  readonly topic: string;
}

/**
 * SourceRecord → producer message (Kafka's WorkerSourceTask#convertTransformedRecord): the
 * transformation chain, then the key, value and header converters, each stage through the error
 * handler (tolerated failures: the record is skipped). The partition stays -1 unless the record
 * or a transformation set one.
 */
export class SourceRecordConverter {
  constructor(
    private readonly converters: TaskConverters,
    private readonly transforms: TransformationChain<SourceRecord>,
    private readonly op: RetryWithToleranceOperator,
  ) {}

  async convert(record: SourceRecord): Promise<Outgoing> {
    const { converters, op } = this;
    const ctx = sourceContext(record);
    const transformed = this.transforms.isEmpty
      ? record
      : await this.transforms.applyWith(record, (cls, fn) => op.execute(ctx, 'TRANSFORMATION', cls, fn), () => ctx.error !== null);
    if (transformed === null) return { record, message: null, topic: record.topic };
    const topic = transformed.topic;
    const headers = [...transformed.headers];
    const cn = converters.classNames;
    const key = await op.execute(ctx, 'KEY_CONVERTER', cn.key, () => converters.key.fromConnectData(topic, transformed.keySchema, transformed.key, headers));
    const value = await op.execute(ctx, 'VALUE_CONVERTER', cn.value, () => converters.value.fromConnectData(topic, transformed.valueSchema, transformed.value, headers));
    const kafkaHeaders = await op.execute(ctx, 'HEADER_CONVERTER', cn.header, () => toKafkaHeaders(converters.header, topic, headers) ?? null);
    if (ctx.error) return { record, message: null, topic };
    const message: Message & { partition: number } = {
      key: key === null ? null : toBuffer(key),
      value: value === null ? null : toBuffer(value),
      partition: transformed.kafkaPartition ?? -1,
      timestamp: String(transformed.timestamp ?? Date.now()),
    };
    if (kafkaHeaders) message.headers = kafkaHeaders;
    return { record, message, topic };
  }
}

/** A view, not a copy: converters' Uint8Arrays are wrapped as they are. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Bytes a message adds to a produce request (key + value + a record header estimate). */
export function messageSize(m: Message | null): number {
  if (!m) return 0;
  const len = (v: Message['value'] | Message['key']) => (v == null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length);
  return len(m.key) + len(m.value) + 64;
}
