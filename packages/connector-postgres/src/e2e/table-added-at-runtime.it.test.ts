import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { testEnv, uniqueName } from '@tsconnect/test-support';
import { exactJson, field, keySchema, schema } from './debezium-json.js';
import {
  connectorConfig, createDatabase, registerConnector, settle, startWorker, TopicReader, type TestDatabase,
} from './e2e-harness.js';

/**
 * publication.autocreate.mode=all_tables and a table.include.list regex: a table created after the
 * connector started, and matching the regex, is captured from its first insert on; one that does
 * not match is not (Debezium: a FOR ALL TABLES publication already covers new tables).
 */
describe('table created while the connector runs', () => {
  const prefix = uniqueName('newtable');
  const lateTopic = `${prefix}.public.late_orders`;
  const otherTopic = `${prefix}.public.other_things`;
  let db: TestDatabase;
  let worker: StandaloneWorker;
  let reader: TopicReader;

  beforeAll(async () => {
    db = await createDatabase('pgnewtable');
    await db.client.query('CREATE TABLE late_first (id integer PRIMARY KEY)'); // something to capture at start
    worker = await startWorker();
    reader = await TopicReader.start([lateTopic]);
    await registerConnector(worker, prefix, connectorConfig(db, prefix, {
      'publication.autocreate.mode': 'all_tables',
      'table.include.list': 'public\\.late_.*',
    }));
  });

  afterAll(async () => {
    await reader?.stop();
    await worker?.stop();
    await db?.drop([db.name]);
  });

  it('a matching table created after start: its inserts and updates arrive with the right schemas', async () => {
    await db.client.query('CREATE TABLE late_orders (id bigint PRIMARY KEY, item text NOT NULL)');
    await db.client.query(`INSERT INTO late_orders VALUES (1, 'apple'), (2, 'pear')`);
    await db.client.query(`UPDATE late_orders SET item = 'plum' WHERE id = 2`);
    const records = await reader.waitForCount(lateTopic, 3);
    const full = `${prefix}.public.late_orders`;
    const key = keySchema(full, [field('id', schema('int64'))]);
    expect(records.map((r) => exactJson(r.keyText!).value)).toEqual([1, 2, 2].map((id) => ({ schema: key, payload: { id } })));
    const payloads = records.map((r) => (exactJson(r.valueText!).value as { payload: Record<string, unknown> }).payload);
    expect(payloads.map((p) => [p['op'], p['after']])).toEqual([
      ['c', { id: 1, item: 'apple' }],
      ['c', { id: 2, item: 'pear' }],
      ['u', { id: 2, item: 'plum' }],
    ]);
    expect(payloads.map((p) => (p['source'] as { table: string }).table)).toEqual(['late_orders', 'late_orders', 'late_orders']);
    const valueSchema = (exactJson(records[0]!.valueText!).value as { schema: { name: string; fields: Array<{ field: string; fields?: unknown }> } }).schema;
    expect(valueSchema.name).toBe(`${full}.Envelope`);
    expect(valueSchema.fields[1]).toEqual({
      type: 'struct', fields: [field('id', schema('int64')), field('item', schema('string'))],
      optional: true, name: `${full}.Value`, field: 'after',
    });
  });

  it('a table that does not match table.include.list gets no topic', async () => {
    await db.client.query('CREATE TABLE other_things (id integer PRIMARY KEY)');
    await db.client.query('INSERT INTO other_things VALUES (1)');
    await db.client.query(`INSERT INTO late_orders VALUES (3, 'fig')`); // a marker after it
    await reader.waitForCount(lateTopic, 4);
    await settle(500);
    const kafka = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.listTopics()).not.toContain(otherTopic);
    } finally {
      await admin.disconnect();
    }
  });
});
