import { ConnectException, type ErrantRecordReporter, type SinkRecord, type TopicPartitionOffset } from '@tsconnect/sdk';
import { rowError } from './bad-record.js';
import { collapseBatch } from './batch-collapse.js';
import type { SinkColumn } from './column-kind.js';
import { isTransientDbError, openSession, type DbSession } from './db-session.js';
import { tableIdToString, type Dialect, type Statement } from './dialect/dialect.js';
import type { JdbcSinkConfig } from './jdbc-sink-config.js';
import { OffsetStore } from './offset-store.js';
import { buildBulkBatch, type BulkBatch } from './bulk-batch.js';
import { isLoadDataDisabled, mariaDbBulkEligible, mariaDbBulkField, mariaDbLoadWrite } from './mariadb-load.js';
import { pgCopyWrite } from './pg-copy.js';
import { copyTextField } from './pg-text.js';
import { RecordReader, tableIdFor } from './record-reader.js';
import { chunks, segment, type Segment } from './segment.js';
import type { DeleteOp, SinkOp, WriteOp } from './sink-op.js';
import { TableManager } from './table-manager.js';

export { chunks, segment, type Segment } from './segment.js';

type WriterConfig = Pick<JdbcSinkConfig, 'connection' | 'insertMode' | 'batchSize' | 'maxRetries' | 'retryBackoffMs' | 'autoCreate' |
  'autoEvolve' | 'copyThresholdRows' | 'errorsTolerance'> & Partial<Pick<JdbcSinkConfig, 'exactlyOnce' | 'offsetsTable' | 'connectorName'>> &
  ConstructorParameters<typeof RecordReader>[0];

interface Bound<T> {
  readonly op: T;
  readonly row: unknown[];
}

/**
 * A segment ready to run: collapsed, and every value bound (bad values already reported). Large
 * insert/upsert batches are rendered once as bulk-load text (`bulk`) instead of bound rows; their
 * rows are bound again only if the database rejects the batch and it is replayed row by row.
 */
interface Plan {
  readonly seg: Segment;
  readonly deletes: Bound<DeleteOp>[];
  writes: Bound<WriteOp>[] | null;
  readonly writeOps: WriteOp[];
  readonly bulk: BulkBatch | null;
}

export interface WriterOptions {
  readonly signal?: AbortSignal | undefined;
  /** The runtime's DLQ/log reporter; used with errors.tolerance=all. */
  readonly reporter?: ErrantRecordReporter | undefined;
}

/**
 * Writes records synchronously (as Confluent's sink does in put). Without exactly-once each
 * segment is one transaction; with it the whole put is one transaction that also stores the
 * consumer offsets. A batch the database rejects is run again row by row (savepoints) to find the
 * bad records: with errors.tolerance=all they go to the errant record reporter and the rest is
 * written; otherwise the task fails naming table, column and value.
 */
export class JdbcWriter {
  private session: DbSession | null = null;
  private readonly reader: RecordReader;
  private readonly tables: TableManager;
  /** The MariaDB server refused LOAD DATA LOCAL (local_infile=OFF): multi-row INSERT from then on. */
  private loadDataDisabled = false;
  readonly offsets: OffsetStore | null;
  /** Records skipped as bad (reported, or dropped for errors.tolerance=all without a reporter). */
  errantCount = 0;

  constructor(
    private readonly config: WriterConfig,
    private readonly dialect: Dialect,
    private readonly options: WriterOptions = {},
  ) {
    this.reader = new RecordReader(config);
    this.tables = new TableManager(dialect, config);
    this.offsets = config.exactlyOnce ? new OffsetStore(dialect, config.offsetsTable!, config.connectorName!) : null;
  }

  async write(records: readonly SinkRecord[]): Promise<void> {
    let todo = records;
    const offsets = this.offsets;
    if (offsets) {
      await this.withRetry('Reading the stored offsets', (s) => offsets.loadUnknown(s, records));
      todo = records.filter((r) => !offsets.isApplied(r)); // redelivered after a crash: already in the database
      if (todo.length === 0) return;
    }
    const ops: SinkOp[] = [];
    for (const record of todo) {
      try {
        const op = this.reader.read(record);
        if (op) ops.push(op);
      } catch (e) {
        await this.bad(record, withTable(e, () => tableIdToString(tableIdFor(this.config.tableNameFormat, record.topic))));
      }
    }
    const plans: Plan[] = [];
    for (const seg of segment(ops, this.config.batchSize)) {
      const plan = await this.prepare(seg);
      if (plan) plans.push(plan);
    }
    if (offsets) await this.runUnit(plans, offsets.advances(todo));
    else for (const plan of plans) await this.runUnit([plan], []);
  }

  /** Reads the stored offsets of newly assigned partitions (exactly.once.enabled). */
  async openPartitions(partitions: Parameters<OffsetStore['load']>[1]): Promise<TopicPartitionOffset[]> {
    const offsets = this.offsets;
    if (!offsets) return [];
    return this.withRetry('Reading the stored offsets', (s) => offsets.load(s, partitions));
  }

  /** Stores offsets the runtime processed beyond what put wrote (e.g. records a transform dropped). */
  async advanceTo(given: readonly TopicPartitionOffset[]): Promise<void> {
    const offsets = this.offsets;
    const ahead = offsets ? given.filter((o) => (offsets.get(o.topic, o.partition)?.offset ?? -1) < o.offset) : [];
    if (ahead.length > 0) await this.runUnit([], ahead);
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = null;
    await s?.close();
  }

  /** A bad record: reported and skipped with errors.tolerance=all, otherwise the task fails with `error`. */
  private async bad(record: SinkRecord, error: Error): Promise<void> {
    if (this.config.errorsTolerance !== 'all') throw error;
    this.errantCount++;
    await this.options.reporter?.(record, error);
  }

  /** DDL outside the data transaction (MariaDB commits DDL implicitly), then collapse and bind. */
  private async prepare(seg: Segment): Promise<Plan | null> {
    const name = tableIdToString(seg.table);
    try {
      const exists = await this.withRetry(`Preparing table "${name}"`, async (s) => {
        if (seg.shape) await this.tables.ensure(s, seg.table, seg.shape);
        else return this.tables.exists(s, seg.table);
        return true;
      });
      // Deletes or a truncate on a table that was never created: there is nothing to remove.
      if (!exists) return null;
    } catch (e) {
      if ((e as { retriesExhausted?: boolean }).retriesExhausted) throw e;
      this.tables.invalidate(seg.table);
      for (const op of seg.ops) await this.bad(op.record, withTable(e, () => name));
      return null;
    }
    const { deletes, writes } = collapseBatch(seg.ops);
    const plan = { seg, deletes: [] as Bound<DeleteOp>[], bulk: null };
    for (const op of deletes) {
      const row = this.bindRow(op.keys, op.keyValues);
      if (Array.isArray(row)) plan.deletes.push({ op, row });
      else await this.bad(op.record, withTable(new Error(`${row.message} (record ${op.source})`), () => name));
    }
    const columns = seg.shape ? [...seg.shape.keys, ...seg.shape.nonKeys] : [];
    const field = this.bulkField(columns, writes.length);
    if (field) {
      const bad: [WriteOp, Error][] = [];
      const bulk = buildBulkBatch(this.dialect, columns, writes, field, (op, e) => bad.push([op, e]));
      for (const [op, e] of bad) await this.bad(op.record, withTable(new Error(`${e.message} (record ${op.source})`), () => name));
      const rejected = new Set(bad.map(([op]) => op));
      return { ...plan, writes: null, writeOps: writes.filter((op) => !rejected.has(op)), bulk };
    }
    const bound: Bound<WriteOp>[] = [];
    for (const op of writes) {
      const row = this.bindRow(columns, op.values);
      if (Array.isArray(row)) bound.push({ op, row });
      else await this.bad(op.record, withTable(new Error(`${row.message} (record ${op.source})`), () => name));
    }
    return { ...plan, writes: bound, writeOps: bound.map((b) => b.op) };
  }

  /** The bulk-text renderer when this batch goes through COPY / LOAD DATA, else null. */
  private bulkField(columns: readonly SinkColumn[], rows: number): ((v: unknown) => string) | null {
    const { insertMode, copyThresholdRows } = this.config;
    if (insertMode === 'update' || copyThresholdRows <= 0 || rows < copyThresholdRows || rows === 0) return null;
    if (this.dialect.name === 'postgresql') return copyTextField;
    return !this.loadDataDisabled && mariaDbBulkEligible(columns) ? mariaDbBulkField : null;
  }

  /** Bound rows of a plan's writes (bound again for a bulk plan: the binding succeeded once already). */
  private boundWrites(plan: Plan): Bound<WriteOp>[] {
    if (!plan.writes) {
      const shape = plan.seg.shape!;
      const columns = [...shape.keys, ...shape.nonKeys];
      plan.writes = plan.writeOps.map((op) => ({ op, row: columns.map((c, i) => this.dialect.bind(c, op.values[i])) }));
    }
    return plan.writes;
  }

  /** The bound row, or the error naming the field (synchronous: this runs for every record). */
  private bindRow(columns: readonly SinkColumn[], values: readonly unknown[]): unknown[] | Error {
    try {
      const row = new Array<unknown>(values.length);
      for (let i = 0; i < values.length; i++) row[i] = this.dialect.bind(columns[i]!, values[i]);
      return row;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }

  /**
   * One transaction: the plans, then the offsets. A rejected batch is retried row by row. After a
   * transient error with exactly-once, the stored offsets tell whether the COMMIT landed.
   */
  private async runUnit(plans: readonly Plan[], advance: readonly TopicPartitionOffset[]): Promise<void> {
    const first = plans[0]?.seg.ops[0];
    const count = plans.reduce((n, p) => n + p.seg.ops.length, 0);
    const tables = [...new Set(plans.map((p) => tableIdToString(p.seg.table)))];
    const what = plans.length === 0
      ? 'Storing offsets'
      : `Writing ${count} record(s) (first ${first?.source ?? 'n/a'}) to table ${tables.map((t) => `"${t}"`).join(', ')}`;
    await this.withRetry(what, async (s, attempt) => {
      if (attempt > 0 && this.offsets && advance.length > 0) {
        await this.offsets.load(s, advance);
        if (advance.every((o) => (this.offsets!.get(o.topic, o.partition)?.offset ?? -1) >= o.offset)) return;
      }
      try {
        await this.transaction(s, plans, advance, false);
      } catch (e) {
        if (isTransientDbError(e) || plans.length === 0) throw e;
        for (const p of plans) this.tables.invalidate(p.seg.table);
        await this.transaction(s, plans, advance, true);
      }
    });
  }

  private async transaction(s: DbSession, plans: readonly Plan[], advance: readonly TopicPartitionOffset[], rowByRow: boolean): Promise<void> {
    if (advance.length > 0) await this.offsets!.ensureTable(s);
    await s.execute('BEGIN');
    try {
      for (const plan of plans) {
        if (plan.seg.truncateFirst) await s.execute(this.dialect.truncate(plan.seg.table));
        if (rowByRow) await this.runRowByRow(s, plan);
        else await this.runBatch(s, plan);
      }
      if (advance.length > 0) await s.execute(this.offsets!.saveStatement(advance));
      await s.execute('COMMIT');
    } catch (e) {
      await s.execute('ROLLBACK').catch(() => undefined);
      throw e;
    }
    this.offsets?.committed(advance);
  }

  private async runBatch(s: DbSession, plan: Plan): Promise<void> {
    const { seg, deletes } = plan;
    const table = seg.table;
    if (deletes.length > 0) {
      const keys = deletes[0]!.op.keys;
      for (const chunk of chunks(deletes.map((d) => d.row), Math.floor(this.dialect.maxParams / keys.length))) {
        await s.execute(this.dialect.delete(table, keys, chunk));
      }
    }
    const shape = seg.shape;
    if (!shape || plan.writeOps.length === 0) return;
    const mode = this.config.insertMode;
    const bulk = plan.bulk;
    if (bulk && mode !== 'update') {
      if (s.copyFrom) return pgCopyWrite(s, this.dialect, table, shape.keys, shape.nonKeys, bulk, mode);
      try {
        return await mariaDbLoadWrite(s, this.dialect, table, shape.keys, shape.nonKeys, bulk, mode);
      } catch (e) {
        if (!isLoadDataDisabled(e)) throw e;
        this.loadDataDisabled = true; // the failed statement left the transaction intact: INSERT instead
      }
    }
    const rows = this.boundWrites(plan).map((w) => w.row);
    if (mode === 'update') {
      // UPDATE has no multi-row form that keeps parameter types; one statement per row.
      if (shape.nonKeys.length > 0) for (const row of rows) await s.execute(this.dialect.update(table, shape.keys, shape.nonKeys, row));
      return;
    }
    const perStatement = Math.floor(this.dialect.maxParams / (shape.keys.length + shape.nonKeys.length));
    for (const chunk of chunks(rows, perStatement)) await s.execute(this.writeStatement(seg, chunk));
  }

  private writeStatement(seg: Segment, rows: unknown[][]): Statement {
    const { keys, nonKeys } = seg.shape!;
    switch (this.config.insertMode) {
      case 'insert':
        return this.dialect.insert(seg.table, [...keys, ...nonKeys], rows);
      case 'upsert':
        return this.dialect.upsert(seg.table, keys, nonKeys, rows);
      case 'update':
        return this.dialect.update(seg.table, keys, nonKeys, rows[0]!);
    }
  }

  /** Each row in a savepoint: a rejected one is rolled back alone and reported (or fails the task). */
  private async runRowByRow(s: DbSession, plan: Plan): Promise<void> {
    const { seg, deletes } = plan;
    const writes = this.boundWrites(plan);
    const one = async (stmt: Statement, columns: readonly SinkColumn[], b: Bound<WriteOp | DeleteOp>) => {
      await s.execute('SAVEPOINT tsconnect_row');
      try {
        await s.execute(stmt);
        await s.execute('RELEASE SAVEPOINT tsconnect_row');
      } catch (e) {
        if (isTransientDbError(e)) throw e;
        await s.execute('ROLLBACK TO SAVEPOINT tsconnect_row');
        await this.bad(b.op.record, await rowError(s, this.dialect, seg.table, columns, b.row, b.op.source, e));
      }
    };
    for (const d of deletes) await one(this.dialect.delete(seg.table, d.op.keys, [d.row]), d.op.keys, d);
    const shape = seg.shape;
    if (!shape || (this.config.insertMode === 'update' && shape.nonKeys.length === 0)) return;
    const columns = [...shape.keys, ...shape.nonKeys];
    for (const w of writes) await one(this.writeStatement(seg, [w.row]), columns, w);
  }

  /** Runs `fn`, reconnecting and retrying after transient errors; other errors are thrown as they are. */
  private async withRetry<T>(what: string, fn: (s: DbSession, attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.session ??= await openSession(this.config.connection, this.dialect);
        return await fn(this.session, attempt);
      } catch (e) {
        if (!isTransientDbError(e)) throw e;
        await this.close();
        if (attempt >= this.config.maxRetries || this.options.signal?.aborted) {
          const code = (e as { code?: string }).code;
          const err = new ConnectException(
            `${what} failed${attempt > 0 ? ` after ${attempt} retries` : ''}: ${(e as Error).message}${code ? ` (${code})` : ''}`, { cause: e });
          throw Object.assign(err, { retriesExhausted: true });
        }
        await sleep(this.config.retryBackoffMs, this.options.signal);
      }
    }
  }
}

/** `e` as an Error whose message starts with the table, unless it names it already. */
function withTable(e: unknown, table: () => string): Error {
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

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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
