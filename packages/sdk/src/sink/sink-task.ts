import type { SinkRecord, TopicPartition, TopicPartitionOffset } from './sink-record.js';

/** Reports a record the task could not write, for the DLQ, without failing the task. */
export type ErrantRecordReporter = (record: SinkRecord, error: Error) => Promise<void>;

export interface SinkTaskContext {
  readonly configs: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** Rewind or skip: consumption restarts at these offsets (e.g. offsets kept in the target DB). */
  offset(offsets: readonly TopicPartitionOffset[]): void;
  assignment(): readonly TopicPartition[];
  pause(partitions: readonly TopicPartition[]): void;
  resume(partitions: readonly TopicPartition[]): void;
  /** Ask for `flush`/`preCommit` and an offset commit as soon as possible. */
  requestCommit(): void;
  readonly errantRecordReporter?: ErrantRecordReporter;
}

/**
 * Writes records from Kafka to an external system. Lifecycle: start → open(partitions) →
 * (put* → preCommit/flush)* → close(partitions) → stop. `open`/`close` follow rebalances.
 *
 * `put` may buffer; everything handed to `put` before `flush` must be durable when `flush`
 * resolves, because the runtime then commits those offsets. Throw `RetriableException` to have
 * the same batch offered again.
 */
export interface SinkTask {
  version(): string;
  start(props: Readonly<Record<string, string>>, context: SinkTaskContext): Promise<void> | void;
  put(records: readonly SinkRecord[]): Promise<void> | void;
  flush?(offsets: readonly TopicPartitionOffset[]): Promise<void> | void;
  /** Returns the offsets safe to commit (default: flush, then all given offsets). */
  preCommit?(offsets: readonly TopicPartitionOffset[]): Promise<readonly TopicPartitionOffset[]>;
  open?(partitions: readonly TopicPartition[]): Promise<void> | void;
  close?(partitions: readonly TopicPartition[]): Promise<void> | void;
  stop(): Promise<void> | void;
}
