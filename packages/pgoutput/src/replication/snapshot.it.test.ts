import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogicalReplicationClient } from './replication-client.js';
import { count, pgUrl, readUntil, sql, uniqueName } from '../test-support/pg-env.js';
import type { ReplicationEvent } from './replication-stream.js';

const insertedIds = (events: readonly ReplicationEvent[]): unknown[] =>
  events.flatMap((e) => (e.message.type === 'insert' ? [e.message.new['id']] : []));

describe('createSlot snapshots: the initial snapshot and the stream meet exactly (real PostgreSQL)', () => {
  const client = new LogicalReplicationClient(pgUrl());
  const table = uniqueName('t_snap');
  const pub = uniqueName('p_snap');
  const slots: string[] = [];

  beforeAll(async () => {
    await sql(`CREATE TABLE ${table} (id int PRIMARY KEY, phase text)`);
    await client.createPublication(pub, [table]);
  });
  afterAll(async () => {
    for (const s of slots) await client.dropSlot(s, { ifExists: true });
    await client.dropPublication(pub, { ifExists: true });
    await sql(`DROP TABLE IF EXISTS ${table}`);
  });

  /** Streams from the slot until `n` commits arrived, returning the inserted ids. */
  const streamIds = async (slot: string, commits: number): Promise<unknown[]> => {
    const stream = await client.start({ slot, publications: [pub] });
    const events = await readUntil(stream, (_e, all) => count(all, 'commit') === commits).finally(() => stream.stop());
    return insertedIds(events);
  };

  it("snapshot 'export': another connection imports it and sees exactly the rows committed before the slot", async () => {
    const slot = uniqueName('s_export');
    slots.push(slot);
    await sql(`TRUNCATE ${table}`, `INSERT INTO ${table} SELECT g, 'before' FROM generate_series(1, 100) g`);
    const created = await client.createSlot(slot, { snapshot: 'export' });
    const reader = new pg.Client({ connectionString: pgUrl() });
    await reader.connect();
    try {
      expect(created.snapshotName).toMatch(/^[0-9A-F]+-[0-9A-F]+-\d+$/);
      // Committed after the slot: not in the snapshot, but in the stream.
      await sql(`INSERT INTO ${table} SELECT g, 'after' FROM generate_series(101, 150) g`, `DELETE FROM ${table} WHERE id <= 10`);
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await reader.query(`SET TRANSACTION SNAPSHOT '${created.snapshotName}'`);
      const snap = await reader.query<{ n: string; s: string; phases: string }>(
        `SELECT count(*) n, sum(id) s, string_agg(DISTINCT phase, ',') phases FROM ${table}`,
      );
      await reader.query('COMMIT');
      expect(snap.rows[0]).toEqual({ n: '100', s: String((100 * 101) / 2), phases: 'before' });
      await created.release();
      // After release the snapshot can no longer be imported (PG 15 and 17 word it differently).
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await expect(reader.query(`SET TRANSACTION SNAPSHOT '${created.snapshotName}'`)).rejects.toThrow(/invalid snapshot identifier|snapshot "[0-9A-F-]+" does not exist/);
      await reader.query('ROLLBACK');
    } finally {
      await reader.end();
      await created.release();
    }
    const stream = await client.start({ slot, publications: [pub] });
    const events = await readUntil(stream, (_e, all) => count(all, 'commit') === 2).finally(() => stream.stop());
    const ids = Array.from({ length: 50 }, (_, i) => 101 + i);
    expect(insertedIds(events)).toEqual(ids);
    expect(events.flatMap((e) => (e.message.type === 'delete' ? [e.message.old['id']] : []))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The first transaction streamed starts after the slot's consistent point.
    const begin = events.find((e) => e.message.type === 'begin')!.message;
    expect(begin.type === 'begin' && begin.finalLsn.compare(created.consistentPoint)).toBe(1);
  });

  it("snapshot 'use': query() runs inside the slot's snapshot, the stream carries only later commits", async () => {
    const slot = uniqueName('s_use');
    slots.push(slot);
    await sql(`TRUNCATE ${table}`, `INSERT INTO ${table} SELECT g, 'before' FROM generate_series(1, 30) g`);
    const created = await client.createSlot(slot, { snapshot: 'use' });
    try {
      expect(created.snapshotName).toBeNull();
      await sql(`INSERT INTO ${table} SELECT g, 'after' FROM generate_series(31, 40) g`);
      const rows = await created.query(`SELECT count(*) n, sum(id) s, max(id) mx FROM ${table}`);
      expect(rows).toEqual([{ n: '30', s: String((30 * 31) / 2), mx: 30 }]);
      // Still the same snapshot after more commits (REPEATABLE READ transaction).
      await sql(`INSERT INTO ${table} VALUES (41, 'after')`);
      expect(await created.query(`SELECT count(*) n FROM ${table}`)).toEqual([{ n: '30' }]);
    } finally {
      await created.release();
    }
    await expect(created.query('SELECT 1')).rejects.toThrow("query() is only available with snapshot 'use' before release()");
    expect(await streamIds(slot, 2)).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41]);
  });

  it("snapshot 'nothing': no snapshot, query() refuses, the stream starts at the consistent point", async () => {
    const slot = uniqueName('s_nothing');
    slots.push(slot);
    const created = await client.createSlot(slot, { snapshot: 'nothing' });
    expect(created.snapshotName).toBeNull();
    await expect(created.query('SELECT 1')).rejects.toThrow(/only available with snapshot 'use'/);
    await sql(`INSERT INTO ${table} VALUES (1000, 'after')`);
    expect(await streamIds(slot, 1)).toEqual([1000]);
  });
});
