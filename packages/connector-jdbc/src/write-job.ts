import type { SinkRecord, TopicPartitionOffset } from '@tsconnect/sdk';
import { ConnectException } from '@tsconnect/sdk';
import type { BulkBatch } from './bulk-batch.js';
import type { SinkColumn } from './column-kind.js';
import type { Dialect } from './dialect/dialect.js';
import type { Segment } from './segment.js';
import type { DeleteOp, SinkOp, WriteOp } from './sink-op.js';

/** The planned form of a put (what JdbcWriter.plan makes and JdbcWriter.execute runs), and small helpers of the writer. */

export interface Bound<T> {
  readonly op: T;
  readonly row: unknown[];
}

/**
 * A segment ready to run: collapsed, and every value bound (bad values already reported). Large
 * insert/upsert batches are rendered once as bulk-load text (`bulk`) instead of bound rows; their
 * rows are bound again only if the database rejects the batch and it is replayed row by row.
 */
export interface Plan {
  readonly seg: Segment;
  /** Ops reported as bad while binding. */
  readonly rejected: ReadonlySet<SinkOp>;
  /** 'done' once its transaction committed (or it had nothing to run). */
  state: 'new' | 'done';
  readonly deletes: Bound<DeleteOp>[];
  writes: Bound<WriteOp>[] | null;
  readonly writeOps: readonly WriteOp[];
  readonly bulk: BulkBatch | null;
}

/** One put's worth of planned work. */
export interface WriteJob {
  readonly plans: readonly Plan[];
  /** exactly.once.enabled: the offsets the job's transaction stores. */
  advance: TopicPartitionOffset[];
  /** The lowest Kafka offset per partition among the job's records: nothing from here on is durable until it commits. */
  readonly lowest: readonly TopicPartitionOffset[];
}

/** Bound rows of a plan's writes (bound again for a bulk plan: the binding succeeded once already). */
export function boundWrites(dialect: Dialect, plan: Plan): Bound<WriteOp>[] {
  if (!plan.writes) {
    const shape = plan.seg.shape!;
    const columns = [...shape.keys, ...shape.nonKeys];
    plan.writes = plan.writeOps.map((op) => ({ op, row: columns.map((c, i) => dialect.bind(c, op.values[i])) }));
  }
  return plan.writes;
}

/** The bound row, or the error naming the field (synchronous: this runs for every record). */
export function bindRow(dialect: Dialect, columns: readonly SinkColumn[], values: readonly unknown[]): unknown[] | Error {
  try {
    const row = new Array<unknown>(values.length);
    for (let i = 0; i < values.length; i++) row[i] = dialect.bind(columns[i]!, values[i]);
    return row;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** `e` as an Error whose message starts with the table, unless it names it already. */
export function withTable(e: unknown, table: () => string): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  let name: string;
  try {
    name = table();
  } catch {
    return err;
  }
  if (err.message.includes(`"${name}"`)) return err;
  return new ConnectException(`Table "${name}": ${err.message}`, { cause: err });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The lowest original offset per partition of `records`. */
export function lowestOffsets(records: readonly SinkRecord[]): TopicPartitionOffset[] {
  const low = new Map<string, TopicPartitionOffset>();
  let last: TopicPartitionOffset | undefined;
  for (const r of records) {
    // Records of one partition come in runs: skip the map for the common case.
    if (last && last.partition === r.originalKafkaPartition && last.topic === r.originalTopic && last.offset <= r.originalKafkaOffset) continue;
    const k = `${r.originalTopic}\u0000${r.originalKafkaPartition}`;
    const seen = low.get(k);
    if (!seen || r.originalKafkaOffset < seen.offset) low.set(k, { topic: r.originalTopic, partition: r.originalKafkaPartition, offset: r.originalKafkaOffset });
    last = low.get(k);
  }
  return [...low.values()];
}

/** `a` with `b` merged in, keeping the higher offset per partition. */
export function mergeForward(a: readonly TopicPartitionOffset[], b: readonly TopicPartitionOffset[]): TopicPartitionOffset[] {
  const m = new Map<string, TopicPartitionOffset>();
  for (const o of [...a, ...b]) {
    const k = `${o.topic}\u0000${o.partition}`;
    if ((m.get(k)?.offset ?? -1) < o.offset) m.set(k, o);
  }
  return [...m.values()];
}
