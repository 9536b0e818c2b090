import { bulkTarget, createdStages, stageName, type BulkBatch } from './bulk-batch.js';
import { escapeBulkText } from './bulk-text.js';
import type { SinkColumn } from './column-kind.js';
import type { DbSession } from './db-session.js';
import type { Dialect, TableId } from './dialect/dialect.js';
import { anyKeyExists } from './key-probe.js';

/** A bound value as one field of `LOAD DATA`'s default text format. */
export function mariaDbBulkField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeBulkText(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return String(v); // digits, '-', '.', 'e', or NaN/Infinity: nothing to escape
  return escapeBulkText(String(v));
}

/** Binary columns stay on multi-row INSERT: raw bytes would pass through the file's character set. */
export function mariaDbBulkEligible(columns: readonly SinkColumn[]): boolean {
  return columns.every((c) => c.kind !== 'bytes' && c.kind !== 'bits');
}

/** LOAD DATA LOCAL turns duplicate keys and bad values into skipped rows and warnings; we fail instead. */
export class BulkLoadRejected extends Error {
  override readonly name = 'BulkLoadRejected';
}

/** An optimistic direct LOAD DATA of an upsert skipped rows: roll back and run the batch again through the probe. */
export class KeysMayExist extends Error {
  override readonly name = 'KeysMayExist';
}

/**
 * How an upsert batch decides between loading straight into the target and the stage:
 * `optimistic` loads straight in and throws KeysMayExist if any row was skipped (MariaDB only:
 * the load runs inside a transaction the caller then rolls back), `probe` asks the table first,
 * `stage` goes to the stage without asking.
 */
export type KeyCheck = 'optimistic' | 'probe' | 'stage';

/** Server refused LOAD DATA LOCAL (local_infile off): 1148 ER_NOT_ALLOWED_COMMAND, 3948/4166 "disabled". */
export function isLoadDataDisabled(e: unknown): boolean {
  const errno = (e as { errno?: unknown }).errno;
  return errno === 1148 || errno === 3948 || errno === 4166;
}

/**
 * MariaDB fast path for a large insert/upsert batch (inside the caller's transaction), the
 * counterpart of pg-copy.ts: `LOAD DATA LOCAL INFILE` streamed from memory.
 *
 * - insert, or upsert of keys the table does not hold yet (one key column, probed by range or
 *   `IN (…)`): straight into the target.
 *   With `optimistic` the probe is skipped and skipped rows throw KeysMayExist instead.
 * - otherwise into a temporary stage (`AS SELECT <columns> FROM target LIMIT 0`, so the target's
 *   column types parse the values), then `INSERT … SELECT … ON DUPLICATE KEY UPDATE`.
 *
 * With LOCAL the server only warns about bad values and skips duplicate keys, so any warning or
 * skipped row throws BulkLoadRejected: the writer rolls back and replays the batch row by row,
 * where strict mode names the bad value (or ON DUPLICATE KEY handles a key another writer added).
 */
export async function mariaDbLoadWrite(
  session: DbSession, dialect: Dialect, table: TableId, keys: readonly SinkColumn[], nonKeys: readonly SinkColumn[],
  bulk: BulkBatch, mode: 'insert' | 'upsert', check: KeyCheck = 'probe',
): Promise<'direct' | 'staged'> {
  const { columns, target } = bulkTarget(dialect, table, [...keys, ...nonKeys]);
  const load = async (into: string) => {
    const r = await session.loadData!(`LOAD DATA LOCAL INFILE 'tsconnect-batch.tsv' INTO TABLE ${into} CHARACTER SET utf8mb4 (${columns})`, bulk.chunks);
    if (r.affectedRows !== bulk.rows || r.warnings > 0) {
      throw new BulkLoadRejected(`LOAD DATA into ${into} loaded ${r.affectedRows} of ${bulk.rows} rows with ${r.warnings} warning(s)`);
    }
  };
  if (mode === 'upsert' && check === 'optimistic') {
    try {
      await load(target);
    } catch (e) {
      // Skipped rows: keys that exist (or bad values). The caller rolls back and runs the batch again with the probe.
      if (e instanceof BulkLoadRejected) throw new KeysMayExist(e.message);
      throw e;
    }
    return 'direct';
  }
  if (mode === 'insert' || (check === 'probe' && bulk.keyValues && !(await anyKeyExists(session, dialect, target, keys[0]!, bulk.keyValues)))) {
    await load(target);
    return 'direct';
  }
  // "_m": the MyISAM stage (an older InnoDB one of the same session keeps its own name).
  const stage = `\`${stageName(target, columns)}_m\``;
  const made = createdStages(session);
  if (!made.has(stage)) {
    // TEMPORARY: no implicit commit, private to this connection, gone when it closes. MyISAM (in
    // MariaDB and MySQL alike): not transactional, so emptying it is a cheap truncate instead of
    // an InnoDB DELETE that logs undo for every row; it is emptied before each use, so rows a
    // rolled-back batch left there never leak into the next one.
    await session.execute(`CREATE TEMPORARY TABLE IF NOT EXISTS ${stage} ENGINE=MyISAM AS SELECT ${columns} FROM ${target} LIMIT 0`);
    made.add(stage);
  }
  await session.execute(`DELETE FROM ${stage}`); // TRUNCATE would commit the transaction
  await load(stage);
  const set = nonKeys.length === 0
    ? `${dialect.quote(keys[0]!.name)} = ${dialect.quote(keys[0]!.name)}`
    : nonKeys.map((c) => `${dialect.quote(c.name)} = VALUES(${dialect.quote(c.name)})`).join(', ');
  await session.execute(`INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${stage} ON DUPLICATE KEY UPDATE ${set}`);
  return 'staged';
}
