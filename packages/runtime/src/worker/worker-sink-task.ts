import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import {
  DataException, type SinkRecord, type SinkTask, type SinkTaskContext, type TopicPartition, type TopicPartitionOffset,
} from '@tsconnect/sdk';
import type { Logger } from 'pino';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { TargetState } from '../storage/config-backing-store.js';
import { fromKafkaHeaders, type TaskConverters } from './converters.js';
import { sleep, withRetries, type RetryPolicy } from './retry.js';
import type { TransformationChain } from './transformation-chain.js';
import { WorkerTask, taskIdString, type TaskStatusListener } from './worker-task.js';

export interface WorkerSinkTaskOptions {
  readonly id: ConnectorTaskId;
  readonly task: SinkTask;
  readonly taskConfig: Readonly<Record<string, string>>;
  readonly connectorConfig: Readonly<Record<string, string>>;
  readonly initialState: TargetState;
  readonly kafka: Kafka;
  readonly converters: TaskConverters;
  readonly transforms: TransformationChain<SinkRecord>;
  readonly retry: RetryPolicy;
  readonly errorsToleranceAll: boolean;
  readonly listener: TaskStatusListener;
  readonly log: Logger;
}

/**
 * Runs one SinkTask (Kafka's WorkerSinkTask) on a kafkajs consumer in group
 * `connect-<connector>`: each fetched batch is converted, transformed and handed to `put`;
 * then `preCommit` (default: `flush`) and the consumer offsets (last + 1) are committed.
 * Committing after every batch (instead of every offset.flush.interval.ms) keeps redelivery
 * after a crash to at most one batch; the cost is one flush per batch. `open`/`close` follow
 * the group assignment (kafkajs GROUP_JOIN; kafkajs rebalances eagerly, so all is revoked).
 */
export class WorkerSinkTask extends WorkerTask {
  private consumer: Consumer | null = null;
  private assignment: TopicPartition[] = [];
  private rebalance: Promise<void> = Promise.resolve();
  private taskStarted = false;
  private hasFailed = false;
  private failTask!: (e: Error) => void;
  private readonly usedTopics = new Set<string>();

  constructor(private readonly o: WorkerSinkTaskOptions) {
    super(o.id, o.initialState, o.listener, o.log);
  }

  protected async execute(): Promise<void> {
    const { id, task, connectorConfig } = this.o;
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
    const context: SinkTaskContext = {
      configs: this.o.taskConfig,
      signal: this.signal,
      offset: (offsets) => {
        for (const o of offsets) consumer.seek({ topic: o.topic, partition: o.partition, offset: String(o.offset) });
      },
      assignment: () => [...this.assignment],
      pause: (tps) => consumer.pause(groupByTopic(tps)),
      resume: (tps) => consumer.resume(groupByTopic(tps)),
      requestCommit: () => undefined, // offsets are committed after every batch anyway
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
          fromBeginning: (connectorConfig['consumer.auto.offset.reset'] ?? 'earliest') === 'earliest',
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
      eachBatch: (payload) => this.onBatch(payload).catch((e: unknown) => {
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
    await Promise.race([stopped, failed]);
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    await this.rebalance;
    if (!isRunning() || isStale() || this.isStopping || this.hasFailed || batch.isEmpty()) return;
    const { converters, transforms, task } = this.o;
    const { topic, partition } = batch;
    if (!this.usedTopics.has(topic)) {
      this.usedTopics.add(topic);
      this.listener.onTopicUsed(this.o.id, topic);
    }
    const records: SinkRecord[] = [];
    for (const m of batch.messages) {
      try {
        const headers = fromKafkaHeaders(converters.header, topic, m.headers);
        const key = await converters.key.toConnectData(topic, m.key ?? null, headers);
        const value = await converters.value.toConnectData(topic, m.value ?? null, headers);
        const offset = Number(m.offset);
        const record: SinkRecord = {
          topic, kafkaPartition: partition, kafkaOffset: offset,
          keySchema: key.schema, key: key.value, valueSchema: value.schema, value: value.value,
          timestamp: Number(m.timestamp), timestampType: 'CreateTime', headers,
          originalTopic: topic, originalKafkaPartition: partition, originalKafkaOffset: offset,
        };
        const transformed = transforms.isEmpty ? record : transforms.apply(record);
        if (transformed) records.push(transformed);
      } catch (e) {
        if (!(e instanceof DataException) || !this.o.errorsToleranceAll) throw e;
        this.log.warn({ err: e, task: taskIdString(this.o.id), topic, partition, offset: m.offset },
          'Skipping record that failed conversion (errors.tolerance=all)');
      }
    }
    if (records.length > 0) {
      await withRetries(async () => task.put(records), this.o.retry, this.signal, (e, attempt, delay) => {
        this.log.warn({ err: e, task: taskIdString(this.o.id), attempt }, `put() threw a RetriableException; retrying in ${delay} ms`);
        void heartbeat();
      });
    }
    const offsets: TopicPartitionOffset[] = [{ topic, partition, offset: Number(batch.lastOffset()) + 1 }];
    const toCommit = task.preCommit ? await task.preCommit(offsets) : (await task.flush?.(offsets), offsets);
    if (toCommit.length > 0) {
      await this.consumer!.commitOffsets(toCommit.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })));
    }
    resolveOffset(batch.lastOffset());
    await heartbeat();
  }

  private async onAssignment(next: TopicPartition[]): Promise<void> {
    if (this.assignment.length > 0) await this.o.task.close?.(this.assignment);
    this.assignment = next;
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
    try {
      await this.consumer?.stop();
      await this.rebalance.catch(() => undefined);
      if (this.taskStarted && this.assignment.length > 0) await this.o.task.close?.(this.assignment);
      if (this.taskStarted) await this.o.task.stop();
    } finally {
      this.o.transforms.close();
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
