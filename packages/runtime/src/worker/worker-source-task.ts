import type { Kafka } from 'kafkajs';
import type { SourceRecord, SourceTask, SourceTaskContext } from '@tsconnect/sdk';
import type { Logger } from 'pino';
import type { RetryWithToleranceOperator } from '../errors/retry-with-tolerance-operator.js';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { TaskMetricsGroup } from '../metrics/task-metrics.js';
import type { TargetState } from '../storage/config-backing-store.js';
import type { KafkaOffsetBackingStore } from '../storage/kafka-offset-backing-store.js';
import { offsetValue, type OffsetBackingStore } from '../storage/offset-backing-store.js';
import { ConnectorTransactionContext } from '../exactly-once/connector-transaction-context.js';
import type { ExactlyOnceTaskSettings } from '../exactly-once/exactly-once-config.js';
import { exactlyOnceOffsetStore, SourceTransactionBoundaries } from '../exactly-once/source-transaction-boundaries.js';
import { SourceTransactions, TransactionFailure } from '../exactly-once/source-transactions.js';
import { ConnectorOffsetStorageReader } from '../storage/offset-storage-reader.js';
import type { TaskConverters } from './converters.js';
import type { TopicAdmin } from './kafka-clients.js';
import { sleep, withRetries, type RetryPolicy } from './retry.js';
import { OffsetKeyCache, SourceOffsetCommitter } from './source-offset-committer.js';
import { SourceProducer } from './source-producer.js';
import { messageSize, SourceRecordConverter, type Outgoing } from './source-record-converter.js';
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

/**
 * Runs one SourceTask (Kafka's WorkerSourceTask): poll → transforms → converters → idempotent
 * producer (acks=all, one request in flight, so per-partition order holds) → after the ack,
 * `commitRecord` and the record's offset becomes pending → every `offset.flush.interval.ms`
 * pending offsets are written to the offset store and then `SourceTask.commit` is called (in the
 * background: source-offset-committer.ts). An offset is never stored before Kafka acknowledged
 * its record.
 *
 * Exactly-once (`exactlyOnce` set, KIP-618): a transactional producer instead; the records of a
 * transaction and their source offsets (written to the offsets topic) commit atomically at the
 * `transaction.boundary`, and only then `commitRecord`/`commit` run. A failed transaction is
 * aborted and the task restarts from the committed offsets; a fenced producer fails the task.
 */
export class WorkerSourceTask extends WorkerTask {
  private readonly producer: SourceProducer;
  private readonly converter: SourceRecordConverter;
  private readonly offsets: SourceOffsetCommitter;
  private readonly offsetKeys: OffsetKeyCache;
  private taskStopped = false;
  private taskStarted = false;
  private loopExited: Promise<void> = Promise.resolve();
  private task: SourceTask;
  private txns: SourceTransactions | null = null;
  private boundaries: SourceTransactionBoundaries | null = null;
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
    this.producer = new SourceProducer(o);
    this.converter = new SourceRecordConverter(o.converters, o.transforms, o.errorHandler);
    this.offsetKeys = new OffsetKeyCache(o.id.connector);
    this.offsets = new SourceOffsetCommitter({
      store: o.offsetStore,
      intervalMs: o.offsetFlushIntervalMs,
      commit: () => this.task.commit?.(),
      onStoreError: (e) => this.log.error({ err: e, task: taskIdString(o.id) }, 'Failed to flush source offsets; will retry'),
    });
  }

  protected async execute(): Promise<void> {
    const { id } = this.o;
    const eos = this.o.exactlyOnce;
    if (eos) {
      ({ own: this.ownOffsetStore, reader: this.readerStore } = await exactlyOnceOffsetStore(this.o.kafka, eos, this.o.offsetStore, this.log));
      this.txns = new SourceTransactions(this.o.kafka, eos, this.log);
      this.boundaries = new SourceTransactionBoundaries({
        txns: this.txns, settings: eos, context: this.txnContext, task: () => this.task,
        metrics: this.o.metrics, log: this.log, taskId: taskIdString(id),
      });
      // Fence earlier instances (and abort what they left open) before reading offsets.
      await this.txns.start();
    }
    await this.producer.start(this.txns);
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
        if (!failed) await this.boundaries!.commit().catch((e: unknown) => this.log.error({ err: e }, 'Final transaction commit failed'));
      } else {
        // Also on failure: every pending offset belongs to a record Kafka acknowledged.
        await this.offsets.flush().catch((e: unknown) => this.log.error({ err: e }, 'Final offset flush failed'));
      }
    }
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
        failures = this.boundaries!.committedSinceFailure ? 1 : failures + 1;
        this.boundaries!.committedSinceFailure = false;
        this.log.warn({ err: e, task: taskIdString(this.o.id), attempt: failures }, 'Transaction failed; restarting the task from its last committed offsets');
      }
    }
  }

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
        if (this.boundaries) await this.boundaries.commit();
        else await this.offsets.flush();
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
      if (this.boundaries) await this.boundaries.atBatchEnd(records !== null && records.length > 0);
      else this.offsets.maybeFlush();
    }
  }

  /** Converts records into chunks of one produce request each; a chunk is sent as soon as it is full. */
  private async sendRecords(records: readonly SourceRecord[]): Promise<void> {
    let chunk: Outgoing[] = [];
    let bytes = 0;
    for (const record of records) {
      const o = await this.converter.convert(record);
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
        await this.boundaries!.end(action);
      }
    }
    if (chunk.length > 0) await this.dispatch(chunk);
  }

  private async dispatch(chunk: Outgoing[]): Promise<void> {
    await this.producer.route(chunk);
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

  /** Sends a chunk; after its acks the offsets become pending (exactly-once: join the transaction). */
  private async sendChunk(chunk: readonly Outgoing[]): Promise<void> {
    const metas = await this.producer.send(chunk);
    const latest = new Map<string, SourceRecord['sourceOffset']>();
    let written = 0;
    for (let i = 0; i < chunk.length; i++) {
      const { record } = chunk[i]!;
      if (metas[i]) written++;
      const key = this.offsetKeys.keyOf(record.sourcePartition);
      // Exactly-once: commitRecord and the offset wait for the transaction's commit.
      if (this.txns) this.txns.add(record, metas[i] ?? null, key, offsetValue(record.sourceOffset));
      else latest.set(key, record.sourceOffset);
    }
    if (!this.txns) {
      // Pending first, synchronously: a flush that runs between the commitRecord calls below (the
      // next poll overlaps them) stores at least the offset of each record already committed.
      this.offsets.acknowledged(latest, chunk.length);
      for (let i = 0; i < chunk.length; i++) await this.task.commitRecord?.(chunk[i]!.record, metas[i] ?? null);
    }
    this.o.metrics.source!.recordWrite(written, chunk.length);
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
      await this.producer.close();
      await this.txns?.close();
      await this.ownOffsetStore?.stop().catch((e: unknown) => this.log.warn({ err: e }, 'Error closing the offsets store'));
    }
  }
}
