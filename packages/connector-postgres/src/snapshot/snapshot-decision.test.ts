import { describe, expect, it } from 'vitest';
import { storedPosition } from '../pipeline/postgres-offset.js';
import { needsSnapshot, snapshotResumePoint } from './snapshot-decision.js';

const streaming = storedPosition({ lsn: 200, lsn_proc: 200, lsn_commit: 150, txId: 7, messageType: 'INSERT' })!;
const midSnapshot = storedPosition({ lsn: 100, snapshot: 'INITIAL', last_snapshot_record: false, snapshot_table: 'public.t', snapshot_key: '["42"]' })!;

describe('snapshot decision', () => {
  it('follows snapshot.mode', () => {
    expect(needsSnapshot({ snapshotMode: 'initial' }, null)).toBe(true);
    expect(needsSnapshot({ snapshotMode: 'initial' }, streaming)).toBe(false);
    expect(needsSnapshot({ snapshotMode: 'initial_only' }, streaming)).toBe(false);
    expect(needsSnapshot({ snapshotMode: 'always' }, streaming)).toBe(true);
    expect(needsSnapshot({ snapshotMode: 'no_data' }, null)).toBe(false);
    expect(needsSnapshot({ snapshotMode: 'never' }, midSnapshot)).toBe(false);
  });

  it('finishes an interrupted snapshot from the last stored key', () => {
    expect(needsSnapshot({ snapshotMode: 'initial' }, midSnapshot)).toBe(true);
    expect(snapshotResumePoint(midSnapshot)).toEqual({ table: 'public.t', key: ['42'] });
    expect(snapshotResumePoint(streaming)).toBeNull();
  });

  it('when_needed snapshots when the stored position is no longer in the slot', () => {
    expect(needsSnapshot({ snapshotMode: 'when_needed' }, null, { restartLsn: 1n })).toBe(true);
    expect(needsSnapshot({ snapshotMode: 'when_needed' }, streaming, null)).toBe(true);
    expect(needsSnapshot({ snapshotMode: 'when_needed' }, streaming, { restartLsn: 180n })).toBe(false);
    expect(needsSnapshot({ snapshotMode: 'when_needed' }, streaming, { restartLsn: 201n })).toBe(true);
  });
});
