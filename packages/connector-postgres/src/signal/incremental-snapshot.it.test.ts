import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecord } from '@tsconnect/sdk';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import { TaskHarness } from '../test-support/task-harness.js';
import { adminClient, after, connectorProps, dropPublication, envelope, plain, source } from '../test-support/pg-test.js';

let admin: pg.Client;
beforeAll(async () => { admin = await adminClient(); });
afterAll(async () => { await admin.end(); });

describe('incremental snapshot through the signal table', () => {
  it('interleaves chunks with concurrent updates and ends with the latest state per key', async () => {
    const t = uniqueName('incr');
    const signals = uniqueName('signals');
    await admin.query(`CREATE TABLE ${t} (id INT PRIMARY KEY, v INT NOT NULL)`);
    await admin.query(`CREATE TABLE ${signals} (id VARCHAR(64) PRIMARY KEY, type VARCHAR(32) NOT NULL, data TEXT)`);
    await admin.query(`INSERT INTO ${t} SELECT g, 0 FROM generate_series(1, 200) g`);
    const p = connectorProps(t, {
      'snapshot.mode': 'no_data', 'signal.data.collection': `public.${signals}`, 'incremental.snapshot.chunk.size': '16',
    });
    const h = await new TaskHarness(p).start();
    const records: SourceRecord[] = [];
    try {
      await admin.query(`INSERT INTO ${signals} VALUES ('s1', 'execute-snapshot', $1)`,
        [JSON.stringify({ 'data-collections': [`public.${t}`], type: 'incremental', 'additional-conditions': [{ 'data-collection': `public.${t}`, filter: 'id <> 7' }] })]);
      // Concurrent writers while the chunks are read.
      for (let round = 1; round <= 20; round++) {
        await admin.query(`UPDATE ${t} SET v = $1 WHERE id % 10 = $2`, [round, round % 5]); // ids ending in 5-9 only come from the snapshot
        if (round === 10) await admin.query(`DELETE FROM ${t} WHERE id = 150`);
        records.push(...(await h.task.poll()));
      }
      // Replaying the topic in order gives the table's final state (keep draining until it does, then
      // until the stream is quiet, so a stale row arriving late would still fail the comparison).
      const table = await admin.query<{ id: number; v: number }>(`SELECT id, v FROM ${t} WHERE id <> 7 ORDER BY id`);
      const expected = new Map(table.rows.map((r) => [r.id, { id: r.id, v: r.v }]));
      const replay = (): Map<number, unknown> => {
        const state = new Map<number, unknown>();
        for (const r of records) {
          if (!r.value) continue;
          const id = (plain(r.key) as { id: number }).id;
          if (envelope(r).get('op') === 'd') state.delete(id);
          else state.set(id, after(r));
        }
        return new Map([...state].sort(([x], [y]) => x - y));
      };
      let quietSince = Date.now();
      await waitFor('the replayed topic to match the table', async () => {
        const got = await h.task.poll();
        records.push(...got);
        if (got.length) quietSince = Date.now();
        return Date.now() - quietSince > 1000 && replay().size === expected.size ? true : undefined;
      }, { timeoutMs: 30_000, intervalMs: 0 });
      expect(replay()).toEqual(expected);
      const reads = records.filter((r) => r.value && envelope(r).get('op') === 'r');
      expect(reads.length).toBeGreaterThan(90);
      expect(reads.every((r) => source(r)['snapshot'] === 'incremental' && source(r)['lsn'] === null && source(r)['txId'] === null)).toBe(true);
      expect(reads.some((r) => (plain(r.key) as { id: number }).id === 7)).toBe(false);
      expect(h.store.stored.size).toBe(0);
    } finally {
      await h.stop();
      await dropPublication(admin, p);
      await admin.query(`DROP TABLE ${t}, ${signals}`);
    }
  });
});
