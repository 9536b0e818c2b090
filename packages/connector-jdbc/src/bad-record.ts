import { ConnectException } from '@tsconnect/sdk';
import type { SinkColumn } from './column-kind.js';
import type { DbSession } from './db-session.js';
import { tableIdToString, type Dialect, type TableId } from './dialect/dialect.js';

/** A bound value for a message: strings quoted, bytes as hex, long values cut. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  let text: string;
  if (Buffer.isBuffer(v)) text = `0x${v.toString('hex')}`;
  else if (typeof v === 'string') text = JSON.stringify(v);
  else if (Array.isArray(v)) text = JSON.stringify(v, (_k, x: unknown) => (Buffer.isBuffer(x) ? `0x${x.toString('hex')}` : x));
  else text = String(v);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function dbMessage(e: unknown): string {
  const err = e as { message?: string; code?: string };
  return `${err.message ?? String(e)}${err.code ? ` (${err.code})` : ''}`;
}

/** MariaDB names the column in its data errors: "… for column `db`.`t`.`c` at row 1", "Column 'c' cannot be null". */
const MARIADB_COLUMN = /for column (?:`[^`]*`\.)*`([^`]+)`|for column '([^']+)'|Column '([^']+)' cannot be null/;

/**
 * Which column of a single-row statement the database rejected. PostgreSQL names it only for
 * constraint errors, so otherwise each value is cast to its column's type (inside a savepoint) until
 * one fails, and as a last resort a column whose type the message names is picked.
 */
async function culprit(session: DbSession, dialect: Dialect, table: TableId, columns: readonly SinkColumn[], row: readonly unknown[], e: unknown): Promise<number> {
  const err = e as { column?: string; message?: string };
  if (err.column) return columns.findIndex((c) => c.name === err.column);
  const msg = err.message ?? '';
  if (dialect.name === 'mariadb') {
    const m = MARIADB_COLUMN.exec(msg);
    const name = m?.[1] ?? m?.[2] ?? m?.[3];
    return name === undefined ? -1 : columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
  }
  const types = await session.query({
    sql: 'SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a ' +
      'WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped',
    params: [dialect.tableRef(table)],
  }).catch(() => []);
  const typeOf = new Map(types.map((t) => [String(t['name']), String(t['type'])]));
  for (let i = 0; i < columns.length; i++) {
    const type = typeOf.get(columns[i]!.name);
    if (!type || row[i] === null || row[i] === undefined) continue;
    await session.execute('SAVEPOINT tsconnect_probe');
    try {
      await session.query({ sql: `SELECT $1::${type} AS v`, params: [row[i]] });
      await session.execute('RELEASE SAVEPOINT tsconnect_probe');
    } catch {
      await session.execute('ROLLBACK TO SAVEPOINT tsconnect_probe');
      return i;
    }
  }
  return columns.findIndex((c) => {
    const type = typeOf.get(c.name);
    return type !== undefined && msg.includes(`type ${type}`);
  });
}

/** The error for a row the database refused, naming table, column and value (or all values when unsure). */
export async function rowError(
  session: DbSession, dialect: Dialect, table: TableId, columns: readonly SinkColumn[], row: readonly unknown[], source: string, e: unknown,
): Promise<ConnectException> {
  const name = tableIdToString(table);
  let i = -1;
  try {
    i = await culprit(session, dialect, table, columns, row, e);
  } catch {
    // The description is best effort; the database's own message follows anyway.
  }
  const text = i >= 0
    ? `Table "${name}", column "${columns[i]!.name}" rejected the value ${showValue(row[i])} of record ${source}: ${dbMessage(e)}`
    : `Table "${name}" rejected record ${source} (${columns.map((c, j) => `${c.name}=${showValue(row[j])}`).join(', ')}): ${dbMessage(e)}`;
  return new ConnectException(text, { cause: e });
}
