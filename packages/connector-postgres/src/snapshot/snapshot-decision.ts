import type { PostgresConnectorConfig } from '../config/postgres-connector-config.js';
import type { StoredPosition } from '../pipeline/postgres-offset.js';

/** What the slot looks like now (null: it does not exist). */
export interface SlotState {
  readonly restartLsn: bigint;
}

/**
 * Whether this start must snapshot, per snapshot.mode (Debezium's snapshotters): an interrupted
 * snapshot is always finished; when_needed also snapshots when the stored position is gone from
 * the slot (slot missing, or its restart_lsn is past the last processed LSN).
 */
export function needsSnapshot(
  config: Pick<PostgresConnectorConfig, 'snapshotMode'>, stored: StoredPosition | null, slot: SlotState | null = null,
): boolean {
  if (stored?.snapshotIncomplete && config.snapshotMode !== 'no_data' && config.snapshotMode !== 'never') return true;
  switch (config.snapshotMode) {
    case 'always':
      return true;
    case 'no_data':
    case 'never':
      return false;
    case 'when_needed': {
      if (stored === null || !slot) return true;
      const processed = stored.processedLsn ?? stored.lsn;
      return processed !== null && slot.restartLsn > processed;
    }
    default: // initial, initial_only
      return stored === null;
  }
}

/** Where an interrupted snapshot resumes: the table and key of the last stored record. */
export function snapshotResumePoint(stored: StoredPosition | null): { table: string; key: unknown[] | null } | null {
  if (!stored?.snapshotIncomplete) return null;
  const table = stored.raw['snapshot_table'];
  if (typeof table !== 'string') return null;
  const key = stored.raw['snapshot_key'];
  return { table, key: typeof key === 'string' ? (JSON.parse(key) as unknown[]) : null };
}
