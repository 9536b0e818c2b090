import type { DeleteOp, WriteOp } from './sink-op.js';

/** What one table batch runs, in this order: deletes, then writes. */
export interface CollapsedBatch {
  readonly deletes: readonly DeleteOp[];
  readonly writes: readonly WriteOp[];
}

/**
 * Reduces a batch (ops of one table, in Kafka order) to at most one delete and one write per key,
 * so multi-row statements can run without changing the outcome:
 *
 * - a key's final state is decided by its last op; earlier writes are superseded (the last write
 *   carries the full row, and a batch never mixes row shapes — the writer splits on schema change);
 * - if a delete happened at any point and a write came after it, the row must be recreated from
 *   scratch, so the delete runs first and then the write (delete→insert ends inserted, and columns
 *   not in the record fall back to their defaults exactly as they would have);
 * - if the last op is a delete, only the delete runs (insert→update→delete ends deleted);
 * - running every delete before every write is safe because different keys are independent rows.
 *
 * Writes without a key (pk.mode none) cannot be collapsed; they all run, in order.
 */
export function collapseBatch(ops: readonly (WriteOp | DeleteOp)[]): CollapsedBatch {
  const lastWrite = new Map<string, WriteOp>();
  const lastDelete = new Map<string, DeleteOp>();
  const finalIsDelete = new Map<string, boolean>();
  const keyless: WriteOp[] = [];
  const order: string[] = [];
  for (const op of ops) {
    if (op.type === 'write' && op.keyId === null) {
      keyless.push(op);
      continue;
    }
    const id = op.keyId!;
    if (!finalIsDelete.has(id)) order.push(id);
    if (op.type === 'delete') {
      lastDelete.set(id, op);
      lastWrite.delete(id); // a write before the delete no longer matters
      finalIsDelete.set(id, true);
    } else {
      lastWrite.set(id, op);
      finalIsDelete.set(id, false);
    }
  }
  const deletes: DeleteOp[] = [];
  const writes: WriteOp[] = [...keyless];
  for (const id of order) {
    const del = lastDelete.get(id);
    if (del) deletes.push(del);
    const write = lastWrite.get(id);
    if (write) writes.push(write);
  }
  return { deletes, writes };
}
