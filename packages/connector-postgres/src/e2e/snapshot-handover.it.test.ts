import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { uniqueName } from '@tsconnect/test-support';
import {
  connectorConfig, createDatabase, registerConnector, settle, startWorker, TopicReader, type TestDatabase,
} from './e2e-harness.js';

interface Row { id: number; v: number }
interface Event { op: string; id: number; v: number | null; snapshot: string }

/**
 * snapshot.mode=initial while a concurrent writer keeps inserting and updating: the exported
 * snapshot and the slot's consistent point must meet exactly — every row is either read ('r') or
 * created ('c'), once, and every update after the snapshot's view arrives exactly once, in order.
 */
describe('snapshot → streaming handover under concurrent writes', () => {
  const N = 3000;
  const prefix = uniqueName('handover');
  const topic = `${prefix}.public.items`;
  let db: TestDatabase;
  let worker: StandaloneWorker;
  let reader: TopicReader;
  let events: Event[] = [];
  let table: Row[] = [];
  const writes = { inserts: 0, updates: 0 };

  beforeAll(async () => {
    db = await createDatabase('pghandover');
    await db.client.query('CREATE TABLE items (id integer PRIMARY KEY, v integer NOT NULL)');
    await db.client.query(`INSERT INTO items SELECT g, 0 FROM generate_series(1, ${N}) g`);
    worker = await startWorker();
    reader = await TopicReader.start([topic]);

    // The writer: its own connection, one autocommit statement per transaction, inserts and updates mixed.
    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    let stop = false;
    let nextId = N + 1;
    const writing = (async () => {
      for (let i = 0; !stop; i++) {
        if (i % 3 === 0) {
          await writer.query('INSERT INTO items VALUES ($1, 0)', [nextId++]);
          writes.inserts++;
        } else {
          // Deterministic spread over old and new rows.
          await writer.query('UPDATE items SET v = v + 1 WHERE id = $1', [1 + ((i * 7919) % (nextId - 1))]);
          writes.updates++;
        }
      }
    })();
    try {
      await registerConnector(worker, prefix, connectorConfig(db, prefix, {
        'table.include.list': 'public.items',
        'snapshot.mode': 'initial',
        'snapshot.fetch.size': '200', // many chunks, so the writer interleaves with the snapshot
      }));
      // Keep writing until the snapshot is over and streaming has carried a good number of changes.
      await reader.waitUntil(topic, 'snapshot finished and streaming under way', (rs) => {
        const done = rs.findIndex((r) => (r.value?.payload as { source: { snapshot: string } } | null)?.source.snapshot === 'last');
        return done >= 0 && rs.length - done > 300;
      }, 120_000);
    } finally {
      stop = true;
      await writing;
      await writer.end();
    }
    table = (await db.client.query<Row>('SELECT id, v FROM items ORDER BY id')).rows;
    const expectedState = new Map(table.map((r) => [r.id, r.v]));
    await reader.waitUntil(topic, 'topic state = table', (rs) => {
      const state = new Map<number, number>();
      for (const r of rs) {
        const after = (r.value?.payload as { after: Row | null } | undefined)?.after;
        if (after) state.set(after.id, after.v);
      }
      return state.size === expectedState.size && [...expectedState].every(([id, v]) => state.get(id) === v);
    }, 120_000);
    await settle();
    events = reader.on(topic).map((r) => {
      const p = r.value!.payload as { op: string; after: Row; source: { snapshot: string } };
      return { op: p.op, id: p.after.id, v: p.after.v, snapshot: p.source.snapshot };
    });
  });

  afterAll(async () => {
    await reader?.stop();
    await worker?.stop();
    await db?.drop([db.name]);
  });

  it('the writer really overlapped the snapshot (inserts and updates on both sides of it)', () => {
    expect(writes.inserts).toBeGreaterThan(50);
    expect(writes.updates).toBeGreaterThan(100);
    const lastSnapshot = events.findIndex((e) => e.snapshot === 'last');
    expect(events.slice(0, lastSnapshot + 1).every((e) => e.op === 'r')).toBe(true);
    // Rows inserted by the writer before the slot's snapshot are read ('r'), later ones created ('c').
    expect(events.some((e) => e.op === 'r' && e.id > N)).toBe(true);
    expect(events.some((e) => e.op === 'c')).toBe(true);
    expect(events.some((e) => e.op === 'u')).toBe(true);
  });

  it('the last value per id on the topic equals the table', () => {
    const state = new Map<number, number>();
    for (const e of events) state.set(e.id, e.v!);
    expect([...state].sort((a, b) => a[0] - b[0]).map(([id, v]) => ({ id, v }))).toEqual(table);
  });

  it('every id is either read or created, exactly once; no r after its c; no duplicate c', () => {
    const firstSeen = new Map<number, string[]>();
    for (const e of events) if (e.op === 'r' || e.op === 'c') firstSeen.set(e.id, [...(firstSeen.get(e.id) ?? []), e.op]);
    const wrong = [...firstSeen].filter(([, ops]) => ops.length !== 1);
    expect(wrong).toEqual([]);
    expect(firstSeen.size).toBe(table.length);
  });

  it('updates continue each row without gap or repeat: v goes +1 per event after the first', () => {
    const last = new Map<number, number>();
    const broken: Array<{ id: number; prev: number; got: number; op: string }> = [];
    for (const e of events) {
      const prev = last.get(e.id);
      if (prev !== undefined && e.v !== prev + 1) broken.push({ id: e.id, prev, got: e.v!, op: e.op });
      if (prev === undefined && e.op === 'u') broken.push({ id: e.id, prev: -1, got: e.v!, op: 'u before r/c' });
      last.set(e.id, e.v!);
    }
    expect(broken).toEqual([]);
  });
});
