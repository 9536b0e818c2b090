import { SchemaBuilder, Schemas, type SinkRecord } from '@tsconnect/sdk';
import { uniqueName } from '@tsconnect/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JdbcSinkTask } from './jdbc-sink-task.js';
import { openTestDb, type TestDb } from './test-support/databases.js';
import { fakeContext } from './test-support/fake-context.js';
import { sinkRecord, struct } from './test-support/records.js';

const KEY = SchemaBuilder.struct().field('id', Schemas.INT32).build();
// qty arrives as a string: fine for '10', not for 'abc' in an integer column (found by the database, not while planning).
const VALUE = SchemaBuilder.struct().field('id', Schemas.INT32).field('qty', Schemas.STRING).build();

const row = (topic: string, offset: number, qty = String(offset * 10)): SinkRecord =>
  sinkRecord(topic, KEY, struct(KEY, { id: offset }), VALUE, struct(VALUE, { id: offset, qty }), offset);
const rows = (topic: string, from: number, to: number) => Array.from({ length: to - from }, (_v, i) => row(topic, from + i));

/**
 * put() returns once the batch is planned; the database writes it while the runtime prepares the
 * next one. These tests pin what that must not change: preCommit returns only committed offsets,
 * and a batch the database rejects after its put returned still ends in the DLQ / fails the task.
 */
describe.each(['postgresql', 'mariadb'] as const)('pipelined puts on %s', (dbName) => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb(dbName); });
  afterAll(async () => { await db.close(); });

  // One batch in flight at a time (what these tests pin); concurrent-writes.it.test.ts covers max_size 2.
  const props = (topic: string, extra: Record<string, string> = {}) => ({
    name: `c-${topic}`, 'connection.url': db.url, 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'auto.create': 'false',
    'retry.backoff.ms': '10', 'connection.pool.max_size': '1', ...extra,
  });
  const createTable = (topic: string) => db.exec(`CREATE TABLE ${db.quote(topic)} (id INT PRIMARY KEY, qty INT NOT NULL)`);
  const ids = async (topic: string) => (await db.rows(`SELECT id FROM ${db.quote(topic)} ORDER BY id`)).map((r) => Number(r[0]));
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_v, i) => from + i);

  it('preCommit returns only offsets of committed batches while one is in flight; flush waits; a quiet task asks for a commit', async () => {
    const topic = uniqueName('pipe');
    await createTable(topic);
    let commitRequests = 0;
    const task = new JdbcSinkTask();
    task.start(props(topic), { ...fakeContext(), requestCommit: () => { commitRequests++; } });
    await task.put(rows(topic, 0, 1500)); // bulk path (COPY / LOAD DATA)
    // The write needs network round trips, so it cannot have committed yet: nothing of it is offered.
    expect(await task.preCommit([{ topic, partition: 0, offset: 1500 }])).toEqual([{ topic, partition: 0, offset: 0 }]);
    await task.put(rows(topic, 1500, 1600)); // waits for the first batch, then hands this one over
    expect(await task.preCommit([{ topic, partition: 0, offset: 1600 }])).toEqual([{ topic, partition: 0, offset: 1500 }]);
    await task.flush([{ topic, partition: 0, offset: 1600 }]);
    expect(commitRequests).toBe(1); // the second batch committed with no put waiting for it
    expect(await task.preCommit([{ topic, partition: 0, offset: 1600 }])).toEqual([{ topic, partition: 0, offset: 1600 }]);
    await task.stop();
    expect(await ids(topic)).toEqual(range(0, 1600));
  });

  it('errors.tolerance=all: a bad record of batch N found after put(N) returned goes to the reporter; nothing else is lost', async () => {
    const topic = uniqueName('pipeall');
    await createTable(topic);
    const ctx = fakeContext();
    const task = new JdbcSinkTask();
    task.start(props(topic, { 'errors.tolerance': 'all' }), ctx);
    const n = rows(topic, 0, 1200);
    n[700] = row(topic, 700, 'abc');
    await task.put(n);
    expect(ctx.reported).toEqual([]); // the database has not seen batch N yet
    await task.put(rows(topic, 1200, 1300)); // batch N+1; batch N is rejected and replayed row by row meanwhile
    expect(await task.preCommit([{ topic, partition: 0, offset: 1300 }])).toEqual([{ topic, partition: 0, offset: 1200 }]);
    await task.flush([]);
    expect(ctx.reported.map((r) => [r.record.kafkaOffset, r.error.message.split(':')[0]])).toEqual([
      [700, `Table "${topic}", column "qty" rejected the value "abc" of record ${topic}-0@700`],
    ]);
    expect(await task.preCommit([{ topic, partition: 0, offset: 1300 }])).toEqual([{ topic, partition: 0, offset: 1300 }]);
    await task.stop();
    expect(await ids(topic)).toEqual(range(0, 1300).filter((i) => i !== 700));
  });

  it('errors.tolerance=none: a bad record of batch N fails the next put naming table, column and value; offsets stop before N', async () => {
    const topic = uniqueName('pipenone');
    await createTable(topic);
    const ctx = fakeContext();
    const task = new JdbcSinkTask();
    task.start(props(topic), ctx);
    await task.put(rows(topic, 0, 100));
    const n = rows(topic, 100, 200);
    n[50] = row(topic, 150, 'abc');
    await task.put(n); // returns: batch N is planned, the database has not seen it
    await expect(task.put(rows(topic, 200, 300))).rejects.toThrow(`Table "${topic}", column "qty" rejected the value "abc" of record ${topic}-0@150`);
    expect(await task.preCommit([{ topic, partition: 0, offset: 300 }])).toEqual([{ topic, partition: 0, offset: 100 }]);
    await task.stop(); // the failure was thrown already: stop does not throw it again
    expect(ctx.reported).toEqual([]);
    expect(await ids(topic)).toEqual(range(0, 100));
  });

  it('close after a failed batch throws its error once and drops it (the next owner gets it again from the committed offset)', async () => {
    const topic = uniqueName('pipeclose');
    await createTable(topic);
    const task = new JdbcSinkTask();
    task.start(props(topic), fakeContext());
    const n = rows(topic, 0, 10);
    n[3] = row(topic, 3, 'abc');
    await task.put(n);
    await expect(task.close([{ topic, partition: 0 }])).rejects.toThrow(`Table "${topic}", column "qty" rejected the value "abc" of record ${topic}-0@3`);
    await task.stop(); // dropped, not run again: nothing left to throw
    expect(await ids(topic)).toEqual([]);
  });

  it('exactly once: preCommit during a write returns the stored offsets; the position it saw is stored by a later transaction', async () => {
    const topic = uniqueName('pipeeos');
    await createTable(topic);
    const task = new JdbcSinkTask();
    task.start(props(topic, { 'exactly.once.enabled': 'true', 'exactly.once.offsets.table': `${topic}_off` }), fakeContext());
    await task.open([{ topic, partition: 0 }, { topic, partition: 1 }]);
    await task.put(rows(topic, 0, 10));
    // Partition 1's records 0..6 were all dropped by a transform: the runtime consumed up to 7 there.
    expect(await task.preCommit([{ topic, partition: 0, offset: 10 }, { topic, partition: 1, offset: 7 }])).toEqual([]);
    await task.put(rows(topic, 10, 20));
    expect(await task.preCommit([{ topic, partition: 0, offset: 20 }, { topic, partition: 1, offset: 7 }]))
      .toEqual([{ topic, partition: 0, offset: 10 }]);
    await task.flush([]);
    expect(await task.preCommit([{ topic, partition: 0, offset: 20 }, { topic, partition: 1, offset: 7 }]))
      .toEqual([{ topic, partition: 0, offset: 20 }, { topic, partition: 1, offset: 7 }]);
    await task.stop();
    const stored = await db.rows(`SELECT ${db.quote('partition')}, ${db.quote('next_offset')} FROM ${db.quote(`${topic}_off`)} ORDER BY 1`);
    expect(stored.map((r) => r.map(Number))).toEqual([[0, 20], [1, 7]]);
    expect(await ids(topic)).toEqual(range(0, 20));
  });
});
