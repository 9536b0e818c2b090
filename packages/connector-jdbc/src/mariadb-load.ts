import { createHash } from 'node:crypto';
import type { SinkColumn } from './column-kind.js';
import { escapeBulkText } from './bulk-text.js';
import { keyRange, type BulkBatch } from './bulk-batch.js';
import type { DbSession } from './db-session.js';
import type { Dialect, TableId } from './dialect/dialect.js';

/** A bound value as one field of `LOAD DATA`'s default text format. */
export function mariaDbBulkField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeBulkText(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
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
 * - otherwise into a temporary stage (`AS SELECT <columns> FROM target LIMIT 0`, so the target's
 *   column types parse the values), then `INSERT … SELECT … ON DUPLICATE KEY UPDATE`.
 *
 * With LOCAL the server only warns about bad values and skips duplicate keys, so any warning or
 * skipped row throws BulkLoadRejected: the writer rolls back and replays the batch row by row,
 * where strict mode names the bad value (or ON DUPLICATE KEY handles a key another writer added).
 */
export async function mariaDbLoadWrite(
  session: DbSession, dialect: Dialect, table: TableId, keys: readonly SinkColumn[], nonKeys: readonly SinkColumn[],
  bulk: BulkBatch, mode: 'insert' | 'upsert',
): Promise<void> {
  const all = [...keys, ...nonKeys];
  const columns = all.map((c) => dialect.quote(c.name)).join(', ');
  const target = dialect.tableRef(table);
  const load = async (into: string) => {
    const r = await session.loadData!(`LOAD DATA LOCAL INFILE 'tsconnect-batch.tsv' INTO TABLE ${into} CHARACTER SET utf8mb4 (${columns})`, bulk.chunks);
    if (r.affectedRows !== bulk.rows || r.warnings > 0) {
      throw new BulkLoadRejected(`LOAD DATA into ${into} loaded ${r.affectedRows} of ${bulk.rows} rows with ${r.warnings} warning(s)`);
    }
  };
  if (mode === 'insert' || (bulk.keyValues && !(await anyKeyExists(session, dialect, target, keys[0]!, bulk.keyValues)))) {
    await load(target);
    return;
  }
  const stage = `\`__tsconnect_stage_${createHash('sha1').update(`${target}\u0000${columns}`).digest('hex').slice(0, 16)}\``;
  // TEMPORARY: no implicit commit, private to this connection, gone when it closes.
  await session.execute(`CREATE TEMPORARY TABLE IF NOT EXISTS ${stage} AS SELECT ${columns} FROM ${target} LIMIT 0`);
  await load(stage);
  const set = nonKeys.length === 0
    ? `${dialect.quote(keys[0]!.name)} = ${dialect.quote(keys[0]!.name)}`
    : nonKeys.map((c) => `${dialect.quote(c.name)} = VALUES(${dialect.quote(c.name)})`).join(', ');
  await session.execute(`INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${stage} ON DUPLICATE KEY UPDATE ${set}`);
  await session.execute(`DELETE FROM ${stage}`); // TRUNCATE would commit the transaction
}

async function anyKeyExists(session: DbSession, dialect: Dialect, target: string, key: SinkColumn, keyValues: readonly unknown[]): Promise<boolean> {
  const k = dialect.quote(key.name);
  const range = keyRange(key, keyValues);
  if (range) {
    const hit = await session.query({ sql: `SELECT 1 FROM ${target} WHERE ${k} BETWEEN ? AND ? LIMIT 1`, params: [range[0], range[1]] });
    if (hit.length === 0) return false;
  }
  const hit = await session.query({ sql: `SELECT 1 FROM ${target} WHERE ${k} IN (${keyValues.map(() => '?').join(', ')}) LIMIT 1`, params: [...keyValues] });
  return hit.length > 0;
}
