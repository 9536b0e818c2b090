import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { startTestWorker, type TestWorker } from '@tsconnect/testkit';
import { tsconnectPlugins } from './index.js';

/**
 * The sink inside a real worker (the runtime's standalone worker, in process) on real Kafka and
 * PostgreSQL: bad records reach the dead letter queue with Kafka's `__connect.errors.*` headers
 * through the SinkTaskContext's errant record reporter, and with errors.tolerance=none the task
 * fails with a status trace naming table, column and value.
 */
const KEY = { type: 'struct', optional: false, fields: [{ field: 'id', type: 'int32', optional: false }] };
const WRONG_KEY = { type: 'struct', optional: false, fields: [{ field: 'other', type: 'int32', optional: false }] };
const VALUE = {
  type: 'struct', optional: false, name: 'order',
  fields: [{ field: 'id', type: 'int32', optional: false }, { field: 'qty', type: 'string', optional: false }, { field: 'name', type: 'string', optional: true }],
};
const key = (id: number, schema = KEY) => JSON.stringify({ schema, payload: schema === KEY ? { id } : { other: id } });
const value = (id: number, qty: string, name: string) => JSON.stringify({ schema: VALUE, payload: { id, qty, name } });

let w: TestWorker;
let db: pg.Client;

beforeAll(async () => {
  w = await startTestWorker({
    bootstrapServers: testEnv('KAFKA_BOOTSTRAP'),
    plugins: tsconnectPlugins,
    workerProps: { 'key.converter.schemas.enable': 'true', 'value.converter.schemas.enable': 'true' },
  });
  db = new pg.Client({ connectionString: testEnv('PG_URL') });
  await db.connect();
});
afterAll(async () => {
  await w?.stop();
  await db?.end();
});

function jdbcUrl(): string {
  const u = new URL(testEnv('PG_URL'));
  return `jdbc:postgresql://${u.host}${u.pathname}?user=${u.username}&password=${u.password}`;
}

const sinkConfig = (topics: string) => ({
  'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector', topics, 'connection.url': jdbcUrl(),
  'insert.mode': 'upsert', 'pk.mode': 'record_key', 'pk.fields': 'id', 'auto.create': 'false', 'max.retries': '0',
});

describe('JDBC sink in a worker: dead letter queue and task failure', () => {
  it('errors.tolerance=all: bad records land in the DLQ with exact __connect.errors.* headers; every good row is in the table', async () => {
    const orders = uniqueName('dlq_orders');
    const missing = uniqueName('dlq_nosuch'); // its table does not exist, auto.create=false
    const dlq = uniqueName('dlq_topic');
    const name = uniqueName('dlq-sink');
    await db.query(`CREATE TABLE "${orders}" (id int PRIMARY KEY, qty int NOT NULL, name text)`);
    await w.kafka.createTopic(orders);
    await w.kafka.createTopic(missing);
    await w.kafka.produce(orders, [
      { key: key(1), value: value(1, '10', 'a') },
      { key: key(2), value: value(2, 'abc', 'b') }, // offset 1: an integer column cannot hold "abc"
      { key: key(3), value: value(3, '30', 'c') },
      { key: key(4, WRONG_KEY), value: value(4, '40', 'd'), headers: { origin: 'test' } }, // offset 3: the key has no "id"
      { key: key(5), value: value(5, '50', 'e') },
    ]);
    await w.kafka.produce(missing, [{ key: key(9), value: value(9, '90', 'z') }]);

    await w.createConnector(name, {
      ...sinkConfig(`${orders},${missing}`),
      'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': dlq,
      'errors.deadletterqueue.topic.replication.factor': '1', 'errors.deadletterqueue.context.headers.enable': 'true',
    });
    const dead = await w.kafka.awaitRecords(dlq, { count: 3, timeoutMs: 45_000 });
    await waitFor('good rows', async () => {
      const r = await db.query(`SELECT count(*)::int AS n FROM "${orders}"`);
      return r.rows[0].n === 3 ? true : undefined;
    });
    expect((await db.query({ text: `SELECT id, qty, name FROM "${orders}" ORDER BY id`, rowMode: 'array' })).rows)
      .toEqual([[1, 10, 'a'], [3, 30, 'c'], [5, 50, 'e']]);

    // The three bad records, in (topic, offset) order; the stack trace is checked by its first line.
    const byOrigin = [...dead].sort((a, b) => (a.headers['__connect.errors.topic']! + a.headers['__connect.errors.offset'])
      .localeCompare(b.headers['__connect.errors.topic']! + b.headers['__connect.errors.offset']));
    const view = (m: (typeof dead)[number]) => {
      const { ['__connect.errors.exception.stacktrace']: stack, ...headers } = m.headers;
      return { key: m.key, value: m.value, headers, stack: String(stack).split('\n')[0] };
    };
    const common = { '__connect.errors.partition': '0', '__connect.errors.connector.name': name, '__connect.errors.task.id': '0',
      '__connect.errors.stage': 'TASK_PUT', '__connect.errors.class.name': 'JdbcSinkTask', '__connect.errors.exception.class.name': 'ConnectException' };
    const expected = [
      {
        key: key(9), value: value(9, '90', 'z'),
        headers: { ...common, '__connect.errors.topic': missing, '__connect.errors.offset': '0',
          '__connect.errors.exception.message': `Table "${missing}" is missing and auto-creation is disabled (set auto.create=true)` },
      },
      {
        key: key(2), value: value(2, 'abc', 'b'),
        headers: { ...common, '__connect.errors.topic': orders, '__connect.errors.offset': '1',
          '__connect.errors.exception.message': `Table "${orders}", column "qty" rejected the value "abc" of record ${orders}-0@1: invalid input syntax for type integer: "abc" (22P02)` },
      },
      {
        key: key(4, WRONG_KEY), value: value(4, '40', 'd'),
        headers: { origin: 'test', ...common, '__connect.errors.topic': orders, '__connect.errors.offset': '3',
          '__connect.errors.exception.message': `Table "${orders}": Record ${orders}-0@3: pk.fields names "id", which is not a field of the key (fields: other)` },
      },
    ].sort((a, b) => (a.headers['__connect.errors.topic'] + a.headers['__connect.errors.offset'])
      .localeCompare(b.headers['__connect.errors.topic'] + b.headers['__connect.errors.offset']));
    expect(byOrigin.map(view)).toEqual(expected.map((e) => ({ ...e, stack: `ConnectException: ${e.headers['__connect.errors.exception.message']}` })));
    expect(dead).toHaveLength(3);

    // The task keeps running and the offsets move past the bad records.
    expect((await w.connectorStatus(name)).tasks).toMatchObject([{ id: 0, state: 'RUNNING' }]);
    const offsets = await waitFor('committed offsets', async () => {
      const o = await w.rest<{ offsets: { partition: { kafka_topic: string }; offset: { kafka_offset: number } }[] }>('GET', `/connectors/${name}/offsets`);
      return o.offsets.length === 2 ? o : undefined;
    });
    expect(offsets.offsets.map((o) => [o.partition.kafka_topic, o.offset.kafka_offset]).sort())
      .toEqual([[missing, 1], [orders, 5]].sort());
    await w.deleteConnector(name);
  }, 90_000);

  it('errors.tolerance=none: the task FAILS and its status trace names table, column and value; nothing of the batch is written', async () => {
    const orders = uniqueName('none_orders');
    const name = uniqueName('none-sink');
    await db.query(`CREATE TABLE "${orders}" (id int PRIMARY KEY, qty int NOT NULL, name text)`);
    await w.kafka.createTopic(orders);
    await w.kafka.produce(orders, [
      { key: key(1), value: value(1, '10', 'a') },
      { key: key(2), value: value(2, 'abc', 'b') },
      { key: key(3), value: value(3, '30', 'c') },
    ]);
    await w.createConnector(name, { ...sinkConfig(orders), 'errors.tolerance': 'none' });
    const task = await w.awaitTaskState(name, 'FAILED', { timeoutMs: 45_000 });
    expect(task.trace).toContain(
      `Table "${orders}", column "qty" rejected the value "abc" of record ${orders}-0@1: invalid input syntax for type integer: "abc" (22P02)`);
    expect((await w.connectorStatus(name)).connector.state).toBe('RUNNING');
    expect((await db.query(`SELECT count(*)::int AS n FROM "${orders}"`)).rows).toEqual([{ n: 0 }]);
    await w.deleteConnector(name);
  }, 90_000);
});
