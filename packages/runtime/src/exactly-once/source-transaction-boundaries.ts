import type { Kafka } from 'kafkajs';
import type { SourceTask } from '@tsconnect/sdk';
import type { Logger } from 'pino';
import type { TaskMetricsGroup } from '../metrics/task-metrics.js';
import { FallbackOffsetBackingStore } from '../storage/fallback-offset-backing-store.js';
import { KafkaOffsetBackingStore } from '../storage/kafka-offset-backing-store.js';
import type { OffsetBackingStore } from '../storage/offset-backing-store.js';
import type { BoundaryAction, ConnectorTransactionContext } from './connector-transaction-context.js';
import type { ExactlyOnceTaskSettings } from './exactly-once-config.js';
import type { SourceTransactions } from './source-transactions.js';

export interface SourceTransactionBoundariesOptions {
  readonly txns: SourceTransactions;
  readonly settings: ExactlyOnceTaskSettings;
  /** `transaction.boundary=connector`: the context the task defines its boundaries with. */
  readonly context: ConnectorTransactionContext | null;
  /** The task running now (a failed transaction restarts it as a new instance). */
  readonly task: () => SourceTask;
  readonly metrics: TaskMetricsGroup;
  readonly log: Logger;
  readonly taskId: string;
}

/**
 * Where an exactly-once source task's transactions end (KIP-618 `transaction.boundary`): after
 * each non-empty poll, when `transaction.boundary.interval.ms` elapsed, or where the connector
 * says. A commit writes records + offsets atomically, then runs `commitRecord` for each record and
 * `SourceTask.commit()`.
 */
export class SourceTransactionBoundaries {
  /** A transaction committed since the last failure (the restart counter starts over). */
  committedSinceFailure = false;

  constructor(private readonly o: SourceTransactionBoundariesOptions) {}

  /** After a poll's records were sent. */
  async atBatchEnd(hadRecords: boolean): Promise<void> {
    const { settings } = this.o;
    if (settings.boundary === 'poll') {
      if (hadRecords) await this.commit();
    } else if (settings.boundary === 'interval') {
      if (this.o.txns.ageMs >= settings.intervalMs) await this.commit();
    } else {
      await this.end(this.o.context!.takeBatchAction());
    }
  }

  async end(action: BoundaryAction | null): Promise<void> {
    if (action === 'commit') await this.commit();
    else if (action === 'abort') {
      const dropped = await this.o.txns.abort();
      this.o.log.info({ task: this.o.taskId, records: dropped }, 'Aborted transaction at the connector\'s request; its records are discarded');
    }
  }

  /** Commits records + offsets atomically, then `commitRecord` for each and `commit()`. */
  async commit(): Promise<void> {
    const started = Date.now();
    const committed = await this.o.txns.commit();
    if (committed.length === 0) return;
    this.committedSinceFailure = true;
    this.o.metrics.task.recordCommit(Date.now() - started);
    const task = this.o.task();
    for (const c of committed) await task.commitRecord?.(c.record, c.metadata);
    await task.commit?.();
  }
}

/**
 * Exactly-once offsets live in a topic: the worker's store when it is that topic, else one of the
 * task's own (`own`, to stop in cleanup), read with the worker's store as fallback (KIP-618).
 */
export async function exactlyOnceOffsetStore(kafka: Kafka, eos: ExactlyOnceTaskSettings, worker: OffsetBackingStore, log: Logger):
Promise<{ own: KafkaOffsetBackingStore | null; reader: OffsetBackingStore }> {
  if (worker instanceof KafkaOffsetBackingStore && worker.settings.topic === eos.offsetTopic.topic) return { own: null, reader: worker };
  const own = new KafkaOffsetBackingStore(kafka, eos.offsetTopic, log.child({ component: 'offset-store' }));
  await own.start();
  return { own, reader: new FallbackOffsetBackingStore(own, worker) };
}
