import type { Dialect, Statement } from './dialect/dialect.js';
import type { InsertMode } from './jdbc-sink-config.js';
import { chunks, type Segment } from './segment.js';
import type { Bound } from './write-job.js';
import type { DeleteOp } from './sink-op.js';

/**
 * The plain SQL form of a collapsed batch (when it does not go through COPY / LOAD DATA): multi-row
 * DELETE, INSERT or upsert statements, each under the dialect's parameter limit, and one UPDATE
 * per row for insert.mode=update.
 */

/** The statement that writes `rows` (one row for update) of `seg` in insert.mode `mode`. */
export function writeStatement(dialect: Dialect, mode: InsertMode, seg: Segment, rows: unknown[][]): Statement {
  const { keys, nonKeys } = seg.shape!;
  switch (mode) {
    case 'insert':
      return dialect.insert(seg.table, [...keys, ...nonKeys], rows);
    case 'upsert':
      return dialect.upsert(seg.table, keys, nonKeys, rows);
    case 'update':
      return dialect.update(seg.table, keys, nonKeys, rows[0]!);
  }
}

/** Multi-row DELETEs by key. */
export function deleteStatements(dialect: Dialect, seg: Segment, deletes: readonly Bound<DeleteOp>[]): Statement[] {
  if (deletes.length === 0) return [];
  const keys = deletes[0]!.op.keys;
  return chunks(deletes.map((d) => d.row), Math.floor(dialect.maxParams / keys.length)).map((chunk) => dialect.delete(seg.table, keys, chunk));
}

/** The writes of bound `rows` of `seg`. */
export function writeStatements(dialect: Dialect, mode: InsertMode, seg: Segment, rows: unknown[][]): Statement[] {
  const { keys, nonKeys } = seg.shape!;
  if (mode === 'update') {
    // UPDATE has no multi-row form that keeps parameter types; one statement per row (none when there is nothing to set).
    return nonKeys.length === 0 ? [] : rows.map((row) => dialect.update(seg.table, keys, nonKeys, row));
  }
  return chunks(rows, Math.floor(dialect.maxParams / (keys.length + nonKeys.length))).map((chunk) => writeStatement(dialect, mode, seg, chunk));
}
