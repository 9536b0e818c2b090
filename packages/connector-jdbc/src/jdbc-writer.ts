import type { ErrantRecordReporter, SinkRecord, TopicPartitionOffset } from '@tsconnect/sdk';
import { deleteStatements, writeStatements } from './batch-statements.js';
import { forgetStages } from './bulk-batch.js';
import { BulkLoader } from './bulk-loader.js';
import { isTransientDbError, type DbSession } from './db-session.js';
import { tableIdToString, type Dialect } from './dialect/dialect.js';
import type { JdbcSinkConfig } from './jdbc-sink-config.js';
import { KeysMayExist } from './mariadb-load.js';
import { OffsetStore } from './offset-store.js';
import { lowestOffsets, mergeForward, tpKey } from './partition-offsets.js';
import { RecordReader, tableIdFor } from './record-reader.js';
import { runRowByRow } from './row-by-row.js';
import { segment } from './segment.js';
import { retriesExhausted, SessionRetry } from './session-retry.js';
import type { SinkOp } from './sink-op.js';
import { TableManager } from './table-manager.js';
import { bindSegment, boundWrites, withTable, type BadRecord, type Plan, type WriteJob } from './write-job.js';

type WriterConfig = Pick<JdbcSinkConfig, 'connection' | 'insertMode' | 'batchSize' | 'maxRetries' | 'retryBackoffMs' | 'autoCreate' |
  'autoEvolve' | 'copyThresholdRows' | 'errorsTolerance'> & Partial<Pick<JdbcSinkConfig, 'exactlyOnce' | 'offsetsTable' | 'connectorName' | 'poolMaxSize'>> &
  ConstructorParameters<typeof RecordReader>[0];

export interface WriterOptions {
  readonly signal?: AbortSignal | undefined;
  /** The runtime's DLQ/log reporter; used with errors.tolerance=all. */
  readonly reporter?: ErrantRecordReporter | undefined;
}

/**
 * Turns records into rows (`plan`, no database) and writes them (`execute`); the write pipeline
 * runs the two halves of consecutive puts side by side. Without exactly-once each segment is one
 * transaction; with it a whole job is one transaction that also stores the consumer offsets. A
 * batch the database rejects is run again row by row (row-by-row.ts) to find the bad records:
 * with errors.tolerance=all they go to the errant record reporter and the rest is written;
 * otherwise the task fails naming table, column and value.
 */
export class JdbcWriter {
  /** Session 0 does everything but the writes of a second concurrent job (`execute(job, 1)`). */
  private readonly dbs: SessionRetry[];
  /** DDL runs one at a time, whichever session needs it (two jobs may want to create the same table). */
  private ddl: Promise<unknown> = Promise.resolve();
  private readonly reader: RecordReader;
  private readonly tables: TableManager;
  private readonly bulk: BulkLoader;
  readonly offsets: OffsetStore | null;
  /** Records skipped as bad (reported, or dropped for errors.tolerance=all without a reporter). */
  errantCount = 0;
  private readonly hints = new Map<string, TopicPartitionOffset>();

  constructor(
    private readonly config: WriterConfig,
    private readonly dialect: Dialect,
    private readonly options: WriterOptions = {},
  ) {
    const sessions = config.exactlyOnce ? 1 : Math.max(1, config.poolMaxSize ?? 1);
    this.dbs = Array.from({ length: sessions }, () => new SessionRetry(config, dialect, options.signal));
    this.reader = new RecordReader(config);
    this.tables = new TableManager(dialect, config);
    this.bulk = new BulkLoader(dialect, config.insertMode, config.copyThresholdRows);
    this.offsets = config.exactlyOnce ? new OffsetStore(dialect, config.offsetsTable!, config.connectorName!) : null;
  }

  /** How many jobs may be executed at once (each on its own session): 1 with exactly-once. */
  get maxConcurrent(): number {
    return this.dbs.length;
  }

  /**
   * The keys `job` writes, per table, when it may run alongside another job with disjoint keys:
   * insert/upsert writes only (no deletes, no truncate, every row keyed). Null otherwise.
   */
  concurrentKeys(job: WriteJob): Map<string, Set<string>> | null {
    if (this.dbs.length < 2 || this.config.insertMode === 'update') return null;
    const keys = new Map<string, Set<string>>();
    for (const plan of job.plans) {
      if (plan.deletes.length > 0 || plan.seg.truncateFirst) return null;
      const table = tableIdToString(plan.seg.table);
      let set = keys.get(table);
      if (!set) keys.set(table, (set = new Set()));
      for (const op of plan.seg.ops) {
        if (op.type !== 'write' || op.keyId === null) return null;
        set.add(op.keyId);
      }
    }
    return keys;
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
      if (offsets.hasUnknown(records)) await this.dbs[0]!.run('Reading the stored offsets', (s) => offsets.loadUnknown(s, records));
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
    for (const seg of segment(ops, this.config.batchSize)) {
      const name = tableIdToString(seg.table);
      plans.push(await bindSegment(this.dialect, seg, (columns, rows) => this.bulk.field(columns, rows, name), this.bad));
    }
    return { plans, advance: offsets ? offsets.advances(todo) : [], lowest };
  }

  /**
   * The database half: DDL, then the transactions. Re-running a job that failed resumes after
   * the segments that committed (no segment is written twice). `slot` picks the session: the
   * caller never runs two jobs on one slot at once.
   */
  async execute(job: WriteJob, slot = 0): Promise<void> {
    const db = this.dbs[slot]!;
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
      if (plan.state === 'new' && !(await this.prepareTable(db, plan))) plan.state = 'done';
      if (plan.state === 'new') ready.push(plan);
    }
    if (offsets) {
      if (ready.length > 0 || job.advance.length > 0) await this.runUnit(db, ready, job.advance);
    } else {
      for (const plan of ready) await this.runUnit(db, [plan], []);
    }
  }

  /** Reads the stored offsets of newly assigned partitions (exactly.once.enabled). */
  async openPartitions(partitions: Parameters<OffsetStore['load']>[1]): Promise<TopicPartitionOffset[]> {
    const offsets = this.offsets;
    if (!offsets) return [];
    return this.dbs[0]!.run('Reading the stored offsets', (s) => offsets.load(s, partitions));
  }

  /** Stores offsets the runtime processed beyond what put wrote (e.g. records a transform dropped). */
  async advanceTo(given: readonly TopicPartitionOffset[]): Promise<void> {
    const offsets = this.offsets;
    const all = mergeForward(given, [...this.hints.values()]);
    this.hints.clear();
    const ahead = offsets ? all.filter((o) => (offsets.get(o.topic, o.partition)?.offset ?? -1) < o.offset) : [];
    if (ahead.length > 0) await this.runUnit(this.dbs[0]!, [], ahead);
  }

  /** Offsets to store with the next job (advanceTo while a job is being written). */
  hint(given: readonly TopicPartitionOffset[]): void {
    for (const o of mergeForward([...this.hints.values()], given)) this.hints.set(tpKey(o.topic, o.partition), o);
  }

  /** Forgets the positions hint() kept (their batch was dropped). */
  clearHints(): void {
    this.hints.clear();
  }

  async close(): Promise<void> {
    for (const db of this.dbs) await db.close();
  }

  /** A bad record: reported and skipped with errors.tolerance=all, otherwise the task fails with `error`. */
  private readonly bad: BadRecord = async (record, error) => {
    if (this.config.errorsTolerance !== 'all') throw error;
    this.errantCount++;
    await this.options.reporter?.(record, error);
  };

  /**
   * DDL outside the data transaction (MariaDB commits DDL implicitly). False when there is nothing
   * to run: deletes on a table that never existed, or a table that cannot be made ready (its
   * records then reported as bad).
   */
  private async prepareTable(db: SessionRetry, plan: Plan): Promise<boolean> {
    const seg = plan.seg;
    const name = tableIdToString(seg.table);
    const turn = this.ddl.then(() => db.run(`Preparing table "${name}"`, async (s) => {
      if (seg.shape) await this.tables.ensure(s, seg.table, seg.shape);
      else return this.tables.exists(s, seg.table);
      return true;
    }));
    this.ddl = turn.catch(() => undefined);
    try {
      return await turn;
    } catch (e) {
      if (retriesExhausted(e)) throw e;
      this.tables.invalidate(seg.table);
      for (const op of seg.ops) if (!plan.rejected.has(op)) await this.bad(op.record, withTable(e, () => name));
      return false;
    }
  }

  /**
   * One transaction: the plans, then the offsets. A rejected batch is retried row by row. After a
   * transient error with exactly-once, the stored offsets tell whether the COMMIT landed.
   */
  private async runUnit(db: SessionRetry, plans: readonly Plan[], advance: readonly TopicPartitionOffset[]): Promise<void> {
    const first = plans[0]?.seg.ops[0];
    const count = plans.reduce((n, p) => n + p.seg.ops.length, 0);
    const tables = [...new Set(plans.map((p) => tableIdToString(p.seg.table)))];
    const what = plans.length === 0
      ? 'Storing offsets'
      : `Writing ${count} record(s) (first ${first?.source ?? 'n/a'}) to table ${tables.map((t) => `"${t}"`).join(', ')}`;
    await db.run(what, async (s, attempt) => {
      if (attempt > 0 && this.offsets && advance.length > 0) {
        await this.offsets.load(s, advance);
        if (advance.every((o) => (this.offsets!.get(o.topic, o.partition)?.offset ?? -1) >= o.offset)) return;
      }
      try {
        if (!(await this.bulk.autocommitCopy(s, plans, advance))) {
          try {
            await this.transaction(s, plans, advance, false);
          } catch (e) {
            if (!(e instanceof KeysMayExist)) throw e;
            await this.transaction(s, plans, advance, false); // rolled back; now through the probe
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
   * One transaction. PostgreSQL runs a lone bulk batch (plus the offsets) as one message
   * (BulkLoader.pgTransaction); otherwise each statement is its own round trip. On PostgreSQL
   * (always autocommit outside BEGIN) offsets alone are one statement, atomic without BEGIN/COMMIT.
   */
  private async transaction(s: DbSession, plans: readonly Plan[], advance: readonly TopicPartitionOffset[], rowByRow: boolean): Promise<void> {
    const offsets = this.offsets;
    if (advance.length > 0) await offsets!.ensureTable(s);
    if (plans.length === 0 && s.copyFrom) {
      if (advance.length > 0) await s.execute(offsets!.saveStatement(advance));
      offsets?.committed(advance);
      return;
    }
    try {
      const tail = advance.length > 0 && s.copyFrom ? [offsets!.saveText(advance)] : [];
      if (rowByRow || !(await this.bulk.pgTransaction(s, plans, tail))) {
        await s.execute('BEGIN');
        for (const plan of plans) {
          if (plan.seg.truncateFirst) await s.execute(this.dialect.truncate(plan.seg.table));
          if (rowByRow) await runRowByRow(s, this.dialect, this.config.insertMode, plan, this.bad);
          else await this.runBatch(s, plan);
        }
        if (advance.length > 0) await s.execute(offsets!.saveStatement(advance));
        await s.execute('COMMIT');
      }
    } catch (e) {
      await s.execute('ROLLBACK').catch(() => undefined);
      forgetStages(s);
      throw e;
    }
    for (const plan of plans) plan.state = 'done';
    offsets?.committed(advance);
  }

  /** A batch in the caller's transaction: deletes first, then the writes (bulk load, or statements). */
  private async runBatch(s: DbSession, plan: Plan): Promise<void> {
    const seg = plan.seg;
    for (const stmt of deleteStatements(this.dialect, seg, plan.deletes)) await s.execute(stmt);
    if (!seg.shape || plan.writeOps.length === 0 || (await this.bulk.write(s, plan))) return;
    const rows = boundWrites(this.dialect, plan).map((w) => w.row);
    let affected = 0;
    for (const stmt of writeStatements(this.dialect, this.config.insertMode, seg, rows)) affected += await s.execute(stmt);
    this.bulk.statementsWrote(plan, affected, rows.length);
  }
}
