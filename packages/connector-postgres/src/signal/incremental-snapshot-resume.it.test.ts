import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecord } from '@tsconnect/sdk';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import { MemoryOffsetStore, TaskHarness } from '../test-support/task-harness.js';
import { adminClient, after, connectorProps, dropPublication, dropSlot, envelope, plain, source } from '../test-support/pg-test.js';

let admin: pg.Client;
beforeAll(async () => { admin = await adminClient(); });
afterAll(async () => { await admin.end(); });

const idOf = (r: SourceRecord): number => (plain(r.key) as { id: number }).id;
const isRead = (r: SourceRecord): boolean => r.value !== null && envelope(r).get('op') === 'r';

/** Replays records in order into the last state per key (what a compacted topic would hold). */
function replay(records: readonly SourceRecord[]): Map<number, unknown> {
  const state = new Map<number, unknown>();
  for (const r of records) {
    if (!r.value) continue;
    if (envelope(r).get('op') === 'd') state.delete(idOf(r));
    else state.set(idOf(r), after(r));
  }
  return new Map([...state].sort(([x], [y]) => x - y));
}

describe('incremental snapshot resumes after a crash', () => {
  it('continues after the last stored snapshot row: nothing lost, completed chunks not read again', async () => {
    const t = uniqueName('incres');
    const signals = uniqueName('signals');
    await admin.query(`CREATE TABLE ${t} (id INT PRIMARY KEY, v INT NOT NULL)`);
    await admin.query(`CREATE TABLE ${signals} (id VARCHAR(64) PRIMARY KEY, type VARCHAR(32) NOT NULL, data TEXT)`);
    await admin.query(`INSERT INTO ${t} SELECT g, 0 FROM generate_series(1, 1000) g`);
    // A small queue keeps the snapshot from running ahead of poll(): it is mid-table when the task dies.
    const p = connectorProps(t, {
      'snapshot.mode': 'no_data', 'signal.data.collection': `public.${signals}`, 'incremental.snapshot.chunk.size': '25',
      'max.queue.size': '40', 'max.batch.size': '20', 'slot.drop.on.stop': 'false',
    });
    const store = new MemoryOffsetStore();
    const committed: SourceRecord[] = [];
    let second: TaskHarness | null = null;
    const first = await new TaskHarness(p, store).start();
    try {
      await admin.query(`INSERT INTO ${signals} VALUES ('resume-1', 'execute-snapshot', $1)`,
        [JSON.stringify({ 'data-collections': [`public.${t}`], type: 'incremental' })]);
      let round = 0;
      await waitFor('300 snapshot rows acknowledged', async () => {
        const got = await first.task.poll();
        await first.ack(got);
        committed.push(...got);
        // Concurrent writers on both sides of the snapshot's position.
        round++;
        await admin.query(`UPDATE ${t} SET v = $1 WHERE id % 97 = $2`, [round, round % 97]);
        if (round === 3) await admin.query(`DELETE FROM ${t} WHERE id IN (20, 900)`);
        return committed.filter(isRead).length >= 300 ? true : undefined;
      }, { timeoutMs: 30_000, intervalMs: 0 });
      // A crash: one more batch was produced but never acknowledged, so its offsets are not stored.
      const lost = await first.task.poll();
      expect(lost.length).toBeGreaterThan(0);
      await first.stop();

      const stored = [...store.stored.values()][0]!;
      const resumeKey = JSON.parse(stored['incremental_snapshot_primary_key'] as string) as string[];
      expect(JSON.parse(stored['incremental_snapshot_collections'] as string)).toEqual([{
        incremental_snapshot_collections_id: `public.${t}`,
        incremental_snapshot_collections_additional_condition: null,
        incremental_snapshot_collections_surrogate_key: null,
      }]);
      expect(stored['incremental_snapshot_maximum_key']).toBe('["1000"]');
      expect(stored['incremental_snapshot_correlation_id']).toBe('resume-1');
      const lastStoredRead = Math.max(...committed.filter(isRead).map(idOf));
      expect(resumeKey).toEqual([String(lastStoredRead)]);
      expect(lastStoredRead).toBeLessThan(900);

      // Changes while no task runs, also beyond the maximum key.
      await admin.query(`UPDATE ${t} SET v = -1 WHERE id IN (5, ${lastStoredRead + 3}, 999)`);
      await admin.query(`DELETE FROM ${t} WHERE id = ${lastStoredRead + 1}`);
      await admin.query(`INSERT INTO ${t} VALUES (1001, 7)`);

      second = await new TaskHarness({ ...p, 'slot.drop.on.stop': 'true' }, store).start();
      const resumed: SourceRecord[] = [];
      const expected = new Map((await admin.query<{ id: number; v: number }>(`SELECT id, v FROM ${t} ORDER BY id`)).rows
        .map((r) => [r.id, { id: r.id, v: r.v }]));
      let quietSince = Date.now();
      await waitFor('the replayed records to match the table', async () => {
        const got = await second!.task.poll();
        await second!.ack(got);
        resumed.push(...got);
        if (got.length) quietSince = Date.now();
        return Date.now() - quietSince > 1500 && replay([...committed, ...resumed]).size === expected.size ? true : undefined;
      }, { timeoutMs: 60_000, intervalMs: 0 });

      // Every row of the table arrived, each key ends in the table's state.
      expect(replay([...committed, ...resumed])).toEqual(expected);
      // The second run read only keys after the stored position, in key order, each once.
      const reads = resumed.filter(isRead).map(idOf);
      expect(reads.length).toBeGreaterThan(400);
      expect(reads[0]).toBeGreaterThan(lastStoredRead);
      expect(reads).toEqual([...reads].sort((a, b) => a - b));
      expect(new Set(reads).size).toBe(reads.length);
      expect(resumed.filter(isRead).every((r) => source(r)['snapshot'] === 'incremental')).toBe(true);
      // Rows the first run read and stored were not read again; every row up to the old maximum key was read once overall.
      const firstReads = new Set(committed.filter(isRead).map(idOf));
      expect(reads.filter((id) => firstReads.has(id))).toEqual([]);
      const streamedChanged = new Set([...committed, ...resumed].filter((r) => !isRead(r)).map(idOf));
      for (const id of expected.keys()) {
        if (id <= 1000 && !streamedChanged.has(id)) expect(firstReads.has(id) || reads.includes(id)).toBe(true);
      }
      // Done: the next stored offset no longer carries the snapshot state.
      await admin.query(`UPDATE ${t} SET v = 42 WHERE id = 1001`);
      await waitFor('the update after the snapshot', async () => {
        const got = await second!.task.poll();
        await second!.ack(got);
        return got.some((r) => envelope(r).get('op') === 'u') ? true : undefined;
      });
      expect(Object.keys([...store.stored.values()][0]!).filter((k) => k.startsWith('incremental_'))).toEqual([]);
    } finally {
      await second?.stop();
      await first.stop();
      await dropSlot(admin, p);
      await dropPublication(admin, p);
      await admin.query(`DROP TABLE ${t}, ${signals}`);
    }
  }, 120_000);
});
