import type { BeginMessage } from '@tsconnect/pgoutput';
import type { StoredPosition } from '../pipeline/postgres-offset.js';

/** The transaction being streamed, and what of it was delivered before a restart. */
export interface TransactionState {
  readonly xid: number;
  readonly beginLsn: bigint;
  readonly commitMicros: bigint;
  /** The whole transaction was delivered before (committed at/before the stored lsn_commit). */
  readonly skipAll: boolean;
  /** Events at or below this LSN were delivered before a restart; null when none were. */
  readonly skipUpTo: bigint | null;
}

/**
 * Compares a BEGIN with the stored offset. An offset stored on the BEGIN record itself skips
 * nothing of the data: the first change can share the BEGIN's LSN (Debezium's DBZ-5915).
 */
export function beginTransaction(m: BeginMessage, lsn: bigint, stored: StoredPosition | null): TransactionState {
  const finalLsn = m.finalLsn.value;
  const skipAll = stored?.lastCommitLsn != null && finalLsn <= stored.lastCommitLsn;
  let skipUpTo: bigint | null = null;
  if (stored?.streaming && stored.txId === m.xid && stored.lsn !== null) {
    skipUpTo = stored.messageType === 'BEGIN' ? stored.lsn - 1n : stored.lsn;
  }
  return { xid: m.xid, beginLsn: lsn, commitMicros: m.commitTime, skipAll, skipUpTo };
}

export function isDelivered(tx: TransactionState | null, lsn: bigint): boolean {
  return !tx || tx.skipAll || (tx.skipUpTo !== null && lsn <= tx.skipUpTo);
}
