import type { OffsetMap, RecordMetadata, SourceRecord } from './source-record.js';

/** Reads the offsets this connector committed earlier, to resume where it stopped. */
export interface OffsetStorageReader {
  offset(partition: OffsetMap): Promise<OffsetMap | null>;
  offsets(partitions: readonly OffsetMap[]): Promise<Map<OffsetMap, OffsetMap>>;
}

export interface SourceTaskContext {
  readonly offsetStorageReader: OffsetStorageReader;
  /** The task's config as given to `start`. */
  readonly configs: Readonly<Record<string, string>>;
  /** Aborted when the runtime stops the task: a pending `poll` should return soon after. */
  readonly signal: AbortSignal;
  /**
   * Only when the worker runs the task exactly-once with `transaction.boundary=connector`
   * (Kafka's TransactionContext, KIP-618): the task decides where transactions end.
   */
  readonly transactionContext?: TransactionContext;
}

/**
 * Connector-defined transaction boundaries (Kafka's TransactionContext). A request without a
 * record applies after the records of the current `poll` batch have been sent; with a record,
 * right after that record (records after it go into the next transaction). An aborted
 * transaction's records are discarded and their offsets are not committed.
 */
export interface TransactionContext {
  commitTransaction(record?: SourceRecord): void;
  abortTransaction(record?: SourceRecord): void;
}

/**
 * Pulls records from an external system. Lifecycle, all calls from one logical thread except
 * `stop`: start → poll* → stop. `commitRecord` and `commit` may run while the next `poll` is
 * pending (the runtime sends one batch while the task reads the next), never concurrently with
 * each other.
 *
 * `poll` should return within about a second even with nothing to deliver (return []), so the
 * runtime can commit offsets and stop promptly; `stop` may be called while `poll` is pending and
 * must make it return. Throw `RetriableException` for transient failures: the runtime calls
 * `poll` again; any other error fails the task.
 */
export interface SourceTask {
  version(): string;
  start(props: Readonly<Record<string, string>>, context: SourceTaskContext): Promise<void> | void;
  poll(): Promise<SourceRecord[] | null>;
  /**
   * Called after Kafka acknowledged `record` (metadata null when a transformation dropped it or
   * an error was tolerated): once for every record `poll` returned, with that same object, in
   * the order `poll` returned them per source partition.
   */
  commitRecord?(record: SourceRecord, metadata: RecordMetadata | null): Promise<void> | void;
  /** Called after the offsets of every acknowledged record were durably stored. */
  commit?(): Promise<void> | void;
  stop(): Promise<void> | void;
}
