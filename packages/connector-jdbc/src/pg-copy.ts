import { bulkTarget, createdStages, stageName, type BulkBatch } from './bulk-batch.js';
import type { SinkColumn } from './column-kind.js';
import type { DbSession } from './db-session.js';
import type { Dialect, TableId } from './dialect/dialect.js';
import { anyKeyExists } from './key-probe.js';

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
  if (mode === 'insert' || (probe && !(await pgKeysMayExist(session, dialect, table, keys, bulk)))) {
    await pgCopyDirect(session, dialect, table, [...keys, ...nonKeys], bulk);
    return 'direct';
  }
  const st = stageStatements(session, dialect, table, keys, nonKeys);
  if (st.create) {
    await session.execute(st.create);
    createdStages(session).add(st.stage);
  }
  await session.copyFrom!(st.copy, bulk.chunks);
  await session.execute(st.merge);
  return 'staged';
}

/**
 * `COPY target FROM STDIN` alone. Outside a transaction this is the whole write of a batch of new
 * keys in one round trip: COPY is one statement, so it lands completely or not at all, and a key
 * that exists makes it fail with 23505 (unique_violation) instead of writing anything.
 */
export async function pgCopyDirect(session: DbSession, dialect: Dialect, table: TableId, columns: readonly SinkColumn[], bulk: BulkBatch): Promise<void> {
  await session.copyFrom!(directCopy(dialect, table, columns), bulk.chunks);
}

/**
 * A whole transaction as one simple-query message, its COPY data right behind it:
 * `BEGIN; [CREATE TEMP TABLE stage …;] COPY … FROM STDIN; [INSERT … SELECT … FROM stage ON
 * CONFLICT …;] <tail>; COMMIT`. One round trip instead of one per statement (on a loaded
 * machine each costs a scheduling delay on both sides). `tail`: statements with their values
 * inlined (the exactly-once offsets). If a statement fails, PostgreSQL skips the rest of the
 * message, COMMIT included, so the transaction is left open and aborted: the caller rolls it back
 * and, for a data error, replays the batch row by row, which names table, column and value.
 */
export async function pgCopyTransaction(
  session: DbSession, dialect: Dialect, table: TableId, keys: readonly SinkColumn[], nonKeys: readonly SinkColumn[],
  bulk: BulkBatch, path: 'direct' | 'staged', tail: readonly string[],
): Promise<void> {
  const sql = ['BEGIN'];
  let made: string | null = null;
  if (path === 'direct') sql.push(directCopy(dialect, table, [...keys, ...nonKeys]));
  else {
    const st = stageStatements(session, dialect, table, keys, nonKeys);
    if (st.create) sql.push(st.create);
    made = st.create ? st.stage : null;
    sql.push(st.copy, st.merge);
  }
  sql.push(...tail, 'COMMIT');
  await session.copyFrom!(sql.join('; '), bulk.chunks);
  if (made) createdStages(session).add(made);
}

/**
 * The "are these keys new?" probe (one key column only): false when the table holds none of the
 * batch's keys, so a direct COPY cannot meet an existing one.
 */
export async function pgKeysMayExist(session: DbSession, dialect: Dialect, table: TableId, keys: readonly SinkColumn[], bulk: BulkBatch): Promise<boolean> {
  return !bulk.keyValues || anyKeyExists(session, dialect, dialect.tableRef(table), keys[0]!, bulk.keyValues);
}

function directCopy(dialect: Dialect, table: TableId, columns: readonly SinkColumn[]): string {
  const { columns: list, target } = bulkTarget(dialect, table, columns);
  return `COPY ${target} (${list}) FROM STDIN`;
}

/** The stage's statements; `create` is null when this session made the stage already. */
function stageStatements(
  session: DbSession, dialect: Dialect, table: TableId, keys: readonly SinkColumn[], nonKeys: readonly SinkColumn[],
): { stage: string; create: string | null; copy: string; merge: string } {
  const { columns, target } = bulkTarget(dialect, table, [...keys, ...nonKeys]);
  const stage = `"${stageName(target, columns)}"`;
  // ON COMMIT DELETE ROWS: COMMIT empties it, so no TRUNCATE round trip per batch.
  const create = createdStages(session).has(stage)
    ? null
    : `CREATE TEMP TABLE IF NOT EXISTS ${stage} ON COMMIT DELETE ROWS AS SELECT ${columns} FROM ${target} WITH NO DATA`;
  const conflict = keys.map((c) => dialect.quote(c.name)).join(', ');
  const action = nonKeys.length === 0
    ? 'DO NOTHING'
    : `DO UPDATE SET ${nonKeys.map((c) => `${dialect.quote(c.name)} = EXCLUDED.${dialect.quote(c.name)}`).join(', ')}`;
  return {
    stage, create,
    copy: `COPY ${stage} (${columns}) FROM STDIN`,
    merge: `INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${stage} ON CONFLICT (${conflict}) ${action}`,
  };
}
