import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecord } from '@tsconnect/sdk';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import { TaskHarness } from '../test-support/task-harness.js';
import { adminClient, connectorProps, dropPublication, envelope, plain } from '../test-support/pg-test.js';

let admin: pg.Client;
beforeAll(async () => { admin = await adminClient(); });
afterAll(async () => { await admin.end(); });

const reads = (records: readonly SourceRecord[], topic: string): number[] =>
  records.filter((r) => r.topic === topic && r.value && envelope(r).get('op') === 'r').map((r) => (plain(r.key) as { id: number }).id);

/** Polls until `quietMs` pass without a record; returns everything polled. */
async function drain(h: TaskHarness, quietMs = 1500): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  let quietSince = Date.now();
  await waitFor('the stream to go quiet', async () => {
    const got = await h.task.poll();
    await h.ack(got);
    out.push(...got);
    if (got.length) quietSince = Date.now();
    return Date.now() - quietSince > quietMs ? true : undefined;
  }, { timeoutMs: 60_000, intervalMs: 0 });
  return out;
}

describe('stop-snapshot signal', () => {
  const big = uniqueName('stopbig');
  const small = uniqueName('stopsmall');
  const signals = uniqueName('signals');

  beforeAll(async () => {
    await admin.query(`CREATE TABLE ${big} (id INT PRIMARY KEY, v INT NOT NULL)`);
    await admin.query(`CREATE TABLE ${small} (id INT PRIMARY KEY, v INT NOT NULL)`);
    await admin.query(`CREATE TABLE ${signals} (id VARCHAR(64) PRIMARY KEY, type VARCHAR(32) NOT NULL, data TEXT)`);
    await admin.query(`INSERT INTO ${big} SELECT g, 0 FROM generate_series(1, 2000) g`);
    await admin.query(`INSERT INTO ${small} SELECT g, 0 FROM generate_series(1, 30) g`);
  });
  afterAll(async () => {
    await admin.query(`DROP TABLE ${big}, ${small}, ${signals}`);
  });

  // A small queue keeps the snapshot from running ahead of poll(), so the stop lands mid-table.
  const props = (): Record<string, string> => connectorProps(big, {
    'table.include.list': `public.${big},public.${small}`, 'snapshot.mode': 'no_data',
    'signal.data.collection': `public.${signals}`, 'incremental.snapshot.chunk.size': '10', 'max.queue.size': '30', 'max.batch.size': '10',
  });

  async function startSnapshot(h: TaskHarness, id: string): Promise<SourceRecord[]> {
    await admin.query(`INSERT INTO ${signals} VALUES ($1, 'execute-snapshot', $2)`,
      [id, JSON.stringify({ 'data-collections': [`public.${big}`, `public.${small}`], type: 'incremental' })]);
    const got: SourceRecord[] = [];
    await waitFor('the first snapshot rows', async () => {
      got.push(...(await h.task.poll()));
      return reads(got, `dbz.public.${big}`).length >= 10 ? true : undefined;
    }, { timeoutMs: 20_000, intervalMs: 0 });
    await h.ack(got);
    return got;
  }

  it('with data-collections stops that table mid-way and goes on with the next one', async () => {
    const p = props();
    const h = await new TaskHarness(p).start();
    try {
      const before = await startSnapshot(h, 'stop-some-1');
      await admin.query(`INSERT INTO ${signals} VALUES ('stop-some-2', 'stop-snapshot', $1)`,
        [JSON.stringify({ 'data-collections': [`public\\.${big.replace(/_/g, '.')}`], type: 'INCREMENTAL' })]);
      const records = [...before, ...(await drain(h))];
      const bigReads = reads(records, `dbz.public.${big}`);
      expect(bigReads.length).toBeGreaterThanOrEqual(10);
      expect(bigReads.length).toBeLessThan(200); // never got near the 2000 rows
      expect(bigReads).toEqual(Array.from({ length: bigReads.length }, (_, i) => i + 1));
      expect(reads(records, `dbz.public.${small}`)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      // Once over, offsets no longer carry the snapshot.
      await admin.query(`UPDATE ${small} SET v = 1 WHERE id = 1`);
      await drain(h, 500);
      expect(Object.keys([...h.store.stored.values()][0]!).filter((k) => k.startsWith('incremental_'))).toEqual([]);
    } finally {
      await h.stop();
      await dropPublication(admin, p);
    }
  }, 90_000);

  it('without data-collections stops the whole snapshot', async () => {
    const p = props();
    const h = await new TaskHarness(p).start();
    try {
      const before = await startSnapshot(h, 'stop-all-1');
      await admin.query(`INSERT INTO ${signals} VALUES ('stop-all-2', 'stop-snapshot', '{"type": "incremental"}')`);
      const records = [...before, ...(await drain(h))];
      expect(reads(records, `dbz.public.${big}`).length).toBeLessThan(200);
      expect(reads(records, `dbz.public.${small}`)).toEqual([]);
      // Streaming goes on.
      await admin.query(`UPDATE ${big} SET v = 5 WHERE id = 1999`);
      const after = await drain(h, 500);
      expect(after.map((r) => [r.topic, envelope(r).get('op'), plain(r.key)])).toEqual([[`dbz.public.${big}`, 'u', { id: 1999 }]]);
      expect(Object.keys([...h.store.stored.values()][0]!).filter((k) => k.startsWith('incremental_'))).toEqual([]);
    } finally {
      await h.stop();
      await dropPublication(admin, p);
    }
  }, 90_000);
});
