import { rowError } from './bad-record.js';
import { writeStatement } from './batch-statements.js';
import type { SinkColumn } from './column-kind.js';
import { isTransientDbError, type DbSession } from './db-session.js';
import type { Dialect, Statement } from './dialect/dialect.js';
import type { InsertMode } from './jdbc-sink-config.js';
import type { DeleteOp, WriteOp } from './sink-op.js';
import { boundWrites, type BadRecord, type Bound, type Plan } from './write-job.js';

/**
 * The bad-record search, for a batch the database rejected: inside the caller's transaction, each
 * row runs in its own savepoint, so a rejected row is rolled back alone and handed to `bad` with
 * an error naming table, column and value (reported with errors.tolerance=all, else the task
 * fails); the other rows are written. Transient errors are thrown (the caller retries the batch).
 */
export async function runRowByRow(s: DbSession, dialect: Dialect, mode: InsertMode, plan: Plan, bad: BadRecord): Promise<void> {
  const { seg, deletes } = plan;
  const writes = boundWrites(dialect, plan);
  const one = async (stmt: Statement, columns: readonly SinkColumn[], b: Bound<WriteOp | DeleteOp>) => {
    await s.execute('SAVEPOINT tsconnect_row');
    try {
      await s.execute(stmt);
      await s.execute('RELEASE SAVEPOINT tsconnect_row');
    } catch (e) {
      if (isTransientDbError(e)) throw e;
      await s.execute('ROLLBACK TO SAVEPOINT tsconnect_row');
      await bad(b.op.record, await rowError(s, dialect, seg.table, columns, b.row, b.op.source, e));
    }
  };
  for (const d of deletes) await one(dialect.delete(seg.table, d.op.keys, [d.row]), d.op.keys, d);
  const shape = seg.shape;
  if (!shape || (mode === 'update' && shape.nonKeys.length === 0)) return;
  const columns = [...shape.keys, ...shape.nonKeys];
  for (const w of writes) await one(writeStatement(dialect, mode, seg, [w.row]), columns, w);
}
