import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecord } from '@tsconnect/sdk';
import { uniqueName } from '@tsconnect/test-support';
import { TaskHarness } from '../test-support/task-harness.js';
import { adminClient, after, connectorProps, dropPublication, dropSlot, envelope, plain, source } from '../test-support/pg-test.js';

let admin: pg.Client;
beforeAll(async () => { admin = await adminClient(); });
afterAll(async () => { await admin.end(); });

const ids = (records: readonly SourceRecord[]) => records.map((r) => (plain(r.key) as { id: number }).id);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('snapshot modes and resumable chunked snapshots', () => {
  it('resumes an interrupted snapshot after the last committed key, then streams', async () => {
    const a = uniqueName('snapa');
    const b = uniqueName('snapb');
    await admin.query(`CREATE TABLE ${a} (id INT PRIMARY KEY, v TEXT); CREATE TABLE ${b} (id INT PRIMARY KEY)`);
    await admin.query(`INSERT INTO ${a} SELECT g, 'v' || g FROM generate_series(1, 25) g; INSERT INTO ${b} SELECT generate_series(1, 5)`);
    const p = connectorProps(a, {
      'table.include.list': `public.${a},public.${b}`, 'snapshot.fetch.size': '4', 'max.queue.size': '3', 'max.batch.size': '3',
      'slot.drop.on.stop': 'false',
    });
    let h = await new TaskHarness(p).start();
    try {
      const firstPart = await h.pollUntil(9);
      expect(ids(firstPart.slice(0, 9))).toEqual(range(1, 9));
      await h.ack(firstPart.slice(0, 9)); // Kafka committed up to id 9 of table a
      expect(firstPart[8]!.sourceOffset).toMatchObject({ snapshot: 'INITIAL', last_snapshot_record: false, snapshot_table: `public.${a}`, snapshot_key: '["9"]' });
      expect(h.task.progress).toMatchObject({ running: true, totalTables: 2 });
      await h.stop();

      await admin.query(`UPDATE ${a} SET v = 'changed' WHERE id = 20`);
      h = await new TaskHarness({ ...p, 'slot.drop.on.stop': 'true' }, h.store).start();
      const rest = await h.pollUntil(16 + 5 + 1);
      const snapshot = rest.filter((r) => envelope(r).get('op') === 'r');
      expect(ids(snapshot)).toEqual([...range(10, 25), ...range(1, 5)]);
      expect(snapshot.map((r) => source(r)['snapshot'])).toEqual([
        'true', ...Array(14).fill('true'), 'last_in_data_collection', 'first_in_data_collection', 'true', 'true', 'true', 'last',
      ]);
      expect(after(snapshot[10]!)).toEqual({ id: 20, v: 'changed' });
      // The update happened after the slot's consistent point, so it is streamed too.
      const streamed = rest.filter((r) => envelope(r).get('op') !== 'r');
      expect(streamed.map((r) => [envelope(r).get('op'), after(r)])).toEqual([['u', { id: 20, v: 'changed' }]]);
      expect(h.task.progress).toMatchObject({ running: false, completed: true, totalTables: 2, completedTables: 2, rowsScanned: { [`public.${a}`]: 16, [`public.${b}`]: 5 } });
    } finally {
      await h.stop();
      await dropSlot(admin, p);
      await dropPublication(admin, p);
      await admin.query(`DROP TABLE ${a}, ${b}`);
    }
  });

  it('initial_only snapshots once and streams nothing; always snapshots at every start', async () => {
    const t = uniqueName('modes');
    await admin.query(`CREATE TABLE ${t} (id INT PRIMARY KEY); INSERT INTO ${t} VALUES (1), (2)`);
    const p = connectorProps(t, { 'snapshot.mode': 'initial_only', 'slot.drop.on.stop': 'false' });
    let h = await new TaskHarness(p).start();
    try {
      const snap = await h.pollUntil(2);
      await h.ack(snap);
      await admin.query(`INSERT INTO ${t} VALUES (3)`);
      await new Promise((r) => setTimeout(r, 300));
      expect(await h.task.poll()).toEqual([]);
      await h.stop();

      h = await new TaskHarness({ ...p, 'snapshot.mode': 'always' }, h.store).start();
      const again = await h.pollUntil(3 + 1); // snapshot of 3 rows, then the streamed insert of 3
      expect(again.map((r) => [envelope(r).get('op'), (plain(r.key) as { id: number }).id])).toEqual([['r', 1], ['r', 2], ['r', 3], ['c', 3]]);
    } finally {
      await h.stop();
      await dropSlot(admin, p);
      await dropPublication(admin, p);
    }
  });

  it('when_needed snapshots again when the slot no longer has the stored position', async () => {
    const t = uniqueName('needed');
    await admin.query(`CREATE TABLE ${t} (id INT PRIMARY KEY); INSERT INTO ${t} VALUES (1)`);
    const p = connectorProps(t, { 'snapshot.mode': 'when_needed', 'slot.drop.on.stop': 'false' });
    let h = await new TaskHarness(p).start();
    try {
      await h.ack(await h.pollUntil(1));
      await admin.query(`INSERT INTO ${t} VALUES (2)`);
      await h.ack(await h.pollUntil(1));
      await h.stop();
      // Same offsets, slot still there: no snapshot, streaming continues.
      h = await new TaskHarness(p, h.store).start();
      await admin.query(`INSERT INTO ${t} VALUES (3)`);
      const streamed = await h.pollUntil(1);
      expect(streamed.map((r) => envelope(r).get('op'))).toEqual(['c']);
      await h.ack(streamed);
      await h.stop();
      await dropSlot(admin, p); // the stored position is gone
      h = await new TaskHarness({ ...p, 'slot.drop.on.stop': 'true' }, h.store).start();
      const resnap = await h.pollUntil(3);
      expect(resnap.map((r) => [envelope(r).get('op'), (plain(r.key) as { id: number }).id])).toEqual([['r', 1], ['r', 2], ['r', 3]]);
    } finally {
      await h.stop();
      await dropSlot(admin, p);
      await dropPublication(admin, p);
      await admin.query(`DROP TABLE ${t}`);
    }
  });
});
