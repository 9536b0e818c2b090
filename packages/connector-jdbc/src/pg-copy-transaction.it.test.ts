import { SchemaBuilder, Schemas, type SinkRecord } from '@tsconnect/sdk';
import { uniqueName } from '@tsconnect/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JdbcSinkTask } from './jdbc-sink-task.js';
import { openTestDb, type TestDb } from './test-support/databases.js';
import { fakeContext } from './test-support/fake-context.js';
import { sinkRecord, struct } from './test-support/records.js';

const KEY = SchemaBuilder.struct().field('id', Schemas.INT32).build();
const VALUE = SchemaBuilder.struct().field('id', Schemas.INT32).field('qty', Schemas.INT64).field('name', Schemas.OPTIONAL_STRING).build();

const row = (topic: string, offset: number, id: number, qty: number | bigint, name: string | null): SinkRecord =>
  sinkRecord(topic, KEY, struct(KEY, { id }), VALUE, struct(VALUE, { id, qty: BigInt(qty), name }), offset);

/** `count` records from `offset` on, ids from `id` on. */
const rows = (topic: string, offset: number, id: number, count: number, name: string): SinkRecord[] =>
  Array.from({ length: count }, (_v, i) => row(topic, offset + i, id + i, id + i, name));

// The PostgreSQL bulk transaction as one message (BEGIN; COPY; INSERT … SELECT; offsets; COMMIT).
describe('PostgreSQL bulk transaction in one message', () => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb('postgresql'); });
  afterAll(async () => { await db.close(); });

  const props = (topic: string, extra: Record<string, string> = {}) => ({
    // A quote and a backslash: the offsets statement of the message carries the name as a literal.
    name: `it's\\${topic}`, 'connection.url': db.url, 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'auto.create': 'true',
    'copy.threshold.rows': '1', 'exactly.once.enabled': 'true', 'exactly.once.offsets.table': `${topic}_off`, 'retry.backoff.ms': '10', ...extra,
  });
  const content = (topic: string) => db.rows(`SELECT id, qty::text, name FROM "${topic}" ORDER BY id`);
  const stored = (topic: string) => db.rows(`SELECT connector, topic, partition, next_offset::text FROM "${topic}_off"`);

  it('exactly-once upserts of new keys, then existing keys (stage), then both: rows and stored offsets exact, a restart seeks there', async () => {
    const topic = uniqueName('pgtx');
    const task = new JdbcSinkTask();
    task.start(props(topic), fakeContext());
    try {
      await task.put(rows(topic, 0, 1, 50, 'a')); // new keys: COPY straight in
      await task.put(rows(topic, 50, 1, 50, 'b')); // existing keys: 23505, rolled back, then probe + stage
      await task.put([...rows(topic, 100, 1, 30, 'c'), ...rows(topic, 130, 51, 20, 'c')]); // stage without probe
      await task.flush([]);
    } finally {
      await task.stop();
    }
    const name = (id: number) => (id <= 30 || id > 50 ? 'c' : 'b');
    expect(await content(topic)).toEqual(Array.from({ length: 70 }, (_v, i) => [i + 1, String(i + 1), name(i + 1)]));
    expect(await stored(topic)).toEqual([[`it's\\${topic}`, topic, 0, '150']]);

    const ctx = fakeContext();
    const again = new JdbcSinkTask();
    again.start(props(topic), ctx);
    await again.open([{ topic, partition: 0 }]);
    await again.stop();
    expect(ctx.seeks).toEqual([{ topic, partition: 0, offset: 150 }]);
  });

  it('a batch the message fails on (in the COPY, or in INSERT … SELECT) is replayed row by row, naming table, column and value', async () => {
    const topic = uniqueName('pgtxbad');
    await db.exec(`CREATE TABLE "${topic}" (id INT PRIMARY KEY, qty INT, name TEXT NOT NULL)`);
    const ctx = fakeContext();
    const task = new JdbcSinkTask();
    task.start(props(topic, { 'auto.create': 'false', 'errors.tolerance': 'all' }), ctx);
    try {
      await task.put(rows(topic, 0, 1, 5, 'a'));
      await task.put(rows(topic, 5, 1, 5, 'x')); // existing keys: from now on through the stage
      // The stage has the target's types: 2^40 fails the COPY into it (integer out of range).
      await task.put([row(topic, 10, 1, 10, 'b'), row(topic, 11, 2, 2n ** 40n, 'b'), row(topic, 12, 3, 30, 'b')]);
      // NULL passes the COPY into the stage and fails INSERT … SELECT (NOT NULL).
      await task.put([row(topic, 13, 4, 40, 'c'), row(topic, 14, 5, 50, null)]);
      await task.flush([]);
    } finally {
      await task.stop();
    }
    expect(await content(topic)).toEqual([[1, '10', 'b'], [2, '2', 'x'], [3, '30', 'b'], [4, '40', 'c'], [5, '5', 'x']]);
    expect(ctx.reported.map((r) => [r.record.kafkaOffset, r.error.message])).toEqual([
      [11, `Table "${topic}", column "qty" rejected the value "1099511627776" of record ${topic}-0@11: value "1099511627776" is out of range for type integer (22003)`],
      [14, `Table "${topic}", column "name" rejected the value NULL of record ${topic}-0@14: null value in column "name" of relation "${topic}" violates not-null constraint (23502)`],
    ]);
    expect(await stored(topic)).toEqual([[`it's\\${topic}`, topic, 0, '15']]);
  });
});
