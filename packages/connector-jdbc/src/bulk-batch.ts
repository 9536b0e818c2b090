import { createHash } from 'node:crypto';
import type { SinkColumn } from './column-kind.js';
import { BulkText } from './bulk-text.js';
import type { DbSession } from './db-session.js';
import type { Dialect, TableId } from './dialect/dialect.js';
import type { WriteOp } from './sink-op.js';

/** A batch as bulk-load text (COPY / LOAD DATA), built in one pass over the records. */
export interface BulkBatch {
  readonly chunks: readonly string[];
  readonly rows: number;
  /** Bound values of the key column when there is exactly one (for the "are these keys new?" probe). */
  readonly keyValues: unknown[] | null;
}

/** Renders a bound value as one escaped bulk-text field. */
export type FieldText = (bound: unknown) => string;

/**
 * Binds each write's values and appends its line to the bulk text, without building a row array
 * per record. A value that cannot be bound is handed to `onBad` with the error naming the field,
 * and its record is left out of the text.
 */
export function buildBulkBatch(
  dialect: Dialect, columns: readonly SinkColumn[], writes: readonly WriteOp[], field: FieldText,
  onBad: (op: WriteOp, error: Error) => void,
): BulkBatch {
  const text = new BulkText();
  const singleKey = columns.length > 0 && columns[0]!.primaryKey && (columns.length === 1 || !columns[1]!.primaryKey);
  const keyValues: unknown[] | null = singleKey ? [] : null;
  const width = columns.length;
  for (const op of writes) {
    const values = op.values;
    let key: unknown = null;
    let line: string;
    try {
      key = dialect.bind(columns[0]!, values[0]);
      line = field(key);
      for (let i = 1; i < width; i++) line += `\t${field(dialect.bind(columns[i]!, values[i]))}`;
    } catch (e) {
      onBad(op, e instanceof Error ? e : new Error(String(e)));
      continue;
    }
    text.push(line);
    keyValues?.push(key);
  }
  return { chunks: text.finish(), rows: text.rows, keyValues };
}

/** Stage tables a session has created (temporary tables live as long as their session). */
const stages = new WeakMap<DbSession, Set<string>>();

export function createdStages(session: DbSession): Set<string> {
  let made = stages.get(session);
  if (!made) stages.set(session, (made = new Set()));
  return made;
}

/** After a ROLLBACK: PostgreSQL rolled back a CREATE TEMP TABLE of that transaction too. */
export function forgetStages(session: DbSession): void {
  stages.delete(session);
}

/** The names a bulk load of `columns` into `table` uses: the quoted column list and the table reference. */
export function bulkTarget(dialect: Dialect, table: TableId, columns: readonly SinkColumn[]): { columns: string; target: string } {
  return { columns: columns.map((c) => dialect.quote(c.name)).join(', '), target: dialect.tableRef(table) };
}

/**
 * The (unquoted) name of the stage table for a load of `columns` into `target`. It depends on
 * both, so a schema change gets a new stage. Stage tables are ours: callers always quote them,
 * whatever quote.sql.identifiers says.
 */
export function stageName(target: string, columns: string): string {
  return `__tsconnect_stage_${createHash('sha1').update(`${target}\u0000${columns}`).digest('hex').slice(0, 16)}`;
}
