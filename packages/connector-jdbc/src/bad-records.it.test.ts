import { SchemaBuilder, Schemas, type SinkRecord } from '@tsconnect/sdk';
import { uniqueName } from '@tsconnect/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JdbcSinkTask } from './jdbc-sink-task.js';
import { openTestDb, type TestDb } from './test-support/databases.js';
import { fakeContext } from './test-support/fake-context.js';
import { sinkRecord, struct } from './test-support/records.js';

const KEY = SchemaBuilder.struct().field('id', Schemas.INT32).build();
const OTHER_KEY = SchemaBuilder.struct().field('other', Schemas.INT32).build();
// qty arrives as a string: fine for '10', not for 'abc' in an integer column.
const VALUE = SchemaBuilder.struct().field('id', Schemas.INT32).field('qty', Schemas.STRING).field('name', Schemas.OPTIONAL_STRING).build();

const row = (topic: string, offset: number, id: number, qty: string, name: string | null): SinkRecord =>
  sinkRecord(topic, KEY, struct(KEY, { id }), VALUE, struct(VALUE, { id, qty, name }), offset);

const texts = (rows: unknown[][]) => rows.map((r) => r.map((c) => (c === null ? null : String(c))));

describe.each(['postgresql', 'mariadb'] as const)('bad records on %s', (dbName) => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb(dbName); });
  afterAll(async () => { await db.close(); });

  const props = (topic: string, extra: Record<string, string> = {}) => ({
    name: `c-${topic}`, 'connection.url': db.url, 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'pk.fields': 'id',
    'auto.create': 'false', 'retry.backoff.ms': '10', ...extra,
  });
  const createTable = (topic: string) => db.exec(`CREATE TABLE ${db.quote(topic)} (id INT PRIMARY KEY, qty INT NOT NULL, name VARCHAR(5))`);
  const content = async (topic: string) => texts(await db.rows(`SELECT id, qty, name FROM ${db.quote(topic)} ORDER BY id`));

  /** The DB's own words for the two type errors. */
  const typeError = (topic: string) => (dbName === 'postgresql'
    ? 'invalid input syntax for type integer: "abc" (22P02)'
    : `Incorrect integer value: 'abc' for column \`tsconnect\`.\`${topic}\`.\`qty\` at row 1 (ER_TRUNCATED_WRONG_VALUE_FOR_FIELD)`);
  const tooLong = dbName === 'postgresql' ? 'value too long for type character varying(5) (22001)' : "Data too long for column 'name' at row 1 (ER_DATA_TOO_LONG)";

  it('errors.tolerance=all: each bad record goes to the errant record reporter, every other row is written, offsets include the bad ones', async () => {
    const topic = uniqueName('bad');
    const missing = uniqueName('nosuch');
    await createTable(topic);
    const ctx = fakeContext();
    const task = new JdbcSinkTask();
    task.start(props(topic, { 'errors.tolerance': 'all', 'exactly.once.enabled': 'true', 'exactly.once.offsets.table': `${topic}_off`, topics: `${topic},${missing}` }), ctx);
    await task.put([
      row(topic, 0, 1, '10', 'a'),
      row(topic, 1, 2, 'abc', 'b'), // integer column cannot hold 'abc'
      row(topic, 2, 3, '30', 'c'),
      row(topic, 3, 4, '40', 'toolong'), // VARCHAR(5)
      sinkRecord(topic, OTHER_KEY, struct(OTHER_KEY, { other: 6 }), VALUE, struct(VALUE, { id: 6, qty: '60', name: 'f' }), 4), // key lacks "id"
      sinkRecord(topic, KEY, null, VALUE, struct(VALUE, { id: 7, qty: '70', name: 'g' }), 5), // null key
      row(missing, 0, 1, '1', 'x'), // table missing, auto.create=false
      row(topic, 6, 5, '50', 'e'),
    ]);
    await task.flush([]); // put hands the batch over; flush waits until it is written
    expect(await content(topic)).toEqual([['1', '10', 'a'], ['3', '30', 'c'], ['5', '50', 'e']]);
    const reported = ctx.reported.map((r) => [r.record.topic, r.record.kafkaOffset, r.error.message]);
    expect(reported).toEqual([
      [topic, 4, `Table "${topic}": Record ${topic}-0@4: pk.fields names "id", which is not a field of the key (fields: other)`],
      [topic, 5, `Table "${topic}": Record ${topic}-0@5 has a null key; pk.mode record_key needs a key`],
      [missing, 0, `Table "${missing}" is missing and auto-creation is disabled (set auto.create=true)`],
      [topic, 1, `Table "${topic}", column "qty" rejected the value "abc" of record ${topic}-0@1: ${typeError(topic)}`],
      [topic, 3, `Table "${topic}", column "name" rejected the value "toolong" of record ${topic}-0@3: ${tooLong}`],
    ]);
    expect(task.errantRecordCount).toBe(5);
    expect(await task.preCommit([{ topic, partition: 0, offset: 7 }, { topic: missing, partition: 0, offset: 1 }]))
      .toEqual([{ topic, partition: 0, offset: 7 }, { topic: missing, partition: 0, offset: 1 }]);
    await task.stop();
  });

  it('errors.tolerance=none: the task fails naming table, column and value, and the batch is rolled back', async () => {
    const topic = uniqueName('badnone');
    await createTable(topic);
    const task = new JdbcSinkTask();
    const ctx = fakeContext();
    task.start(props(topic), ctx);
    const error = `Table "${topic}", column "qty" rejected the value "abc" of record ${topic}-0@1: ${typeError(topic)}`;
    // put only plans the batch; the database rejects it in the background and flush reports it.
    await task.put([row(topic, 0, 1, '10', 'a'), row(topic, 1, 2, 'abc', 'b'), row(topic, 2, 3, '30', 'c')]);
    await expect(task.flush([{ topic, partition: 0, offset: 3 }])).rejects.toThrow(error);
    // Nothing of the batch is committed, so no offset of it is either.
    expect(await task.preCommit([{ topic, partition: 0, offset: 3 }])).toEqual([{ topic, partition: 0, offset: 0 }]);
    // A put after the failure runs the failed batch again first instead of skipping it.
    await expect(task.put([row(topic, 3, 4, '40', 'd')])).rejects.toThrow(error);
    await task.stop();
    expect(ctx.reported).toEqual([]);
    expect(await content(topic)).toEqual([]);

    const other = new JdbcSinkTask();
    other.start(props(`${topic}_x`), ctx);
    await other.put([row(`${topic}_x`, 0, 1, '10', 'a')]);
    await expect(other.stop()).rejects.toThrow(`Table "${topic}_x" is missing and auto-creation is disabled (set auto.create=true)`);
  });

  it('errors.tolerance=all without a reporter (no DLQ, no error log) skips the bad records', async () => {
    const topic = uniqueName('badskip');
    await createTable(topic);
    const task = new JdbcSinkTask();
    task.start(props(topic, { 'errors.tolerance': 'all' }), fakeContext({ reporter: false }));
    await task.put([row(topic, 0, 1, '10', 'a'), row(topic, 1, 2, 'abc', 'b')]);
    await task.flush([]);
    expect(task.errantRecordCount).toBe(1);
    await task.stop();
    expect(await content(topic)).toEqual([['1', '10', 'a']]);
  });
});
