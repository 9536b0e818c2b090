import type { OffsetMap } from '@tsconnect/sdk';

/** Offset of a snapshot record (keys as Debezium's PostgresOffsetContext). */
export function snapshotOffset(o: {
  lsn: bigint; txId: number | null; tsMicros: bigint; last: boolean; table?: string; key?: readonly unknown[] | null;
}): OffsetMap {
  // Built by assignment, not conditional spreads (per record, a hot path); key order as before.
  const out: Record<string, string | number | boolean | null> = {};
  if (o.table !== undefined && !o.last) {
    // Our own resume point of a chunked snapshot: the last table and key whose record was stored.
    out['snapshot_table'] = o.table;
    out['snapshot_key'] = o.key ? JSON.stringify(o.key) : null;
  }
  out['ts_usec'] = Number(o.tsMicros);
  if (o.txId !== null) out['txId'] = o.txId;
  out['lsn'] = Number(o.lsn);
  out['snapshot'] = 'INITIAL';
  out['last_snapshot_record'] = o.last;
  out['snapshot_completed'] = o.last;
  return out;
}

/** Offset of a streamed change. `lsnCommit` is the commit LSN of the previous transaction. */
export function streamingOffset(o: {
  lsn: bigint; txId: number | null; tsMicros: bigint; lsnCommit: bigint | null; messageType: string;
}): OffsetMap {
  const out: Record<string, string | number | boolean | null> = { transaction_id: null, ts_usec: Number(o.tsMicros) };
  if (o.txId !== null) out['txId'] = o.txId;
  out['lsn'] = Number(o.lsn);
  out['lsn_proc'] = out['lsn'];
  if (o.lsnCommit !== null) out['lsn_commit'] = Number(o.lsnCommit);
  out['messageType'] = o.messageType;
  return out;
}

/** What a stored offset says about where to resume. */
export interface StoredPosition {
  /** A snapshot was started but its last record was never stored. */
  readonly snapshotIncomplete: boolean;
  /** Transactions committed at or before this LSN were fully delivered. */
  readonly lastCommitLsn: bigint | null;
  /** The transaction of the last stored record and that record's LSN: skip its events up to it. */
  readonly txId: number | null;
  readonly lsn: bigint | null;
  readonly streaming: boolean;
  /** messageType of the stored streaming record (BEGIN, INSERT, COMMIT, MESSAGE, HEARTBEAT…). */
  readonly messageType: string | null;
  /** lsn_proc: the position every earlier event was processed up to. */
  readonly processedLsn: bigint | null;
  /** The stored offset as is (transaction counters, snapshot progress). */
  readonly raw: OffsetMap;
}

export function storedPosition(offset: OffsetMap | null): StoredPosition | null {
  if (!offset) return null;
  const num = (k: string): bigint | null => (typeof offset[k] === 'number' ? BigInt(offset[k] as number) : null);
  const inSnapshot = offset['snapshot'] !== undefined && offset['snapshot'] !== null && offset['snapshot'] !== false;
  const completed = offset['last_snapshot_record'] === true || offset['snapshot_completed'] === true;
  return {
    snapshotIncomplete: inSnapshot && !completed,
    lastCommitLsn: num('lsn_commit'),
    txId: typeof offset['txId'] === 'number' ? offset['txId'] : null,
    lsn: num('lsn'),
    streaming: !inSnapshot,
    messageType: typeof offset['messageType'] === 'string' ? offset['messageType'] : null,
    processedLsn: num('lsn_proc'),
    raw: offset,
  };
}
