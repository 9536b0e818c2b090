import type { SinkRecord, TopicPartitionOffset } from '@tsconnect/sdk';
import { ConnectException } from '@tsconnect/sdk';
import { collapseBatch } from './batch-collapse.js';
import { buildBulkBatch, type BulkBatch, type FieldText } from './bulk-batch.js';
import type { SinkColumn } from './column-kind.js';
import { tableIdToString, type Dialect } from './dialect/dialect.js';
import type { Segment } from './segment.js';
import type { DeleteOp, SinkOp, WriteOp } from './sink-op.js';

/** The planned form of a put (what JdbcWriter.plan makes and JdbcWriter.execute runs), and how a segment becomes a Plan. */

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

/** Reports a bad record (errors.tolerance=all) or throws `error` (none). */
export type BadRecord = (record: SinkRecord, error: Error) => Promise<void>;

/**
 * Collapses and binds a segment, with no database access. `bulkField` gives the bulk-load text
 * renderer when the segment's writes go through COPY / LOAD DATA (else they are bound as rows).
 * Values that cannot be bound go to `bad`, with an error naming the table, the field and the record.
 */
export async function bindSegment(
  dialect: Dialect, seg: Segment, bulkField: (columns: readonly SinkColumn[], rows: number) => FieldText | null, bad: BadRecord,
): Promise<Plan> {
  const name = tableIdToString(seg.table);
  const rejected = new Set<SinkOp>();
  const reject = async (op: SinkOp, e: Error) => {
    rejected.add(op);
    await bad(op.record, withTable(new Error(`${e.message} (record ${op.source})`), () => name));
  };
  const { deletes, writes } = collapseBatch(seg.ops);
  const plan = { seg, rejected, state: 'new' as const, deletes: [] as Bound<DeleteOp>[], bulk: null };
  for (const op of deletes) {
    const row = bindRow(dialect, op.keys, op.keyValues);
    if (Array.isArray(row)) plan.deletes.push({ op, row });
    else await reject(op, row);
  }
  const columns = seg.shape ? [...seg.shape.keys, ...seg.shape.nonKeys] : [];
  const field = bulkField(columns, writes.length);
  if (field) {
    const failed: [WriteOp, Error][] = [];
    const bulk = buildBulkBatch(dialect, columns, writes, field, (op, e) => failed.push([op, e]));
    for (const [op, e] of failed) await reject(op, e);
    return { ...plan, writes: null, writeOps: failed.length === 0 ? writes : writes.filter((op) => !rejected.has(op)), bulk };
  }
  const bound: Bound<WriteOp>[] = [];
  for (const op of writes) {
    const row = bindRow(dialect, columns, op.values);
    if (Array.isArray(row)) bound.push({ op, row });
    else await reject(op, row);
  }
  return { ...plan, writes: bound, writeOps: bound.map((b) => b.op) };
}
