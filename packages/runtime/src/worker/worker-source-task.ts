import { Partitioners, type Kafka, type Message, type Producer, type RecordMetadata as KafkaRecordMetadata } from 'kafkajs';
import { type RecordMetadata, type SourceRecord, type SourceTask, type SourceTaskContext } from '@tsconnect/sdk';
import type { Logger } from 'pino';
import { sourceContext } from '../errors/processing-context.js';
import type { RetryWithToleranceOperator } from '../errors/retry-with-tolerance-operator.js';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { TaskMetricsGroup } from '../metrics/task-metrics.js';
import type { TargetState } from '../storage/config-backing-store.js';
import { offsetKey, offsetValue, type OffsetBackingStore } from '../storage/offset-backing-store.js';
import { ConnectorOffsetStorageReader } from '../storage/offset-storage-reader.js';
import { toKafkaHeaders, type TaskConverters } from './converters.js';
import type { TopicAdmin } from './kafka-clients.js';
import { sleep, withRetries, type RetryPolicy } from './retry.js';
import type { TransformationChain } from './transformation-chain.js';
import { WorkerTask, taskIdString, type TaskStatusListener } from './worker-task.js';

export interface WorkerSourceTaskOptions {
  readonly id: ConnectorTaskId;
  readonly task: SourceTask;
  readonly taskConfig: Readonly<Record<string, string>>;
  readonly initialState: TargetState;
  readonly kafka: Kafka;
  readonly topicAdmin: TopicAdmin;
  readonly converters: TaskConverters;
  readonly transforms: TransformationChain<SourceRecord>;
  readonly offsetStore: OffsetBackingStore;
  readonly offsetFlushIntervalMs: number;
  /** Retries of RetriableException from `poll`. */
  readonly retry: RetryPolicy;
  /** Per-record error handling of the transform and convert stages (no DLQ for sources, as Kafka). */
  readonly errorHandler: RetryWithToleranceOperator;
  readonly metrics: TaskMetricsGroup;
  readonly listener: TaskStatusListener;
  readonly log: Logger;
}

/** Records per producer request, and a byte budget under the broker's default 1 MB batch limit. */
const MAX_SEND_RECORDS = 1000;
const MAX_SEND_BYTES = 900 * 1024;

interface Outgoing {
  readonly record: SourceRecord;
  /** null when a transformation dropped the record or errors.tolerance=all skipped it. */
  readonly message: (Message & { partition: number }) | null;
  readonly topic: string;
}

/**
 * Runs one SourceTask (Kafka's WorkerSourceTask): poll → transforms → converters → idempotent
 * producer (acks=all, one request in flight, so per-partition order holds) → after the ack,
 * `commitRecord` and the record's offset becomes pending → every `offset.flush.interval.ms`
 * pending offsets are written to the offset store and then `SourceTask.commit` is called.
 * An offset is never stored before Kafka acknowledged its record.
 */
export class WorkerSourceTask extends WorkerTask {
  private producer: Producer | null = null;
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private pendingOffsets = new Map<string, string | null>();
  private unflushedAcks = 0;
  private lastFlush = Date.now();
  private taskStopped = false;
  private taskStarted = false;
  private loopExited: Promise<void> = Promise.resolve();
  private readonly usedTopics = new Set<string>();

  constructor(private readonly o: WorkerSourceTaskOptions) {
    super(o.id, o.initialState, o.listener, o.log);
  }

  protected async execute(): Promise<void> {
    const { task, id } = this.o;
    this.producer = this.o.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    await this.producer.connect();
    const context: SourceTaskContext = {
      offsetStorageReader: new ConnectorOffsetStorageReader(id.connector, this.o.offsetStore),
      configs: this.o.taskConfig,
      signal: this.signal,
    };
    await task.start(this.o.taskConfig, context);
    this.taskStarted = true;
    this.listener.onStartup(id);
    if (this.targetState === 'PAUSED') this.listener.onPause(id);
    let exitLoop!: () => void;
    this.loopExited = new Promise((r) => { exitLoop = r; });
    try {
      await this.pollLoop();
    } finally {
      exitLoop();
      // Also on failure: every pending offset belongs to a record Kafka acknowledged.
      await this.flushOffsets(true).catch((e: unknown) => this.log.error({ err: e }, 'Final offset flush failed'));
    }
  }

  private async pollLoop(): Promise<void> {
    while (!this.isStopping) {
      if (this.targetState === 'PAUSED') {
        await this.flushOffsets(true);
        await this.waitWhilePaused();
        continue;
      }
      const started = Date.now();
      const records = await withRetries(async () => this.o.task.poll(), this.o.retry, this.signal, (e, attempt, delay) => {
        this.log.warn({ err: e, task: taskIdString(this.o.id), attempt }, `poll() threw a RetriableException; retrying in ${delay} ms`);
        this.o.metrics.errors.recordRetry();
      });
      if (records && records.length > 0) {
        this.o.metrics.source!.recordPoll(records.length, Date.now() - started);
        this.o.metrics.task.recordBatch(records.length);
        await this.sendRecords(records);
      }
      await this.flushOffsets(false);
    }
  }

  private async sendRecords(records: readonly SourceRecord[]): Promise<void> {
    const outgoing: Outgoing[] = [];
    for (const record of records) outgoing.push(await this.prepare(record));
    const topics = [...new Set(outgoing.filter((o) => o.message).map((o) => o.topic))];
    const metadata = topics.length > 0 ? await this.o.topicAdmin.ensureTopics(topics) : new Map();
    for (const o of outgoing) {
      if (!o.message) continue;
      if (o.message.partition < 0) {
        const { partition: _unset, ...message } = o.message;
        o.message.partition = this.partitioner({ topic: o.topic, partitionMetadata: metadata.get(o.topic)!.partitions, message });
      }
    }
    for (const t of topics) {
      if (!this.usedTopics.has(t)) {
        this.usedTopics.add(t);
        this.listener.onTopicUsed(this.o.id, t);
      }
    }
    let start = 0;
    while (start < outgoing.length) {
      let end = start;
      let bytes = 0;
      while (end < outgoing.length && end - start < MAX_SEND_RECORDS && (end === start || bytes < MAX_SEND_BYTES)) {
        bytes += messageSize(outgoing[end]!.message);
        end++;
      }
      await this.sendChunk(outgoing.slice(start, end));
      start = end;
    }
  }

  /** Transforms and converts one record, each stage through the error handler (tolerated failures: skipped). */
  private async prepare(record: SourceRecord): Promise<Outgoing> {
    const { converters, errorHandler: op } = this.o;
    const ctx = sourceContext(record);
    const transformed = this.o.transforms.isEmpty
      ? record
      : await this.o.transforms.applyWith(record, (cls, fn) => op.execute(ctx, 'TRANSFORMATION', cls, fn), () => ctx.error !== null);
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

  private async sendChunk(chunk: readonly Outgoing[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const o of chunk) {
      if (!o.message) continue;
      const list = byTopic.get(o.topic) ?? [];
      list.push(o.message);
      byTopic.set(o.topic, list);
    }
    let acks: KafkaRecordMetadata[] = [];
    if (byTopic.size > 0) {
      acks = await this.producer!.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    }
    // Offsets of a partition's records are consecutive from the request's baseOffset, in send order.
    const next = new Map<string, bigint>();
    for (const a of acks) next.set(`${a.topicName}\u0000${a.partition}`, BigInt(a.baseOffset ?? a.offset ?? '0'));
    const logAppend = new Map(acks.map((a) => [`${a.topicName}\u0000${a.partition}`, Number(a.logAppendTime ?? -1)]));
    let written = 0;
    for (const o of chunk) {
      let meta: RecordMetadata | null = null;
      if (o.message) {
        const k = `${o.topic}\u0000${o.message.partition}`;
        const offset = next.get(k);
        if (offset === undefined) throw new Error(`Producer returned no metadata for ${o.topic}-${o.message.partition}`);
        next.set(k, offset + 1n);
        const appendTime = logAppend.get(k) ?? -1;
        meta = { topic: o.topic, partition: o.message.partition, offset: offset.toString(), timestamp: appendTime > 0 ? appendTime : Number(o.message.timestamp) };
      }
      await this.o.task.commitRecord?.(o.record, meta);
      if (meta) written++;
      this.pendingOffsets.set(offsetKey(this.o.id.connector, o.record.sourcePartition), offsetValue(o.record.sourceOffset));
      this.unflushedAcks++;
    }
    this.o.metrics.source!.recordWrite(written, chunk.length);
  }

  /** Writes acknowledged offsets when the flush interval elapsed (or `force`), then `commit()`. */
  private async flushOffsets(force: boolean): Promise<void> {
    if (!force && Date.now() - this.lastFlush < this.o.offsetFlushIntervalMs) return;
    this.lastFlush = Date.now();
    if (this.unflushedAcks === 0) return;
    const snapshot = this.pendingOffsets;
    this.pendingOffsets = new Map();
    const acks = this.unflushedAcks;
    this.unflushedAcks = 0;
    if (snapshot.size > 0) {
      try {
        await this.o.offsetStore.set(snapshot);
      } catch (e) {
        // Keep them for the next attempt; newer offsets of the same partition win.
        for (const [k, v] of snapshot) if (!this.pendingOffsets.has(k)) this.pendingOffsets.set(k, v);
        this.unflushedAcks += acks;
        this.log.error({ err: e, task: taskIdString(this.o.id) }, 'Failed to flush source offsets; will retry');
        return;
      }
    }
    await this.o.task.commit?.();
  }

  protected override async onStopRequested(timeoutMs: number): Promise<void> {
    // Let a poll that watches the signal return on its own, so commit() still runs before
    // stop(); if it does not return in time, stop() the task to unblock it (the SDK contract).
    const exited = await Promise.race([this.loopExited.then(() => true), sleep(Math.max(100, timeoutMs / 2)).then(() => false)]);
    if (!exited) await this.stopTask();
  }

  private async stopTask(): Promise<void> {
    if (this.taskStopped || !this.taskStarted) return;
    this.taskStopped = true;
    await this.o.task.stop();
  }

  protected async cleanup(): Promise<void> {
    try {
      await this.stopTask();
    } finally {
      this.o.transforms.close();
      await this.o.errorHandler.close().catch((e: unknown) => this.log.warn({ err: e }, 'Error closing error reporters'));
      await this.producer?.disconnect();
    }
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function messageSize(m: Message | null): number {
  if (!m) return 0;
  const len = (v: Message['value'] | Message['key']) => (v == null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length);
  return len(m.key) + len(m.value) + 64;
}
