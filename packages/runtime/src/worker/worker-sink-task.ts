import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { SinkRecord, SinkTask, SinkTaskContext, TopicPartition, TopicPartitionOffset } from '@tsconnect/sdk';
import type { Logger } from 'pino';
import type { ConsumedRecord } from '../errors/processing-context.js';
import type { RetryWithToleranceOperator } from '../errors/retry-with-tolerance-operator.js';
import { createErrantRecordReporter } from '../errors/worker-errant-record-reporter.js';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { TaskMetricsGroup } from '../metrics/task-metrics.js';
import type { TargetState } from '../storage/config-backing-store.js';
import type { TaskConverters } from './converters.js';
import { sleep, withRetries, type RetryPolicy } from './retry.js';
import { convertAndTransform } from './sink-record-processor.js';
import type { TransformationChain } from './transformation-chain.js';
import { WorkerTask, taskIdString, type TaskStatusListener } from './worker-task.js';

export interface WorkerSinkTaskOptions {
  readonly id: ConnectorTaskId;
  readonly task: SinkTask;
  readonly taskConfig: Readonly<Record<string, string>>;
  readonly connectorConfig: Readonly<Record<string, string>>;
  /** The consumer's effective `auto.offset.reset` (worker `consumer.` < connector `consumer.override.`). */
  readonly autoOffsetReset: string;
  readonly initialState: TargetState;
  readonly kafka: Kafka;
  readonly converters: TaskConverters;
  readonly transforms: TransformationChain<SinkRecord>;
  /** Retries of RetriableException from `put`. */
  readonly retry: RetryPolicy;
  /** Per-record error handling (convert/transform stages, errant record reporter, DLQ). */
  readonly errorHandler: RetryWithToleranceOperator;
  readonly metrics: TaskMetricsGroup;
  /** Commit also when this much time passed without one (worker `offset.flush.interval.ms`). */
  readonly offsetFlushIntervalMs: number;
  readonly listener: TaskStatusListener;
  readonly log: Logger;
}

const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/**
 * Runs one SinkTask (Kafka's WorkerSinkTask) on a kafkajs consumer in group
 * `connect-<connector>`: each fetched batch is converted, transformed and handed to `put`;
 * then `preCommit` (default: `flush`) and the consumer offsets (last + 1) are committed.
 * Committing after every batch keeps redelivery after a crash to at most one batch. Offsets
 * are also committed every `offset.flush.interval.ms` and soon after `requestCommit()` — which
 * matters for tasks whose `preCommit` returns less than was put (buffering sinks): what they
 * flushed later gets committed without waiting for the next batch — and once more on stop, before
 * `close`. `open`/`close` follow the
 * group assignment (kafkajs GROUP_JOIN; kafkajs rebalances eagerly, so all is revoked).
 */
export class WorkerSinkTask extends WorkerTask {
  private consumer: Consumer | null = null;
  private assignment: TopicPartition[] = [];
  private rebalance: Promise<void> = Promise.resolve();
  private taskStarted = false;
  private hasFailed = false;
  private failTask!: (e: Error) => void;
  private readonly usedTopics = new Set<string>();
  /** Next offset to commit per partition (processed up to here). */
  private readonly consumed = new Map<string, TopicPartitionOffset>();
  private readonly committed = new Map<string, number>();
  /**
   * Raw consumed messages of the records handed to `put`, for the errant record reporter. Kept
   * until their offsets are committed, not just for one batch: a task that writes in the
   * background (preCommit returning less than consumed) may report a record from an earlier put.
   * `originals` finds the very record objects; `byCoordinates` (partition → offset → message)
   * serves tasks that report a copy, and is trimmed on every commit.
   */
  private readonly originals = new WeakMap<SinkRecord, ConsumedRecord>();
  private readonly byCoordinates = new Map<string, Map<number, ConsumedRecord>>();
  /** Serializes batches and out-of-batch commits. */
  private lock: Promise<unknown> = Promise.resolve();
  private lastCommit = Date.now();
  private commitRequested = false;
  private wakeCommitter: () => void = () => undefined;

  constructor(private readonly o: WorkerSinkTaskOptions) {
    super(o.id, o.initialState, o.listener, o.log);
  }

  private exclusive<T>(op: () => Promise<T>): Promise<T> {
    const run = this.lock.then(op, op);
    this.lock = run.catch(() => undefined);
    return run;
  }

  protected async execute(): Promise<void> {
    const { id, task, connectorConfig, errorHandler, converters } = this.o;
    // Auto-creation on as the Java consumer's default, so a sink may start before its source;
    // fetch.max.wait.ms 500 as Java's (kafkajs waits 5 s, which would slow every stop).
    const consumer = this.o.kafka.consumer({ groupId: `connect-${id.connector}`, allowAutoTopicCreation: true, maxWaitTimeInMs: 500 });
    this.consumer = consumer;
    const failed = new Promise<never>((_, reject) => { this.failTask = reject; });
    failed.catch(() => undefined);
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      const next = Object.entries(e.payload.memberAssignment).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
      this.rebalance = this.rebalance.then(() => this.onAssignment(next)).catch((err: unknown) => this.failTask(asError(err)));
    });
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart) this.failTask(asError(e.payload.error));
    });
    await consumer.connect();
    const errantRecordReporter = errorHandler.hasReporters
      ? createErrantRecordReporter(errorHandler, task.constructor.name, (r) => this.originals.get(r)
        ?? this.byCoordinates.get(tpKey(r.originalTopic, r.originalKafkaPartition))?.get(r.originalKafkaOffset), converters)
      : undefined;
    const context: SinkTaskContext = {
      configs: this.o.taskConfig,
      signal: this.signal,
      offset: (offsets) => {
        for (const o of offsets) consumer.seek({ topic: o.topic, partition: o.partition, offset: String(o.offset) });
      },
      assignment: () => [...this.assignment],
      pause: (tps) => consumer.pause(groupByTopic(tps)),
      resume: (tps) => consumer.resume(groupByTopic(tps)),
      requestCommit: () => {
        this.commitRequested = true;
        this.wakeCommitter();
      },
      ...(errantRecordReporter ? { errantRecordReporter } : {}),
    };
    await task.start(this.o.taskConfig, context);
    this.taskStarted = true;
    const topics = (connectorConfig['topics'] ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
    const regex = (connectorConfig['topics.regex'] ?? '').trim();
    // A topic being auto-created answers UNKNOWN_TOPIC_OR_PARTITION for a moment: retry then.
    for (let attempt = 1; ; attempt++) {
      try {
        await consumer.subscribe({
          topics: topics.length > 0 ? topics : [new RegExp(regex)],
          fromBeginning: this.o.autoOffsetReset === 'earliest',
        });
        break;
      } catch (e) {
        if (this.isStopping) return;
        if (!(e as { retriable?: boolean }).retriable || attempt >= 60) throw e;
        await sleep(500, this.signal);
      }
    }
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      // Not rethrown: kafkajs would retry the batch; the task fails instead (status FAILED).
      eachBatch: (payload) => this.exclusive(() => this.onBatch(payload)).catch((e: unknown) => {
        this.hasFailed = true;
        this.failTask(asError(e));
      }),
    });
    this.listener.onStartup(id);
    if (this.targetState === 'PAUSED') {
      this.onPaused();
      this.listener.onPause(id);
    }
    const stopped = new Promise<void>((r) => this.signal.addEventListener('abort', () => r(), { once: true }));
    await Promise.race([stopped, failed, this.commitLoop()]);
  }

  /** Commits when `offset.flush.interval.ms` passed since the last commit, or on `requestCommit()`. */
  private async commitLoop(): Promise<never> {
    for (;;) {
      const due = this.lastCommit + this.o.offsetFlushIntervalMs - Date.now();
      if (!this.commitRequested && due > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, due);
          this.wakeCommitter = () => { clearTimeout(t); resolve(); };
          this.signal.addEventListener('abort', this.wakeCommitter, { once: true });
        });
        this.signal.removeEventListener('abort', this.wakeCommitter);
      }
      if (this.isStopping || this.hasFailed) return new Promise<never>(() => undefined);
      if (!this.commitRequested && this.lastCommit + this.o.offsetFlushIntervalMs > Date.now()) continue;
      this.commitRequested = false;
      await this.exclusive(() => this.commitOffsets()).catch((e: unknown) => {
        this.hasFailed = true;
        this.failTask(asError(e));
      });
      this.lastCommit = Date.now();
    }
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    await this.rebalance;
    if (!isRunning() || isStale() || this.isStopping || this.hasFailed || batch.isEmpty()) return;
    const { converters, transforms, task, errorHandler, metrics } = this.o;
    const { topic, partition } = batch;
    if (!this.usedTopics.has(topic)) {
      this.usedTopics.add(topic);
      this.listener.onTopicUsed(this.o.id, topic);
    }
    metrics.sink!.recordRead(batch.messages.length);
    const key = tpKey(topic, partition);
    const byOffset = this.byCoordinates.get(key) ?? new Map<number, ConsumedRecord>();
    this.byCoordinates.set(key, byOffset);
    const records: SinkRecord[] = [];
    for (const m of batch.messages) {
      const { record, consumed } = await convertAndTransform(topic, partition, m, converters, transforms, errorHandler);
      byOffset.set(Number(m.offset), consumed);
      if (!record) continue;
      this.originals.set(record, consumed);
      records.push(record);
    }
    metrics.task.recordBatch(records.length);
    if (records.length > 0) {
      const started = Date.now();
      await withRetries(async () => task.put(records), this.o.retry, this.signal, (e, attempt, delay) => {
        this.log.warn({ err: e, task: taskIdString(this.o.id), attempt }, `put() threw a RetriableException; retrying in ${delay} ms`);
        metrics.errors.recordRetry();
        void heartbeat();
      });
      metrics.sink!.recordPut(Date.now() - started);
      metrics.sink!.recordSend(records.length);
    }
    const next = Number(batch.lastOffset()) + 1;
    this.consumed.set(tpKey(topic, partition), { topic, partition, offset: next });
    metrics.sink!.recordLag(topic, partition, Number(batch.highWatermark) - next);
    await this.commitOffsets();
    this.lastCommit = Date.now();
    resolveOffset(batch.lastOffset());
    await heartbeat();
  }

  /**
   * `preCommit` (default `flush`) with the processed offsets of every assigned partition, then
   * commits what it returned unless nothing changed since the last commit (a "skip").
   */
  private async commitOffsets(): Promise<void> {
    const offsets = [...this.consumed.values()];
    if (offsets.length === 0 || !this.consumer) return;
    const { task, metrics } = this.o;
    const started = Date.now();
    const toCommit = task.preCommit ? await task.preCommit(offsets) : (await task.flush?.(offsets), offsets);
    const changed = toCommit.filter((o) => this.committed.get(tpKey(o.topic, o.partition)) !== o.offset);
    if (changed.length === 0) {
      metrics.sink!.recordOffsetCommitSkip();
      return;
    }
    await this.consumer.commitOffsets(changed.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })));
    for (const o of changed) {
      this.committed.set(tpKey(o.topic, o.partition), o.offset);
      this.forgetBefore(tpKey(o.topic, o.partition), o.offset);
    }
    metrics.sink!.recordOffsetCommitSuccess();
    metrics.task.recordCommit(Date.now() - started);
  }

  /** Drops the kept messages of a partition below its committed offset (offsets ascend in the map). */
  private forgetBefore(key: string, offset: number): void {
    const byOffset = this.byCoordinates.get(key);
    if (!byOffset) return;
    for (const o of byOffset.keys()) {
      if (o >= offset) break;
      byOffset.delete(o);
    }
  }

  private async onAssignment(next: TopicPartition[]): Promise<void> {
    if (this.assignment.length > 0) await this.o.task.close?.(this.assignment);
    const keep = new Set(next.map((tp) => tpKey(tp.topic, tp.partition)));
    for (const k of [...this.consumed.keys()]) if (!keep.has(k)) this.consumed.delete(k);
    for (const k of [...this.byCoordinates.keys()]) if (!keep.has(k)) this.byCoordinates.delete(k);
    for (const k of [...this.o.metrics.sink!.lag.keys()]) if (!keep.has(k)) this.o.metrics.sink!.lag.delete(k);
    this.committed.clear();
    this.assignment = next;
    this.o.metrics.sink!.partitionCount = next.length;
    if (next.length > 0) await this.o.task.open?.(next);
    if (this.targetState === 'PAUSED') this.onPaused();
  }

  protected override onPaused(): void {
    const topics = [...new Set(this.assignment.map((tp) => tp.topic))];
    if (this.consumer && topics.length > 0) this.consumer.pause(topics.map((topic) => ({ topic })));
  }

  protected override onResumed(): void {
    const topics = [...new Set(this.assignment.map((tp) => tp.topic))];
    if (this.consumer && topics.length > 0) this.consumer.resume(topics.map((topic) => ({ topic })));
  }

  protected async cleanup(): Promise<void> {
    this.wakeCommitter();
    try {
      // As Java's closeAllPartitions: one last preCommit + commit while the group is still ours,
      // so what the task wrote since the last commit is not redelivered. (Batches arriving now are
      // skipped: the task is stopping.)
      if (this.taskStarted && !this.hasFailed) {
        await this.exclusive(() => this.commitOffsets()).catch((e: unknown) => this.log.warn({ err: e }, 'Could not commit offsets on stop'));
      }
      await this.consumer?.stop();
      await this.rebalance.catch(() => undefined);
      await this.lock.catch(() => undefined);
      try {
        if (this.taskStarted && this.assignment.length > 0) await this.o.task.close?.(this.assignment);
      } finally {
        if (this.taskStarted) await this.o.task.stop(); // even when close failed: it releases connections
      }
    } finally {
      this.o.transforms.close();
      await this.o.errorHandler.close().catch((e: unknown) => this.log.warn({ err: e }, 'Error closing error reporters'));
      await this.consumer?.disconnect();
    }
  }
}

function groupByTopic(tps: readonly TopicPartition[]): { topic: string; partitions: number[] }[] {
  const m = new Map<string, number[]>();
  for (const tp of tps) m.set(tp.topic, [...(m.get(tp.topic) ?? []), tp.partition]);
  return [...m].map(([topic, partitions]) => ({ topic, partitions }));
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
