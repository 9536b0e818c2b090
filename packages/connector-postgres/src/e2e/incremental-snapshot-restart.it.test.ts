import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import {
  connectorConfig, createDatabase, newOffsetsFile, registerConnector, settle, startWorker, TopicReader, type JsonRecord, type TestDatabase,
} from './e2e-harness.js';

interface Row { id: number; v: number }
interface Event { op: string; id: number; after: Row | null; source: { snapshot: string } }

const ROWS = 10_000;

/**
 * A worker stops in the middle of a signal-table incremental snapshot while writers keep changing
 * the table; a new worker on the same offsets file continues the snapshot after the last row whose
 * offset was stored: every row reaches Kafka, each key ends in the table's state, no row is read twice.
 */
describe('incremental snapshot across a worker restart (Kafka)', () => {
  const prefix = uniqueName('incrrestart');
  const topic = `${prefix}.public.items`;
  const offsetsFile = newOffsetsFile();
  let db: TestDatabase;
  let reader: TopicReader;
  let worker: StandaloneWorker | null = null;
  let config: Record<string, string>;

  beforeAll(async () => {
    db = await createDatabase('pgincr');
    await db.client.query('CREATE TABLE items (id integer PRIMARY KEY, v integer NOT NULL)');
    await db.client.query('CREATE TABLE dbz_signal (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, data text)');
    await db.client.query(`INSERT INTO items SELECT g, 0 FROM generate_series(1, ${ROWS}) g`);
    reader = await TopicReader.start([topic]);
    // Small chunks and a small queue keep the snapshot paced by Kafka, so the stop lands mid-table.
    config = connectorConfig(db, prefix, {
      'table.include.list': 'public.items', 'snapshot.mode': 'no_data', 'slot.drop.on.stop': 'false',
      'signal.data.collection': 'public.dbz_signal', 'incremental.snapshot.chunk.size': '20',
      'max.queue.size': '100', 'max.batch.size': '50',
    });
    worker = await startWorker(offsetsFile);
    await registerConnector(worker, prefix, config);
  });

  afterAll(async () => {
    await reader?.stop();
    await worker?.stop();
    await db?.drop([db.name]);
  });

  const events = (): Event[] => reader.on(topic).filter((r: JsonRecord) => r.value !== null).map((r) => {
    const p = r.value!.payload as { op: string; after: Row | null; before: Row | null; source: { snapshot: string } };
    return { op: p.op, id: (r.key!.payload as { id: number }).id, after: p.after, source: p.source };
  });
  const readIds = (list: readonly Event[]): number[] => list.filter((e) => e.op === 'r').map((e) => e.id);

  it('continues after the stored position; the topic replays to the table', async () => {
    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    writer.on('error', () => undefined);
    let stop = false;
    let n = 0;
    // Updates all over the key range, some deletes and inserts past the maximum key, during both runs and in between.
    const writing = (async () => {
      while (!stop) {
        n++;
        await writer.query('UPDATE items SET v = v + 1 WHERE id = $1', [((n * 7919) % ROWS) + 1]);
        if (n % 25 === 0) await writer.query('DELETE FROM items WHERE id = $1', [((n * 104729) % ROWS) + 1]);
        if (n % 40 === 0) await writer.query('INSERT INTO items VALUES ($1, 0)', [ROWS + n]);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();

    await db.client.query(`INSERT INTO dbz_signal VALUES ('incr-1', 'execute-snapshot', '{"data-collections": ["public.items"], "type": "incremental"}')`);
    await waitFor('1000 snapshot rows in Kafka', () => (readIds(events()).length >= 1000 ? true : undefined), { timeoutMs: 60_000, intervalMs: 20 });
    await worker!.stop();
    worker = null;
    await settle(500);
    const firstRun = events();
    const firstReads = readIds(firstRun);
    expect(firstReads.length).toBeLessThan(ROWS - 1000); // stopped mid-table
    await new Promise((r) => setTimeout(r, 500)); // changes while nothing runs

    worker = await startWorker(offsetsFile);
    await registerConnector(worker, prefix, config);
    await waitFor('the second run to read on', () => (readIds(events()).length > firstReads.length + 200 ? true : undefined), { timeoutMs: 60_000 });
    stop = true;
    await writing;
    await writer.end();

    const table = (await db.client.query<Row>('SELECT id, v FROM items ORDER BY id')).rows;
    const replay = (): Row[] => {
      const state = new Map<number, Row>();
      for (const e of events()) {
        if (e.op === 'd') state.delete(e.id);
        else state.set(e.id, e.after!);
      }
      return [...state.values()].sort((a, b) => a.id - b.id);
    };
    await waitFor('the replayed topic to equal the table', () => (replay().length === table.length ? true : undefined), { timeoutMs: 120_000 });
    await settle(2000);
    expect(replay()).toEqual(table);

    const all = events();
    const secondReads = readIds(all.slice(firstRun.length));
    // Continued after the last row stored by the first run, in key order, none read twice.
    expect(secondReads[0]).toBeGreaterThan(Math.max(...firstReads));
    expect(secondReads).toEqual([...secondReads].sort((a, b) => a - b));
    const allReads = readIds(all);
    expect(new Set(allReads).size).toBe(allReads.length);
    expect(all.filter((e) => e.op === 'r').every((e) => e.source.snapshot === 'incremental')).toBe(true);
    // Every original row that no writer touched came from the snapshot.
    const changed = new Set(all.filter((e) => e.op !== 'r').map((e) => e.id));
    const untouched = table.filter((r) => r.id <= ROWS && !changed.has(r.id)).map((r) => r.id);
    expect(untouched.length).toBeGreaterThan(ROWS / 2);
    const readSet = new Set(allReads);
    expect(untouched.filter((id) => !readSet.has(id))).toEqual([]);
  }, 300_000);
});
