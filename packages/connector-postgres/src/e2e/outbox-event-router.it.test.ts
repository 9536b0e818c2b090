import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { uniqueName } from '@tsconnect/test-support';
import { schema } from './debezium-json.js';
import {
  connectorConfig, createDatabase, registerConnector, settle, startWorker, TopicReader, type TestDatabase,
} from './e2e-harness.js';

/**
 * The outbox pattern with Debezium's EventRouter on the connector, defaults only. As documented
 * (documentation/modules/ROOT/pages/transformations/outbox-event-router.adoc in github:debezium/debezium):
 * topic `outbox.event.<aggregatetype>` (route.by.field + route.topic.replacement), key = `aggregateid`,
 * value = `payload` with its own schema (a jsonb column is an io.debezium.data.Json string unless
 * table.expand.json.payload), header `id` = the event id; deletes and updates of outbox rows are not
 * routed (table.op.invalid.behavior=warn drops updates).
 */
describe('outbox table → EventRouter → outbox.event.<aggregatetype>', () => {
  const prefix = uniqueName('outbox');
  // aggregatetype values unique per run: the outbox.event.* topics live on a shared broker.
  const orderType = uniqueName('order');
  const customerType = uniqueName('customer');
  const orderTopic = `outbox.event.${orderType}`;
  const customerTopic = `outbox.event.${customerType}`;
  let db: TestDatabase;
  let worker: StandaloneWorker;
  let reader: TopicReader;

  beforeAll(async () => {
    db = await createDatabase('pgoutbox');
    await db.client.query(`CREATE TABLE outbox (
      id uuid PRIMARY KEY, aggregatetype varchar(255) NOT NULL, aggregateid varchar(255) NOT NULL,
      type varchar(255) NOT NULL, payload jsonb)`);
    worker = await startWorker();
    reader = await TopicReader.start([orderTopic, customerTopic]);
    await registerConnector(worker, prefix, connectorConfig(db, prefix, {
      'table.include.list': 'public.outbox',
      'tombstones.on.delete': 'false', // as the outbox docs recommend
      transforms: 'outbox',
      'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
    }));
  });

  afterAll(async () => {
    await reader?.stop();
    await worker?.stop();
    await db?.drop([db.name]);
  });

  const jsonbText = async (json: string): Promise<string> =>
    (await db.client.query<{ t: string }>('SELECT $1::jsonb::text AS t', [json])).rows[0]!.t;

  it('routes each event by aggregatetype, key = aggregateid, value = payload, header id', async () => {
    const events = [
      { id: randomUUID(), type: orderType, key: 'order-1', eventType: 'OrderCreated', payload: '{"orderId": 1, "total": 9.5}' },
      { id: randomUUID(), type: customerType, key: 'customer-7', eventType: 'CustomerRenamed', payload: '{"name": "Zoë"}' },
      { id: randomUUID(), type: orderType, key: 'order-2', eventType: 'OrderCreated', payload: '{"orderId": 2, "lines": []}' },
    ];
    for (const e of events) {
      // The usual outbox write: insert and delete in the business transaction; only the insert is routed.
      await db.client.query('BEGIN');
      await db.client.query('INSERT INTO outbox VALUES ($1, $2, $3, $4, $5)', [e.id, e.type, e.key, e.eventType, e.payload]);
      if (e.key === 'order-2') await db.client.query('DELETE FROM outbox WHERE id = $1', [e.id]);
      await db.client.query('COMMIT');
    }
    // An update of an outbox row is not an event.
    await db.client.query(`UPDATE outbox SET payload = '{"changed": true}' WHERE id = $1`, [events[0]!.id]);
    const marker = { id: randomUUID(), key: 'order-3', payload: '{"orderId": 3}' };
    await db.client.query('INSERT INTO outbox VALUES ($1, $2, $3, $4, $5)', [marker.id, orderType, marker.key, 'OrderCreated', marker.payload]);

    await reader.waitForCount(orderTopic, 3);
    await reader.waitForCount(customerTopic, 1);
    await settle();

    const keySchema = schema('string'); // aggregateid varchar NOT NULL
    const payloadSchema = schema('string', { optional: true, name: 'io.debezium.data.Json', version: 1 });
    const expected = async (e: { id: string; key: string; payload: string }) => ({
      key: JSON.stringify({ schema: keySchema, payload: e.key }),
      value: JSON.stringify({ schema: payloadSchema, payload: await jsonbText(e.payload) }),
      headers: { id: e.id },
    });
    const actual = (topic: string) => reader.on(topic).map((r) => ({ key: r.keyText, value: r.valueText, headers: r.headers }));
    expect(actual(orderTopic)).toEqual([await expected(events[0]!), await expected(events[2]!), await expected(marker)]);
    expect(actual(customerTopic)).toEqual([await expected(events[1]!)]);
  });
});
