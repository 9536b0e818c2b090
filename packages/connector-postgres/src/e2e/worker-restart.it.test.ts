import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import {
  connectorConfig, createDatabase, newOffsetsFile, registerConnector, settle, startWorker, TopicReader, type TestDatabase,
} from './e2e-harness.js';

interface Row { id: number; v: string }

/**
 * A clean stop mid-stream, more writes while nothing runs, then a new worker on the same offsets
 * file: every change arrives exactly once across both runs. (After a crash Kafka Connect only
 * promises at-least-once; after a clean stop the flushed offsets and the slot's confirmed LSN must
 * line up, so a duplicate is a bug.)
 */
describe('worker restart resumes from stored offsets', () => {
  const prefix = uniqueName('restart');
  const topic = `${prefix}.public.events`;
  const offsetsFile = newOffsetsFile();
  let db: TestDatabase;
  let reader: TopicReader;
  let first: StandaloneWorker | null = null;
  let second: StandaloneWorker | null = null;
  let config: Record<string, string>;
  const stats = { beforeStop: 0, whileStopped: 0 };

  // The slot must survive the stop: with slot.drop.on.stop=true the changes made while the
  // connector is down would be gone (Debezium documents the same). afterAll drops it.
  beforeAll(async () => {
    db = await createDatabase('pgrestart');
    await db.client.query('CREATE TABLE events (id integer PRIMARY KEY, v text NOT NULL)');
    await db.client.query(`INSERT INTO events SELECT g, 'snap' || g FROM generate_series(1, 100) g`);
    reader = await TopicReader.start([topic]);
    config = connectorConfig(db, prefix, { 'table.include.list': 'public.events', 'slot.drop.on.stop': 'false' });
    first = await startWorker(offsetsFile);
    await registerConnector(first, prefix, config);
  });

  afterAll(async () => {
    await reader?.stop();
    await first?.stop();
    await second?.stop();
    await db?.drop([db.name]);
  });

  it('runs 1 and 2 together deliver every insert and update exactly once', async () => {
    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    writer.on('error', () => undefined); // DROP DATABASE … WITH (FORCE) in afterAll if the test failed midway
    let id = 100;
    let stop = false;
    // Inserts (and an update of an older row every 5th) keep flowing while the first worker stops.
    const write = async (): Promise<void> => {
      id++;
      if (id % 5 === 0) {
        await writer.query('BEGIN');
        await writer.query(`INSERT INTO events VALUES ($1::int, 'c' || $1::int)`, [id]);
        await writer.query(`UPDATE events SET v = v || '+u' WHERE id = $1::int`, [id - 50]);
        await writer.query('COMMIT');
      } else {
        await writer.query(`INSERT INTO events VALUES ($1::int, 'c' || $1::int)`, [id]);
      }
    };
    const writing = (async () => {
      while (!stop) await write();
    })();

    await reader.waitForCount(topic, 600, 60_000); // snapshot done, streaming under way
    await first!.stop(); // clean stop while the writer is busy
    first = null;
    stats.beforeStop = reader.on(topic).length;
    const writtenAtStop = id;
    await waitFor('more writes while no worker runs', () => (id > writtenAtStop + 200 ? true : undefined));
    stop = true;
    await writing;
    await writer.end();
    // Nothing can be produced while no worker runs.
    await settle(500);
    expect(reader.on(topic).length).toBe(stats.beforeStop);
    stats.whileStopped = id - writtenAtStop;

    second = await startWorker(offsetsFile);
    await registerConnector(second, prefix, config);
    const table = (await db.client.query<Row>('SELECT id, v FROM events ORDER BY id')).rows;
    const updates = table.filter((r) => r.v.endsWith('+u')).length;
    const expectedCount = table.length + updates; // one r/c per row, one u per updated row
    await reader.waitForCount(topic, expectedCount, 90_000);
    await settle(2000);

    const events = reader.on(topic).map((r) => {
      const p = r.value!.payload as { op: string; after: Row };
      return { op: p.op, id: p.after.id, v: p.after.v };
    });
    const seen = new Map<string, number>();
    for (const e of events) seen.set(`${e.op}:${e.id}:${e.v}`, (seen.get(`${e.op}:${e.id}:${e.v}`) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]); // no duplicates
    expect(events.length).toBe(expectedCount);
    // Last state per id equals the table: nothing was lost either.
    const state = new Map<number, string>();
    for (const e of events) state.set(e.id, e.v);
    expect([...state].sort((a, b) => a[0] - b[0]).map(([i, v]) => ({ id: i, v }))).toEqual(table);
    // The second run did real work: events for rows written while stopped, and no snapshot again.
    expect(stats.whileStopped).toBeGreaterThan(200);
    expect(events.slice(stats.beforeStop).every((e) => e.op === 'c' || e.op === 'u')).toBe(true);
  }, 240_000);
});
