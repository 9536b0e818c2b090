import { createHash } from 'node:crypto';
import type { SinkColumn } from './column-kind.js';
import type { DbSession } from './db-session.js';
import type { Dialect, TableId } from './dialect/dialect.js';
import { createdStages, keyRange, type BulkBatch } from './bulk-batch.js';

/**
 * PostgreSQL fast path for a large insert/upsert batch (inside the caller's transaction); the
 * batch is collapsed, so no key appears twice in it.
 *
 * - insert: `COPY target FROM STDIN`. It fails on a duplicate key exactly as INSERT does.
 * - upsert of keys the table does not hold yet (the common case of a sink catching up): the same
 *   direct COPY. With one key column this is checked first: an integer key's [min, max] range
 *   (one index probe), else `key = ANY(keys)`. If another writer inserts one of the keys in
 *   between, COPY fails on the unique key and the writer replays the batch row by row with
 *   `ON CONFLICT`, so the outcome is the same.
 * - otherwise: `COPY` into a temporary stage table made `AS SELECT <columns> FROM target WITH NO
 *   DATA` (so the target's own column types parse the values, as INSERT would), then
 *   `INSERT … SELECT … FROM stage ON CONFLICT (keys) DO UPDATE`. That probes the primary key per
 *   row; the former `UPDATE … FROM stage` + `INSERT … WHERE NOT EXISTS` let the planner pick a
 *   hash join that scanned the whole target once per batch (the stage has no statistics), which
 *   made a growing table quadratic. The stage is created once per session (ON COMMIT DELETE
 *   ROWS: each COMMIT empties it), so its catalog rows are not rewritten for every batch.
 * - `probe=false` (the writer saw existing keys in this table lately): straight to the stage.
 */
export async function pgCopyWrite(
  session: DbSession, dialect: Dialect, table: TableId, keys: readonly SinkColumn[], nonKeys: readonly SinkColumn[],
  bulk: BulkBatch, mode: 'insert' | 'upsert', probe: boolean,
): Promise<'direct' | 'staged'> {
  const all = [...keys, ...nonKeys];
  const columns = all.map((c) => dialect.quote(c.name)).join(', ');
  const target = dialect.tableRef(table);
  if (mode === 'insert' || (probe && bulk.keyValues && !(await anyKeyExists(session, dialect, target, keys[0]!, bulk.keyValues)))) {
    await pgCopyDirect(session, dialect, table, all, bulk);
    return 'direct';
  }
  // Always quoted: the stage table is ours, whatever quote.sql.identifiers says. Its name depends
  // on the target and the column list, so a schema change gets a new stage.
  const stage = `"__tsconnect_stage_${createHash('sha1').update(`${target}\u0000${columns}`).digest('hex').slice(0, 16)}"`;
  const made = createdStages(session);
  if (!made.has(stage)) {
    // ON COMMIT DELETE ROWS: COMMIT empties it, so no TRUNCATE round trip per batch.
    await session.execute(`CREATE TEMP TABLE IF NOT EXISTS ${stage} ON COMMIT DELETE ROWS AS SELECT ${columns} FROM ${target} WITH NO DATA`);
    made.add(stage);
  }
  await session.copyFrom!(`COPY ${stage} (${columns}) FROM STDIN`, bulk.chunks);
  const conflict = keys.map((c) => dialect.quote(c.name)).join(', ');
  const action = nonKeys.length === 0
    ? 'DO NOTHING'
    : `DO UPDATE SET ${nonKeys.map((c) => `${dialect.quote(c.name)} = EXCLUDED.${dialect.quote(c.name)}`).join(', ')}`;
  await session.execute(`INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${stage} ON CONFLICT (${conflict}) ${action}`);
  return 'staged';
}

/**
 * `COPY target FROM STDIN` alone. Outside a transaction this is the whole write of a batch of new
 * keys in one round trip: COPY is one statement, so it lands completely or not at all, and a key
 * that exists makes it fail with 23505 (unique_violation) instead of writing anything.
 */
export async function pgCopyDirect(session: DbSession, dialect: Dialect, table: TableId, columns: readonly SinkColumn[], bulk: BulkBatch): Promise<void> {
  await session.copyFrom!(`COPY ${dialect.tableRef(table)} (${columns.map((c) => dialect.quote(c.name)).join(', ')}) FROM STDIN`, bulk.chunks);
}



/** True when the target already holds one of `keyValues` (bound values of its single key column). */
async function anyKeyExists(session: DbSession, dialect: Dialect, target: string, key: SinkColumn, keyValues: readonly unknown[]): Promise<boolean> {
  const k = dialect.quote(key.name);
  const range = keyRange(key, keyValues);
  if (range) {
    const hit = await session.query({ sql: `SELECT 1 FROM ${target} WHERE ${k} BETWEEN $1 AND $2 LIMIT 1`, params: [range[0], range[1]] });
    if (hit.length === 0) return false;
  }
  // pg sends a JS array as an array literal; its type is inferred from the key column.
  const hit = await session.query({ sql: `SELECT 1 FROM ${target} WHERE ${k} = ANY($1) LIMIT 1`, params: [keyValues] });
  return hit.length > 0;
}
