import { tableIdToString, type TableId } from './dialect/dialect.js';
import type { DeleteOp, RowShape, SinkOp, WriteOp } from './sink-op.js';

/** Ops of one table that are written together: same row shape, at most batch.size records. */
export interface Segment {
  readonly table: TableId;
  readonly truncateFirst: boolean;
  shape: RowShape | null;
  readonly ops: (WriteOp | DeleteOp)[];
}

/** Splits ops into per-table segments, preserving Kafka order within each table. */
export function segment(ops: readonly SinkOp[], batchSize: number): Segment[] {
  const byTable = new Map<string, Segment[]>();
  for (const op of ops) {
    const key = tableIdToString(op.table);
    let list = byTable.get(key);
    if (!list) byTable.set(key, (list = []));
    if (op.type === 'truncate') {
      // Everything of this table before the truncate is wiped by it, so none of it is written.
      list.length = 0;
      list.push({ table: op.table, truncateFirst: true, shape: null, ops: [] });
      continue;
    }
    let current = list.at(-1);
    const shapeChanged = op.type === 'write' && current?.shape && current.shape.signature !== op.shape.signature;
    if (!current || shapeChanged || current.ops.length >= batchSize) {
      list.push((current = { table: op.table, truncateFirst: false, shape: null, ops: [] }));
    }
    if (op.type === 'write') current.shape ??= op.shape;
    current.ops.push(op);
  }
  return [...byTable.values()].flat();
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
