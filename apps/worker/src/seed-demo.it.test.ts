import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import { readTables, setupSql, steps, tablesEqual, withTestEnv, type ConnectorJson, type Row } from '../../../examples/seed-demo/scenario.mjs';
import { openExample, type ExampleFixture } from './test-support/example-fixture.js';
import { consumeAll } from './test-support/kafka-topic.js';
import { registerConnector } from './test-support/register-connector.js';

const demoDir = new URL('../../../examples/seed-demo/', import.meta.url);
const readConnector = (file: string) => JSON.parse(readFileSync(new URL(file, demoDir), 'utf8')) as ConnectorJson;

/** The rows each seed step must leave in both tables. */
const expectedRows: Row[][] = [
  [{ id: 1, name: 'Alice' }, { id: 2, name: 'Bob' }],
  [{ id: 1, name: 'MODED' }, { id: 2, name: 'Bob' }],
  [{ id: 2, name: 'Bob' }],
  [],
];

describe('the seed demo: test_table → Kafka → target_table', () => {
  const prefix = uniqueName('dbserver');
  const topic = `${prefix}.public.test_table`;
  let fx: ExampleFixture;
  let database: string;
  let pgUrl: string;
  let db: pg.Client;
  let worker: StandaloneWorker;

  beforeAll(async () => {
    fx = await openExample('seed', setupSql);
    ({ db, worker } = fx);
    ({ name: database, url: pgUrl } = fx.database);
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('registers both seed connectors over REST and their tasks run', async () => {
    const source = withTestEnv(readConnector('postgres-connector.json'), { PG_URL: pgUrl });
    Object.assign(source.config, { 'topic.prefix': prefix, 'slot.name': database, 'publication.name': `${database}_pub` });
    const sink = withTestEnv(readConnector('jdbc-sink-connector.json'), { PG_URL: pgUrl });
    sink.config['topics'] = topic;

    for (const connector of [source, sink]) {
      const status = await registerConnector(worker.restUrl, connector);
      expect(status).toEqual({ id: 0, state: 'RUNNING', worker_id: worker.workerId });
    }
  });

  it('keeps target_table equal to test_table after every seed step', async () => {
    for (const [i, step] of steps.entries()) {
      for (const sql of step.sql) await db.query(sql);
      const tables = await waitFor(`target_table = test_table after "${step.title}"`, async () => {
        const t = await readTables(db);
        return tablesEqual(t) && JSON.stringify(t.test_table) === JSON.stringify(expectedRows[i]) ? t : undefined;
      });
      expect(tables.target_table).toEqual(expectedRows[i]);
    }
  });

  it('the topic holds exactly c, c, u, d + tombstone, d + tombstone in the JsonConverter format', async () => {
    const messages = await consumeAll(topic, 7);
    const events = messages.map((m) => ({
      key: JSON.parse(m.key!.toString()).payload as { id: number },
      value: m.value ? (JSON.parse(m.value.toString()) as { schema: { name: string }; payload: Envelope }) : null,
    }));
    const summary = events.map(({ key, value }) =>
      value === null
        ? { key: key.id, tombstone: true }
        : { key: key.id, op: value.payload.op, before: value.payload.before, after: value.payload.after },
    );
    expect(summary).toEqual([
      { key: 1, op: 'c', before: null, after: { id: 1, name: 'Alice' } },
      { key: 2, op: 'c', before: null, after: { id: 2, name: 'Bob' } },
      { key: 1, op: 'u', before: null, after: { id: 1, name: 'MODED' } },
      // REPLICA IDENTITY DEFAULT: PostgreSQL sends only the key; Debezium fills the other
      // NOT NULL columns with their type's fallback ('' for strings).
      { key: 1, op: 'd', before: { id: 1, name: '' }, after: null },
      { key: 1, tombstone: true },
      { key: 2, op: 'd', before: { id: 2, name: '' }, after: null },
      { key: 2, tombstone: true },
    ]);
    const first = events[0]!.value!;
    expect(first.schema.name).toBe(`${prefix}.public.test_table.Envelope`);
    expect(first.payload.source).toMatchObject({ connector: 'postgresql', name: prefix, db: database, schema: 'public', table: 'test_table', snapshot: 'false' });
  });

  it('DELETE /connectors removes both connectors', async () => {
    for (const name of ['postgres-source-connector', 'jdbc-sink-connector']) {
      expect((await fetch(`${worker.restUrl}/connectors/${name}`, { method: 'DELETE' })).status).toBe(204);
    }
    expect(await (await fetch(`${worker.restUrl}/connectors`)).json()).toEqual([]);
  });
});

interface Envelope {
  op: string;
  before: Row | null;
  after: Row | null;
  source: Record<string, unknown>;
}
