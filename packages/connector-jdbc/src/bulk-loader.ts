import type { TopicPartitionOffset } from '@tsconnect/sdk';
import type { FieldText } from './bulk-batch.js';
import type { SinkColumn } from './column-kind.js';
import type { DbSession } from './db-session.js';
import { tableIdToString, type Dialect } from './dialect/dialect.js';
import type { InsertMode } from './jdbc-sink-config.js';
import { isLoadDataDisabled, KeysMayExist, mariaDbBulkEligible, mariaDbBulkField, mariaDbLoadWrite } from './mariadb-load.js';
import { pgCopyDirect, pgCopyTransaction, pgCopyWrite, pgKeysMayExist } from './pg-copy.js';
import { copyTextField } from './pg-text.js';
import type { Plan } from './write-job.js';

/** While a table keeps meeting existing keys, probe whether a batch's keys are all new only this often. */
const REPROBE_EVERY = 16;

/**
 * The bulk-load fast path (copy.threshold.rows): which batches go through COPY (pg-copy.ts) or
 * LOAD DATA (mariadb-load.ts), and which way, from what earlier batches showed about each table.
 * A table whose upserts met existing keys skips the optimistic direct load and, but every
 * REPROBE_EVERY-th batch, the "are the keys new?" probe; MariaDB then upserts it with multi-row
 * INSERT … ON DUPLICATE KEY UPDATE instead. A batch of only new keys switches the table back.
 * On PostgreSQL a batch with nothing else to keep atomic is one autocommit COPY, and a
 * transaction of one batch (plus the exactly-once offsets) is one message: one round trip either way.
 */
export class BulkLoader {
  /** The MariaDB server refused LOAD DATA LOCAL (local_infile=OFF): multi-row INSERT from then on. */
  private loadDataDisabled = false;
  /** Tables whose last bulk upsert met existing keys, with the count of staged batches since. */
  private readonly keysSeen = new Map<string, number>();

  constructor(
    private readonly dialect: Dialect,
    private readonly mode: InsertMode,
    private readonly thresholdRows: number,
  ) {}

  /** The bulk-text renderer when a batch of `rows` writes to `table` goes through COPY / LOAD DATA, else null. */
  field(columns: readonly SinkColumn[], rows: number, table: string): FieldText | null {
    const mode = this.mode;
    if (mode === 'update' || this.thresholdRows <= 0 || rows < this.thresholdRows || rows === 0 || columns.length === 0) return null;
    if (this.dialect.name === 'postgresql') return copyTextField;
    // MariaDB upserts into existing keys: one multi-row INSERT … ON DUPLICATE KEY UPDATE beats LOAD
    // DATA into a stage + INSERT … SELECT + emptying the stage (measured about 1.5-2x).
    if (mode === 'upsert' && this.keysSeen.has(table)) return null;
    return !this.loadDataDisabled && mariaDbBulkEligible(columns) ? mariaDbBulkField : null;
  }

  /**
   * PostgreSQL, one bulk batch of (probably) new keys and nothing else to keep atomic with it: a
   * lone `COPY` in autocommit, one round trip instead of BEGIN, key probe, COPY and COMMIT (under
   * load each round trip costs a scheduling delay of the server). False when it does not apply, or
   * when a key existed (23505: nothing was written; the transaction path then probes and stages).
   */
  async autocommitCopy(s: DbSession, plans: readonly Plan[], advance: readonly TopicPartitionOffset[]): Promise<boolean> {
    const plan = advance.length === 0 ? this.lonePgBatch(s, plans) : null;
    const mode = this.mode;
    if (!plan?.bulk) return false;
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

  /**
   * PostgreSQL, a transaction of one bulk batch (no deletes, no truncate) and `tail` (the
   * exactly-once offsets, values inlined): BEGIN, COPY, the stage's INSERT … SELECT, `tail` and
   * COMMIT as one message (pgCopyTransaction), one round trip instead of four or five. Which COPY:
   * as in write(), except that a table that showed no existing keys lately skips the probe: the
   * COPY goes straight in, and a key that exists (23505) throws KeysMayExist, so the caller rolls
   * back and runs the batch again, through the probe. False when this does not apply. On an error
   * the transaction is left open (aborted) for the caller to roll back.
   */
  async pgTransaction(s: DbSession, plans: readonly Plan[], tail: readonly string[]): Promise<boolean> {
    const plan = this.lonePgBatch(s, plans);
    const mode = this.mode;
    if (!plan?.bulk) return false;
    const { table, shape } = plan.seg;
    const { keys, nonKeys } = shape!;
    const name = tableIdToString(table);
    const staged = this.keysSeen.get(name);
    const direct = mode === 'insert' || staged === undefined ||
      (staged % REPROBE_EVERY === 0 && !(await pgKeysMayExist(s, this.dialect, table, keys, plan.bulk)));
    try {
      await pgCopyTransaction(s, this.dialect, table, keys, nonKeys, plan.bulk, direct ? 'direct' : 'staged', tail);
    } catch (e) {
      if (mode === 'upsert' && staged === undefined && (e as { code?: string }).code === '23505') {
        this.keysSeen.set(name, 0);
        throw new KeysMayExist(`COPY into ${name} met an existing key`, { cause: e });
      }
      throw e;
    }
    this.wrote(name, direct ? 'direct' : 'staged', staged);
    return true;
  }

  /**
   * Writes the plan's bulk text inside the caller's transaction (its deletes already ran). False
   * when the batch has to be written by statements instead: MariaDB refused LOAD DATA LOCAL, and
   * the failed statement left the transaction intact. KeysMayExist means: roll back and run the
   * batch again (it then goes through the probe).
   */
  async write(s: DbSession, plan: Plan): Promise<boolean> {
    const { bulk, seg } = plan;
    const mode = this.mode;
    if (!bulk || mode === 'update') return false;
    const { keys, nonKeys } = seg.shape!;
    const name = tableIdToString(seg.table);
    const staged = this.keysSeen.get(name);
    const probe = staged === undefined || staged % REPROBE_EVERY === 0;
    try {
      const path = s.copyFrom
        ? await pgCopyWrite(s, this.dialect, seg.table, keys, nonKeys, bulk, mode, probe)
        : await mariaDbLoadWrite(s, this.dialect, seg.table, keys, nonKeys, bulk, mode,
          staged === undefined ? 'optimistic' : probe ? 'probe' : 'stage');
      this.wrote(name, path, staged);
      return true;
    } catch (e) {
      if (e instanceof KeysMayExist) this.keysSeen.set(name, 0);
      if (s.copyFrom || !isLoadDataDisabled(e)) throw e;
      this.loadDataDisabled = true;
      return false;
    }
  }

  /** The plan when `plans` is one bulk insert/upsert batch with nothing else to run (PostgreSQL), else null. */
  private lonePgBatch(s: DbSession, plans: readonly Plan[]): Plan | null {
    const plan = plans.length === 1 ? plans[0]! : null;
    const ok = plan?.bulk && s.copyFrom && this.mode !== 'update' && !plan.seg.truncateFirst && plan.deletes.length === 0 && plan.writeOps.length > 0;
    return ok ? plan : null;
  }

  /** A bulk batch went straight in (the table holds new keys: forget it met existing ones) or through the stage (count it). */
  private wrote(table: string, path: 'direct' | 'staged', staged: number | undefined): void {
    if (path === 'direct') this.keysSeen.delete(table);
    else this.keysSeen.set(table, (staged ?? 0) + 1);
  }

  /**
   * After an upsert batch went by multi-row statements: MariaDB counts 1 affected row per inserted
   * row (2 per updated one), so all new means bulk loading pays again for this table.
   */
  statementsWrote(plan: Plan, affected: number, rows: number): void {
    if (this.mode === 'upsert' && this.dialect.name !== 'postgresql' && affected === rows) this.keysSeen.delete(tableIdToString(plan.seg.table));
  }
}
