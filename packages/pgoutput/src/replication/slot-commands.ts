import type { Lsn } from '../lsn.js';
import { quoteIdent } from './sql.js';

export interface CreateSlotOptions {
  /** Dropped automatically when the creating connection closes. */
  readonly temporary?: boolean;
  /** `export` (default): export a snapshot; `use`: use it in this connection's transaction; `nothing`. */
  readonly snapshot?: 'export' | 'use' | 'nothing';
  /** Enable two-phase decoding on the slot (PostgreSQL 15+). */
  readonly twoPhase?: boolean;
}

export interface CreatedSlot {
  readonly slotName: string;
  /** The LSN from which the slot streams: changes committed after the snapshot. */
  readonly consistentPoint: Lsn;
  /** Exported snapshot name (`snapshot: 'export'`), valid until `release()`. */
  readonly snapshotName: string | null;
  readonly outputPlugin: string;
  /** With `snapshot: 'use'`: runs a simple-protocol query inside the slot's snapshot. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Ends the snapshot and closes the creating connection (drops a temporary slot). */
  release(): Promise<void>;
}

export interface SlotInfo {
  readonly slotName: string;
  readonly plugin: string | null;
  readonly database: string | null;
  readonly temporary: boolean;
  readonly active: boolean;
  readonly activePid: number | null;
  readonly restartLsn: Lsn | null;
  readonly confirmedFlushLsn: Lsn | null;
}

const LEGACY_SNAPSHOT = { export: 'EXPORT_SNAPSHOT', use: 'USE_SNAPSHOT', nothing: 'NOEXPORT_SNAPSHOT' } as const;

export function createSlotSql(name: string, o: CreateSlotOptions, serverVersionNum: number): string {
  const snapshot = o.snapshot ?? 'export';
  const head = `CREATE_REPLICATION_SLOT ${quoteIdent(name)}${o.temporary ? ' TEMPORARY' : ''} LOGICAL pgoutput`;
  if (serverVersionNum >= 150000) {
    return `${head} (SNAPSHOT '${snapshot}'${o.twoPhase ? ', TWO_PHASE' : ''})`;
  }
  if (o.twoPhase) throw new Error('twoPhase slots need PostgreSQL 15+');
  return `${head} ${LEGACY_SNAPSHOT[snapshot]}`;
}
