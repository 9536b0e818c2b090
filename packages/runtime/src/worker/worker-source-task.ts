import { Partitioners, type Kafka, type Message, type Producer, type RecordMetadata as KafkaRecordMetadata } from 'kafkajs';
import { type RecordMetadata, type SourceRecord, type SourceTask, type SourceTaskContext } from '@tsconnect/sdk';
import type { Logger } from 'pino';
import { sourceContext } from '../errors/processing-context.js';
import type { RetryWithToleranceOperator } from '../errors/retry-with-tolerance-operator.js';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { TaskMetricsGroup } from '../metrics/task-metrics.js';
import type { TargetState } from '../storage/config-backing-store.js';
import { FallbackOffsetBackingStore } from '../storage/fallback-offset-backing-store.js';
import { KafkaOffsetBackingStore } from '../storage/kafka-offset-backing-store.js';
import { offsetKey, offsetValue, type OffsetBackingStore } from '../storage/offset-backing-store.js';
import { ConnectorTransactionContext, type BoundaryAction } from '../exactly-once/connector-transaction-context.js';
import type { ExactlyOnceTaskSettings } from '../exactly-once/exactly-once-config.js';
import { SourceTransactions, TransactionFailure } from '../exactly-once/source-transactions.js';
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
  /** KIP-618: run the task in Kafka transactions (null/absent: at-least-once). */
  readonly exactlyOnce?: ExactlyOnceTaskSettings | null;
}

/** Records per producer request, and a byte budget under the broker's default 1 MB batch limit. */
const MAX_SEND_RECORDS = 5000;
const MAX_SEND_BYTES = 900 * 1024;
/** Consecutive failed transactions the task restarts from committed offsets before it fails. */
const MAX_TRANSACTION_RESTARTS = 5;

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
 *
 * Exactly-once (`exactlyOnce` set, KIP-618): a transactional producer instead; the records of a
 * transaction and their source offsets (written to the offsets topic) commit atomically at the
 * `transaction.boundary`, and only then `commitRecord`/`commit` run. A failed transaction is
 * aborted and the task restarts from the committed offsets; a fenced producer fails the task.
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
  private task: SourceTask;
  private txns: SourceTransactions | null = null;
  /** The offsets store of an exactly-once task when it is not the worker's (stopped in cleanup). */
  private ownOffsetStore: KafkaOffsetBackingStore | null = null;
  private readerStore: OffsetBackingStore;
  private readonly txnContext: ConnectorTransactionContext | null;
  /** At-least-once: the one produce request in flight (its acks + commitRecord), overlapped with the next poll/convert. */
  private inflight: Promise<void> | null = null;

  constructor(private readonly o: WorkerSourceTaskOptions) {
    super(o.id, o.initialState, o.listener, o.log);
    this.task = o.task;
    this.readerStore = o.offsetStore;
    this.txnContext = o.exactlyOnce?.boundary === 'connector' ? new ConnectorTransactionContext() : null;
  }

  protected async execute(): Promise<void> {
    const { id } = this.o;
    if (this.o.exactlyOnce) {
      await this.openOffsetStore(this.o.exactlyOnce);
      this.txns = new SourceTransactions(this.o.kafka, this.o.exactlyOnce, this.log);
      // Fence earlier instances (and abort what they left open) before reading offsets.
      await this.txns.start();
    } else {
      this.producer = this.o.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
      await this.producer.connect();
    }
    await this.startTask();
    this.listener.onStartup(id);
    if (this.targetState === 'PAUSED') this.listener.onPause(id);
    let exitLoop!: () => void;
    this.loopExited = new Promise((r) => { exitLoop = r; });
    let failed = true;
    try {
      await this.runLoop();
      failed = false;
    } finally {
      exitLoop();
      if (this.txns) {
        // A clean stop commits the open transaction; after a failure it is left for the broker
        // to abort (the producer closes; the next instance's initTransactions aborts it).
        if (!failed) await this.commitTransaction().catch((e: unknown) => this.log.error({ err: e }, 'Final transaction commit failed'));
      } else {
        // Also on failure: every pending offset belongs to a record Kafka acknowledged.
        await this.flushOffsets(true).catch((e: unknown) => this.log.error({ err: e }, 'Final offset flush failed'));
      }
    }
  }

  /** Exactly-once offsets live in a topic: the worker's store when it is that topic, else one of the task's own. */
  private async openOffsetStore(eos: ExactlyOnceTaskSettings): Promise<void> {
    const worker = this.o.offsetStore;
    if (worker instanceof KafkaOffsetBackingStore && worker.settings.topic === eos.offsetTopic.topic) return;
    this.ownOffsetStore = new KafkaOffsetBackingStore(this.o.kafka, eos.offsetTopic, this.log.child({ component: 'offset-store' }));
    await this.ownOffsetStore.start();
    this.readerStore = new FallbackOffsetBackingStore(this.ownOffsetStore, worker);
  }

  private async startTask(): Promise<void> {
    const context: SourceTaskContext = {
      offsetStorageReader: new ConnectorOffsetStorageReader(this.o.id.connector, this.readerStore),
      configs: this.o.taskConfig,
      signal: this.signal,
      ...(this.txnContext ? { transactionContext: this.txnContext } : {}),
    };
    this.taskStopped = false;
    await this.task.start(this.o.taskConfig, context);
    this.taskStarted = true;
  }

  /** The poll loop; with exactly-once, a failed transaction restarts the task from committed offsets. */
  private async runLoop(): Promise<void> {
    let failures = 0;
    for (;;) {
      try {
        if (failures > 0) await this.restartFromCommittedOffsets(failures);
        await this.pollLoop();
        return;
      } catch (e) {
        if (!(e instanceof TransactionFailure) || this.isStopping || failures >= MAX_TRANSACTION_RESTARTS) throw e;
        failures = this.committedSinceFailure ? 1 : failures + 1;
        this.committedSinceFailure = false;
        this.log.warn({ err: e, task: taskIdString(this.o.id), attempt: failures }, 'Transaction failed; restarting the task from its last committed offsets');
      }
    }
  }

  private committedSinceFailure = false;

  private async restartFromCommittedOffsets(attempt: number): Promise<void> {
    await sleep(Math.min(1000 * attempt, 10_000), this.signal);
    if (this.isStopping) return;
    await this.stopTask();
    this.txnContext?.clear();
    // A new producer: InitProducerId aborts the failed transaction on the broker.
    await this.txns!.start();
    this.task = new (this.task.constructor as new () => SourceTask)();
    this.taskStarted = false;
    await this.startTask();
  }

  private async pollLoop(): Promise<void> {
    let ok = false;
    try {
      await this.pollLoopInner();
      ok = true;
    } finally {
      // The final flush must see the last acks; a poll failure wins over a send failure.
      if (ok) await this.awaitInflight();
      else await this.awaitInflight().catch(() => undefined);
    }
  }

  private async awaitInflight(): Promise<void> {
    const p = this.inflight;
    this.inflight = null;
    if (p) await p;
  }

  private async pollLoopInner(): Promise<void> {
    while (!this.isStopping) {
      if (this.targetState === 'PAUSED') {
        await this.awaitInflight();
        if (this.txns) await this.commitTransaction();
        else await this.flushOffsets(true);
        await this.waitWhilePaused();
        continue;
      }
      const started = Date.now();
      const records = await withRetries(async () => this.task.poll(), this.o.retry, this.signal, (e, attempt, delay) => {
        this.log.warn({ err: e, task: taskIdString(this.o.id), attempt }, `poll() threw a RetriableException; retrying in ${delay} ms`);
        this.o.metrics.errors.recordRetry();
      });
      if (records && records.length > 0) {
        this.o.metrics.source!.recordPoll(records.length, Date.now() - started);
        this.o.metrics.task.recordBatch(records.length);
        await this.sendRecords(records);
      }
      if (this.txns) await this.atBatchEnd(records !== null && records.length > 0);
      else await this.flushOffsets(false);
    }
  }

  /** Ends the transaction when its boundary is reached (poll: after each non-empty batch). */
  private async atBatchEnd(hadRecords: boolean): Promise<void> {
    const eos = this.o.exactlyOnce!;
    if (eos.boundary === 'poll') {
      if (hadRecords) await this.commitTransaction();
    } else if (eos.boundary === 'interval') {
      if (this.txns!.ageMs >= eos.intervalMs) await this.commitTransaction();
    } else {
      await this.endTransaction(this.txnContext!.takeBatchAction());
    }
  }

  private async endTransaction(action: BoundaryAction | null): Promise<void> {
    if (action === 'commit') await this.commitTransaction();
    else if (action === 'abort') {
      const dropped = await this.txns!.abort();
      this.log.info({ task: taskIdString(this.o.id), records: dropped }, 'Aborted transaction at the connector\'s request; its records are discarded');
    }
  }

  /** Commits records + offsets atomically, then `commitRecord` for each and `commit()`. */
  private async commitTransaction(): Promise<void> {
    const started = Date.now();
    const committed = await this.txns!.commit();
    if (committed.length === 0) return;
    this.committedSinceFailure = true;
    this.o.metrics.task.recordCommit(Date.now() - started);
    for (const c of committed) await this.task.commitRecord?.(c.record, c.metadata);
    await this.task.commit?.();
  }

  /** Converts records into chunks of one produce request each; a chunk is sent as soon as it is full. */
  private async sendRecords(records: readonly SourceRecord[]): Promise<void> {
    let chunk: Outgoing[] = [];
    let bytes = 0;
    for (const record of records) {
      const o = await this.prepare(record);
      const size = messageSize(o.message);
      if (chunk.length > 0 && (chunk.length >= MAX_SEND_RECORDS || bytes + size > MAX_SEND_BYTES)) {
        await this.dispatch(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(o);
      bytes += size;
      // Connector-defined boundary right after this record: end the chunk here.
      const action = this.txnContext?.takeRecordAction(record) ?? null;
      if (action) {
        await this.dispatch(chunk);
        chunk = [];
        bytes = 0;
        await this.endTransaction(action);
      }
    }
    if (chunk.length > 0) await this.dispatch(chunk);
  }

  private async dispatch(chunk: Outgoing[]): Promise<void> {
    await this.assignPartitions(chunk);
    if (this.txns) {
      await this.sendChunk(chunk);
      return;
    }
    // At-least-once: one request in flight (per-partition order, commitRecord in send order);
    // the next chunk's conversion and the next poll() run while it waits for its acks.
    await this.awaitInflight();
    const p = this.sendChunk(chunk);
    p.catch(() => undefined); // surfaced by the next awaitInflight, not as an unhandled rejection
    this.inflight = p;
  }

  /** Creates missing topics and picks the partition of records that have none (Kafka's DefaultPartitioner). */
  private async assignPartitions(chunk: readonly Outgoing[]): Promise<void> {
    const topics = [...new Set(chunk.filter((o) => o.message).map((o) => o.topic))];
    if (topics.length === 0) return;
    const metadata = await this.o.topicAdmin.ensureTopics(topics);
    for (const o of chunk) {
      if (!o.message || o.message.partition >= 0) continue;
      const partitionMetadata = metadata.get(o.topic)!.partitions;
      // One partition: nothing to choose (skips kafkajs's JS murmur2 of every key).
      if (partitionMetadata.length === 1) o.message.partition = 0;
      else {
        const { partition: _unset, ...message } = o.message;
        o.message.partition = this.partitioner({ topic: o.topic, partitionMetadata, message });
      }
    }
    for (const t of topics) {
      if (!this.usedTopics.has(t)) {
        this.usedTopics.add(t);
        this.listener.onTopicUsed(this.o.id, t);
      }
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
      const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
      acks = this.txns ? await this.txns.sendBatch(topicMessages) : await this.producer!.sendBatch({ acks: -1, topicMessages });
    }
    // Offsets of a partition's records are consecutive from the request's baseOffset, in send order.
    const next = new Map<string, bigint>();
    for (const a of acks) next.set(`${a.topicName}\u0000${a.partition}`, BigInt(a.baseOffset ?? a.offset ?? '0'));
    const logAppend = new Map(acks.map((a) => [`${a.topicName}\u0000${a.partition}`, Number(a.logAppendTime ?? -1)]));
    let written = 0;
    const latest = new Map<string, SourceRecord['sourceOffset']>();
    const metas: (RecordMetadata | null)[] = [];
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
      if (meta) written++;
      const key = this.offsetKeyOf(o.record.sourcePartition);
      if (this.txns) {
        // commitRecord and the offset wait for the transaction's commit.
        this.txns.add(o.record, meta, key, offsetValue(o.record.sourceOffset));
        continue;
      }
      latest.set(key, o.record.sourceOffset);
      metas.push(meta);
    }
    if (!this.txns) {
      // Every record of the chunk is acknowledged: its offsets become pending first, synchronously,
      // so a flushOffsets() + commit() that runs between the commitRecord calls below (the next
      // poll overlaps them) stores at least the offset of each record already committed. Only the
      // newest offset per partition matters: serialized once per chunk.
      for (const [key, offset] of latest) this.pendingOffsets.set(key, offsetValue(offset));
      this.unflushedAcks += chunk.length;
      for (let i = 0; i < chunk.length; i++) await this.task.commitRecord?.(chunk[i]!.record, metas[i] ?? null);
    }
    this.o.metrics.source!.recordWrite(written, chunk.length);
  }

  /** offsetKey, cached for the partition object last seen (connectors tend to reuse one). */
  private offsetKeyOf(partition: SourceRecord['sourcePartition']): string {
    if (partition !== this.lastPartition) {
      this.lastPartition = partition;
      this.lastPartitionKey = offsetKey(this.o.id.connector, partition);
    }
    return this.lastPartitionKey;
  }

  private lastPartition: SourceRecord['sourcePartition'] | null = null;
  private lastPartitionKey = '';

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
    await this.task.commit?.();
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
    await this.task.stop();
  }

  protected async cleanup(): Promise<void> {
    try {
      await this.stopTask();
    } finally {
      this.o.transforms.close();
      await this.o.errorHandler.close().catch((e: unknown) => this.log.warn({ err: e }, 'Error closing error reporters'));
      await this.producer?.disconnect();
      await this.txns?.close();
      await this.ownOffsetStore?.stop().catch((e: unknown) => this.log.warn({ err: e }, 'Error closing the offsets store'));
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
