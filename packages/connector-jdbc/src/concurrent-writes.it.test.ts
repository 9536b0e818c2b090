import { SchemaBuilder, Schemas, type SinkRecord } from '@tsconnect/sdk';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JdbcSinkTask } from './jdbc-sink-task.js';
import { openTestDb, type TestDb } from './test-support/databases.js';
import { fakeContext } from './test-support/fake-context.js';
import { sinkRecord, struct } from './test-support/records.js';

const KEY = SchemaBuilder.struct().field('id', Schemas.INT32).build();
// qty arrives as a string: fine for '10', not for 'abc' in an integer column (found by the database, not while planning).
const VALUE = SchemaBuilder.struct().field('id', Schemas.INT32).field('qty', Schemas.STRING).build();

/** Record at `offset` of partition 0 writing row `id` (defaults to the offset). */
const row = (topic: string, offset: number, qty = String(offset * 10), id = offset): SinkRecord =>
  sinkRecord(topic, KEY, struct(KEY, { id }), VALUE, struct(VALUE, { id, qty }), offset);
const rows = (topic: string, from: number, to: number) => Array.from({ length: to - from }, (_v, i) => row(topic, from + i));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_v, i) => from + i);
const at = (topic: string, offset: number) => [{ topic, partition: 0, offset }];

/**
 * connection.pool.max_size=2 (the default): a put whose keys are disjoint from the batch in
 * flight is written at the same time on a second session; one that shares a key waits. put()
 * does no I/O between handing a batch over and returning, so right after put(N) batch N-1 cannot
 * have committed unless put waited for it: what preCommit returns then shows which happened.
 */
describe.each(['postgresql', 'mariadb'] as const)('concurrent writes on %s', (dbName) => {
  let db: TestDb;
  let blocker: TestDb;
  beforeAll(async () => { [db, blocker] = await Promise.all([openTestDb(dbName), openTestDb(dbName)]); });
  afterAll(async () => { await Promise.all([db.close(), blocker.close()]); });

  const props = (topic: string, extra: Record<string, string> = {}) => ({
    name: `c-${topic}`, 'connection.url': db.url, 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'auto.create': 'false',
    'retry.backoff.ms': '10', ...extra,
  });
  const createTable = (topic: string) => db.exec(`CREATE TABLE ${db.quote(topic)} (id INT PRIMARY KEY, qty INT NOT NULL)`);
  const table = async (topic: string) =>
    (await db.rows(`SELECT id, qty FROM ${db.quote(topic)} ORDER BY id`)).map((r) => [Number(r[0]), Number(r[1])]);
  const ids = async (topic: string) => (await table(topic)).map((r) => r[0]);

  it('disjoint batches are written at the same time and end with the exact rows', async () => {
    const topic = uniqueName('cdis');
    await createTable(topic);
    const task = new JdbcSinkTask();
    task.start(props(topic), fakeContext());
    await task.put(rows(topic, 0, 1500));
    await task.put(rows(topic, 1500, 3000)); // did not wait for the first batch
    expect(await task.preCommit(at(topic, 3000))).toEqual(at(topic, 0));
    await task.put(rows(topic, 3000, 3100)); // two in flight already: waits for one of them
    for (let i = 3100; i < 6100; i += 500) await task.put(rows(topic, i, i + 500));
    await task.flush(at(topic, 6100));
    expect(await task.preCommit(at(topic, 6100))).toEqual(at(topic, 6100));
    await task.stop();
    expect(await table(topic)).toEqual(range(0, 6100).map((i) => [i, i * 10]));
  });

  it('connection.pool.max_size=1 writes one batch at a time', async () => {
    const topic = uniqueName('cone');
    await createTable(topic);
    const task = new JdbcSinkTask();
    task.start(props(topic, { 'connection.pool.max_size': '1' }), fakeContext());
    await task.put(rows(topic, 0, 1500));
    await task.put(rows(topic, 1500, 3000)); // waited for the first batch
    expect(await task.preCommit(at(topic, 3000))).toEqual(at(topic, 1500));
    await task.stop();
    expect(await ids(topic)).toEqual(range(0, 3000));
  });

  it('a batch sharing a key with the one in flight waits for it: the later value wins', async () => {
    const topic = uniqueName('cover');
    await createTable(topic);
    const task = new JdbcSinkTask();
    task.start(props(topic), fakeContext());
    await task.put(rows(topic, 0, 1500)); // inserts ids 0..1499
    // Offsets 1500..2999 update ids 0..1499 (qty 7); one key in common is enough to serialize.
    await task.put(range(1500, 3000).map((o) => row(topic, o, '7', o - 1500)));
    expect(await task.preCommit(at(topic, 3000))).toEqual(at(topic, 1500)); // waited for the first batch
    await task.put([row(topic, 3000, '8', 5), row(topic, 3001, '9', 5000)]);
    await task.flush(at(topic, 3002));
    await task.stop();
    const expected = [...range(0, 1500).map((i) => [i, i === 5 ? 8 : 7]), [5000, 9]];
    expect(await table(topic)).toEqual(expected);
  });

  it('preCommit never passes an older batch still being written when a newer one committed first', async () => {
    const topic = uniqueName('cold');
    await createTable(topic);
    // An uncommitted row with id 40 in another session: the older batch's insert of id 40 waits for it.
    await blocker.exec('BEGIN');
    await blocker.exec(`INSERT INTO ${blocker.quote(topic)} (id, qty) VALUES (40, 1)`);
    const task = new JdbcSinkTask();
    task.start(props(topic), fakeContext());
    try {
      await task.put(rows(topic, 0, 1500));
      await task.put(rows(topic, 1500, 1600));
      const newer = async () => Number((await db.rows(`SELECT count(*) FROM ${db.quote(topic)} WHERE id >= 1500`))[0]![0]);
      await waitFor('the newer batch committed', async () => ((await newer()) === 100 ? true : undefined), { timeoutMs: 20_000 });
      expect(await task.preCommit(at(topic, 1600))).toEqual(at(topic, 0)); // the newer batch committed; the older did not
    } finally {
      await blocker.exec('ROLLBACK');
    }
    await task.flush(at(topic, 1600));
    expect(await task.preCommit(at(topic, 1600))).toEqual(at(topic, 1600));
    await task.stop();
    expect(await table(topic)).toEqual(range(0, 1600).map((i) => [i, i * 10]));
  });

  it('errors.tolerance=all: a bad record of the older batch goes to the reporter; the newer one is written alongside', async () => {
    const topic = uniqueName('call');
    await createTable(topic);
    const ctx = fakeContext();
    const task = new JdbcSinkTask();
    task.start(props(topic, { 'errors.tolerance': 'all' }), ctx);
    const older = rows(topic, 0, 1200);
    older[700] = row(topic, 700, 'abc');
    await task.put(older);
    await task.put(rows(topic, 1200, 2400));
    expect(await task.preCommit(at(topic, 2400))).toEqual(at(topic, 0));
    await task.flush(at(topic, 2400));
    expect(ctx.reported.map((r) => [r.record.kafkaOffset, r.error.message.split(':')[0]])).toEqual([
      [700, `Table "${topic}", column "qty" rejected the value "abc" of record ${topic}-0@700`],
    ]);
    expect(await task.preCommit(at(topic, 2400))).toEqual(at(topic, 2400));
    await task.stop();
    expect(await ids(topic)).toEqual(range(0, 2400).filter((i) => i !== 700));
  });

  it('errors.tolerance=none: the older batch fails while the newer one committed; offsets stay at the failed one, which runs again first', async () => {
    const topic = uniqueName('cnone');
    await createTable(topic);
    const ctx = fakeContext();
    const task = new JdbcSinkTask();
    task.start(props(topic), ctx);
    const older = rows(topic, 0, 100);
    older[50] = row(topic, 50, 'abc');
    await task.put(older);
    await task.put(rows(topic, 100, 200)); // disjoint: written alongside, and commits
    const message = `Table "${topic}", column "qty" rejected the value "abc" of record ${topic}-0@50`;
    await expect(task.flush(at(topic, 200))).rejects.toThrow(message);
    expect(await task.preCommit(at(topic, 300))).toEqual(at(topic, 0));
    expect(await ids(topic)).toEqual(range(100, 200));
    // The runtime carries on: the failed batch runs again before anything else, and fails again.
    await expect(task.put(rows(topic, 200, 300))).rejects.toThrow(message);
    expect(await task.preCommit(at(topic, 300))).toEqual(at(topic, 0));
    await task.stop();
    expect(ctx.reported).toEqual([]);
    expect(await ids(topic)).toEqual(range(100, 200));
  });
});
