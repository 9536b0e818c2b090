import type { SinkColumn } from './column-kind.js';
import type { DbSession } from './db-session.js';
import type { Dialect, TableId } from './dialect/dialect.js';
import { copyTextLine } from './pg-text.js';

let stageCounter = 0;

/** COPY text in chunks of ~1 MiB, so a million rows never sit in memory as one string. */
function* copyChunks(rows: readonly (readonly unknown[])[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += copyTextLine(row);
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * PostgreSQL fast path for a large insert/upsert batch (inside the caller's transaction).
 * insert: `COPY target FROM STDIN` directly — it fails on a duplicate key exactly as INSERT does.
 * upsert: `COPY` into a temporary table created `AS SELECT <columns> FROM target WITH NO DATA` (so
 * values are parsed by the very column types of the target, as INSERT would), then
 * `UPDATE … FROM stage` for the keys that exist and `INSERT … SELECT … WHERE NOT EXISTS` for the
 * others. The batch is collapsed, so no key appears twice in the stage. Temporary tables are not
 * WAL-logged, which keeps the extra copy cheap.
 */
export async function pgCopyWrite(
  session: DbSession, dialect: Dialect, table: TableId, keys: readonly SinkColumn[], nonKeys: readonly SinkColumn[],
  rows: readonly (readonly unknown[])[], mode: 'insert' | 'upsert',
): Promise<void> {
  const columns = [...keys, ...nonKeys].map((c) => dialect.quote(c.name)).join(', ');
  const target = dialect.tableRef(table);
  if (mode === 'insert') {
    await session.copyFrom!(`COPY ${target} (${columns}) FROM STDIN`, copyChunks(rows));
    return;
  }
  // Always quoted: the stage table is ours, whatever quote.sql.identifiers says.
  const stage = `"__tsconnect_stage_${process.pid}_${++stageCounter}"`;
  await session.execute(`CREATE TEMP TABLE ${stage} ON COMMIT DROP AS SELECT ${columns} FROM ${target} WITH NO DATA`);
  await session.copyFrom!(`COPY ${stage} (${columns}) FROM STDIN`, copyChunks(rows));
  // UPDATE the keys that exist, then INSERT the rest: about twice as fast as INSERT … ON CONFLICT
  // (no speculative insertion per row). A row another writer inserts in between fails the INSERT
  // with a unique violation; the writer then replays the batch row by row with ON CONFLICT.
  const match = keys.map((c) => `t.${dialect.quote(c.name)} = s.${dialect.quote(c.name)}`).join(' AND ');
  if (nonKeys.length > 0) {
    const set = nonKeys.map((c) => `${dialect.quote(c.name)} = s.${dialect.quote(c.name)}`).join(', ');
    await session.execute(`UPDATE ${target} t SET ${set} FROM ${stage} s WHERE ${match}`);
  }
  const sColumns = [...keys, ...nonKeys].map((c) => `s.${dialect.quote(c.name)}`).join(', ');
  await session.execute(`INSERT INTO ${target} (${columns}) SELECT ${sColumns} FROM ${stage} s WHERE NOT EXISTS (SELECT 1 FROM ${target} t WHERE ${match})`);
  await session.execute(`DROP TABLE ${stage}`);
}
