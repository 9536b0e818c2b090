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
  // One entry per key, in first-seen order (Map keeps insertion order, also when a key's entry is
  // replaced). The entry is the op itself unless a write follows a delete: then both, as a pair.
  // (No object per key in the common case: this runs for every record.)
  const byKey = new Map<string, WriteOp | DeleteOp | DeleteThenWrite>();
  const keyless: WriteOp[] = [];
  for (const op of ops) {
    const key = op.keyId;
    if (key === null) {
      keyless.push(op as WriteOp);
      continue;
    }
    if (op.type === 'delete') {
      byKey.set(key, op); // a write before the delete no longer matters
      continue;
    }
    const prev = byKey.get(key);
    if (prev === undefined || prev.type === 'write') byKey.set(key, op);
    else if (prev.type === 'delete') byKey.set(key, { type: 'pair', delete: prev, write: op });
    else prev.write = op;
  }
  const deletes: DeleteOp[] = [];
  const writes: WriteOp[] = keyless;
  for (const entry of byKey.values()) {
    if (entry.type === 'write') writes.push(entry);
    else if (entry.type === 'delete') deletes.push(entry);
    else {
      deletes.push(entry.delete);
      writes.push(entry.write);
    }
  }
  return { deletes, writes };
}

interface DeleteThenWrite {
  readonly type: 'pair';
  readonly delete: DeleteOp;
  write: WriteOp;
}
