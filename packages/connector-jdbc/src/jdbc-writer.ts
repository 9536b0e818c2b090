import { ConnectException, type ErrantRecordReporter, type SinkRecord, type TopicPartitionOffset } from '@tsconnect/sdk';
import { rowError } from './bad-record.js';
import { collapseBatch } from './batch-collapse.js';
import type { SinkColumn } from './column-kind.js';
import { isTransientDbError, openSession, type DbSession } from './db-session.js';
import { tableIdToString, type Dialect, type Statement } from './dialect/dialect.js';
import type { JdbcSinkConfig } from './jdbc-sink-config.js';
import { OffsetStore } from './offset-store.js';
import { buildBulkBatch, forgetStages } from './bulk-batch.js';
import { isLoadDataDisabled, KeysMayExist, mariaDbBulkEligible, mariaDbBulkField, mariaDbLoadWrite } from './mariadb-load.js';
import { pgCopyDirect, pgCopyWrite } from './pg-copy.js';
import { copyTextField } from './pg-text.js';
import { RecordReader, tableIdFor } from './record-reader.js';
import { chunks, segment, type Segment } from './segment.js';
import type { DeleteOp, SinkOp, WriteOp } from './sink-op.js';
import { TableManager } from './table-manager.js';
import { bindRow, boundWrites, lowestOffsets, mergeForward, sleep, withTable, type Bound, type Plan, type WriteJob } from './write-job.js';

export type { WriteJob } from './write-job.js';

export { chunks, segment, type Segment } from './segment.js';

/** While a table keeps meeting existing keys, probe whether a batch's keys are all new only this often. */
const REPROBE_EVERY = 16;

type WriterConfig = Pick<JdbcSinkConfig, 'connection' | 'insertMode' | 'batchSize' | 'maxRetries' | 'retryBackoffMs' | 'autoCreate' |
  'autoEvolve' | 'copyThresholdRows' | 'errorsTolerance'> & Partial<Pick<JdbcSinkConfig, 'exactlyOnce' | 'offsetsTable' | 'connectorName'>> &
  ConstructorParameters<typeof RecordReader>[0];

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
  private readonly hints = new Map<string, TopicPartitionOffset>();
  /**
   * Tables whose last bulk upsert met existing keys, with the count of staged batches since: they
   * skip the optimistic COPY and (but every REPROBE_EVERY-th batch) the probe, and go to the stage.
   */
  private readonly keysSeen = new Map<string, number>();

  constructor(
    private readonly config: WriterConfig,
    private readonly dialect: Dialect,
    private readonly options: WriterOptions = {},
  ) {
    this.reader = new RecordReader(config);
    this.tables = new TableManager(dialect, config);
    this.offsets = config.exactlyOnce ? new OffsetStore(dialect, config.offsetsTable!, config.connectorName!) : null;
  }

  /** True when planning `records` needs the database (exactly-once partitions whose stored offset is unknown). */
  needsOffsetsRead(records: readonly SinkRecord[]): boolean {
    return this.offsets?.hasUnknown(records) ?? false;
  }

  /**
   * The CPU half of a put: records → rows (bound values or bulk-load text), with bad values
   * reported. Touches the database only when needsOffsetsRead() said so, so it can run while
   * the previous job is still being written.
   */
  async plan(records: readonly SinkRecord[]): Promise<WriteJob> {
    const lowest = lowestOffsets(records);
    let todo = records;
    const offsets = this.offsets;
    if (offsets) {
      if (offsets.hasUnknown(records)) await this.withRetry('Reading the stored offsets', (s) => offsets.loadUnknown(s, records));
      todo = records.filter((r) => !offsets.isApplied(r)); // redelivered after a crash: already in the database
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
    for (const seg of segment(ops, this.config.batchSize)) plans.push(await this.bindSegment(seg));
    return { plans, advance: offsets ? offsets.advances(todo) : [], lowest };
  }

  /**
   * The database half: DDL, then the transactions. Re-running a job that failed resumes after
   * the segments that committed (no segment is written twice).
   */
  async execute(job: WriteJob): Promise<void> {
    const offsets = this.offsets;
    if (offsets) {
      if (this.hints.size > 0) {
        // Offsets preCommit saw while an earlier job ran: every record below them was handed to put
        // before this job, so this job's commit (after all earlier ones) may store them.
        job.advance = mergeForward(job.advance, [...this.hints.values()]);
        this.hints.clear();
      }
      offsets.pending(job.advance);
    }
    const ready: Plan[] = [];
    for (const plan of job.plans) {
      if (plan.state === 'new' && !(await this.prepareTable(plan))) plan.state = 'done';
      if (plan.state === 'new') ready.push(plan);
    }
    if (offsets) {
      if (ready.length > 0 || job.advance.length > 0) await this.runUnit(ready, job.advance);
    } else {
      for (const plan of ready) await this.runUnit([plan], []);
    }
  }

  /** plan + execute, for callers that write synchronously. */
  async write(records: readonly SinkRecord[]): Promise<void> {
    await this.execute(await this.plan(records));
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
    const all = mergeForward(given, [...this.hints.values()]);
    this.hints.clear();
    const ahead = offsets ? all.filter((o) => (offsets.get(o.topic, o.partition)?.offset ?? -1) < o.offset) : [];
    if (ahead.length > 0) await this.runUnit([], ahead);
  }

  /** Offsets to store with the next job (advanceTo while a job is being written). */
  hint(given: readonly TopicPartitionOffset[]): void {
    for (const o of mergeForward([...this.hints.values()], given)) this.hints.set(`${o.topic}\u0000${o.partition}`, o);
  }

  /** Forgets the positions hint() kept (their batch was dropped). */
  clearHints(): void {
    this.hints.clear();
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

  /** Collapse and bind (no database): values that cannot be bound are reported here. */
  private async bindSegment(seg: Segment): Promise<Plan> {
    const name = tableIdToString(seg.table);
    const rejected = new Set<SinkOp>();
    const reject = async (op: SinkOp, e: Error) => {
      rejected.add(op);
      await this.bad(op.record, withTable(new Error(`${e.message} (record ${op.source})`), () => name));
    };
    const { deletes, writes } = collapseBatch(seg.ops);
    const plan = { seg, rejected, state: 'new' as const, deletes: [] as Bound<DeleteOp>[], bulk: null };
    for (const op of deletes) {
      const row = bindRow(this.dialect, op.keys, op.keyValues);
      if (Array.isArray(row)) plan.deletes.push({ op, row });
      else await reject(op, row);
    }
    const columns = seg.shape ? [...seg.shape.keys, ...seg.shape.nonKeys] : [];
    const field = this.bulkField(columns, writes.length, name);
    if (field) {
      const bad: [WriteOp, Error][] = [];
      const bulk = buildBulkBatch(this.dialect, columns, writes, field, (op, e) => bad.push([op, e]));
      for (const [op, e] of bad) await reject(op, e);
      return { ...plan, writes: null, writeOps: bad.length === 0 ? writes : writes.filter((op) => !rejected.has(op)), bulk };
    }
    const bound: Bound<WriteOp>[] = [];
    for (const op of writes) {
      const row = bindRow(this.dialect, columns, op.values);
      if (Array.isArray(row)) bound.push({ op, row });
      else await reject(op, row);
    }
    return { ...plan, writes: bound, writeOps: bound.map((b) => b.op) };
  }

  /**
   * DDL outside the data transaction (MariaDB commits DDL implicitly). False when there is nothing
   * to run: deletes on a table that never existed, or a table that cannot be made ready (its
   * records then reported as bad).
   */
  private async prepareTable(plan: Plan): Promise<boolean> {
    const seg = plan.seg;
    const name = tableIdToString(seg.table);
    try {
      return await this.withRetry(`Preparing table "${name}"`, async (s) => {
        if (seg.shape) await this.tables.ensure(s, seg.table, seg.shape);
        else return this.tables.exists(s, seg.table);
        return true;
      });
    } catch (e) {
      if ((e as { retriesExhausted?: boolean }).retriesExhausted) throw e;
      this.tables.invalidate(seg.table);
      for (const op of seg.ops) if (!plan.rejected.has(op)) await this.bad(op.record, withTable(e, () => name));
      return false;
    }
  }

  /** The bulk-text renderer when this batch goes through COPY / LOAD DATA, else null. */
  private bulkField(columns: readonly SinkColumn[], rows: number, table: string): ((v: unknown) => string) | null {
    const { insertMode, copyThresholdRows } = this.config;
    if (insertMode === 'update' || copyThresholdRows <= 0 || rows < copyThresholdRows || rows === 0 || columns.length === 0) return null;
    if (this.dialect.name === 'postgresql') return copyTextField;
    // MariaDB upserts into existing keys: one multi-row INSERT … ON DUPLICATE KEY UPDATE beats LOAD
    // DATA into a stage + INSERT … SELECT + emptying the stage (measured about 1.5-2x).
    if (insertMode === 'upsert' && this.keysSeen.has(table)) return null;
    return !this.loadDataDisabled && mariaDbBulkEligible(columns) ? mariaDbBulkField : null;
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
        if (!(await this.autocommitCopy(s, plans, advance))) {
          try {
            await this.transaction(s, plans, advance, false);
          } catch (e) {
            if (!(e instanceof KeysMayExist)) throw e;
            await this.transaction(s, plans, advance, false); // rolled back; now through the probe (keysSeen)
          }
        }
      } catch (e) {
        if (isTransientDbError(e) || plans.length === 0) throw e;
        for (const p of plans) this.tables.invalidate(p.seg.table);
        await this.transaction(s, plans, advance, true);
      }
    });
  }

  /**
   * PostgreSQL, one bulk batch of (probably) new keys and nothing else to keep atomic with it: a
   * lone `COPY` in autocommit, one round trip instead of BEGIN, key probe, COPY and COMMIT (under
   * load each round trip costs a scheduling delay of the server). False when it does not apply, or
   * when a key existed (23505: nothing was written; the transaction path then probes and stages).
   * A table that had existing keys goes through the probe until a probe finds only new keys again.
   */
  private async autocommitCopy(s: DbSession, plans: readonly Plan[], advance: readonly TopicPartitionOffset[]): Promise<boolean> {
    const plan = plans.length === 1 && advance.length === 0 ? plans[0]! : null;
    const mode = this.config.insertMode;
    if (!plan?.bulk || !s.copyFrom || mode === 'update' || plan.seg.truncateFirst || plan.deletes.length > 0 || plan.writeOps.length === 0) return false;
    const table = tableIdToString(plan.seg.table);
    if (mode === 'upsert' && this.keysSeen.has(table)) return false;
    const shape = plan.seg.shape!;
    try {
      await pgCopyDirect(s, this.dialect, plan.seg.table, [...shape.keys, ...shape.nonKeys], plan.bulk);
    } catch (e) {
      if (mode !== 'upsert' || (e as { code?: string }).code !== '23505') throw e;
      this.keysSeen.set(table, 0);
      return false;
    }
    plan.state = 'done';
    return true;
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
      forgetStages(s);
      throw e;
    }
    for (const plan of plans) plan.state = 'done';
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
      const name = tableIdToString(table);
      // After existing keys were met, skip the "are the keys new?" probe for a while: straight to the stage.
      const staged = this.keysSeen.get(name);
      const probe = staged === undefined || staged % REPROBE_EVERY === 0;
      try {
        const path = s.copyFrom
          ? await pgCopyWrite(s, this.dialect, table, shape.keys, shape.nonKeys, bulk, mode, probe)
          : await mariaDbLoadWrite(s, this.dialect, table, shape.keys, shape.nonKeys, bulk, mode,
            staged === undefined ? 'optimistic' : probe ? 'probe' : 'stage');
        if (path === 'direct') this.keysSeen.delete(name);
        else this.keysSeen.set(name, (staged ?? 0) + 1);
        return;
      } catch (e) {
        if (e instanceof KeysMayExist) this.keysSeen.set(name, 0);
        if (s.copyFrom || !isLoadDataDisabled(e)) throw e;
        this.loadDataDisabled = true; // the failed statement left the transaction intact: INSERT instead
      }
    }
    const rows = boundWrites(this.dialect, plan).map((w) => w.row);
    if (mode === 'update') {
      // UPDATE has no multi-row form that keeps parameter types; one statement per row.
      if (shape.nonKeys.length > 0) for (const row of rows) await s.execute(this.dialect.update(table, shape.keys, shape.nonKeys, row));
      return;
    }
    const perStatement = Math.floor(this.dialect.maxParams / (shape.keys.length + shape.nonKeys.length));
    let affected = 0;
    for (const chunk of chunks(rows, perStatement)) affected += await s.execute(this.writeStatement(seg, chunk));
    // MariaDB counts 1 per inserted row of an upsert (2 per updated one): all new means bulk loading pays again.
    if (mode === 'upsert' && this.dialect.name !== 'postgresql' && affected === rows.length) this.keysSeen.delete(tableIdToString(table));
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
    const writes = boundWrites(this.dialect, plan);
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
