import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '@tsconnect/test-support';
import { withTestEnv, type ConnectorJson } from '../../../examples/seed-demo/scenario.mjs';
import { orderService, runScenario, setupSql } from '../../../examples/outbox/scenario.mjs';
import { openExample, type ExampleFixture } from './test-support/example-fixture.js';
import { consumeAll } from './test-support/kafka-topic.js';
import { registerConnector } from './test-support/register-connector.js';

const connectorJson = JSON.parse(readFileSync(new URL('../../../examples/outbox/outbox-connector.json', import.meta.url), 'utf8')) as ConnectorJson;

describe('examples/outbox: business row + outbox row in one transaction → EventRouter → outbox.event.<type>', () => {
  // A fresh aggregate type per run, so the routed topic is this run's alone.
  const aggregateType = uniqueName('order');
  const topic = `outbox.event.${aggregateType}`;
  let fx: ExampleFixture;

  beforeAll(async () => {
    fx = await openExample('outbox', setupSql);
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('publishes exactly one event per committed change, keyed by aggregate id, with the event id and type as headers', async () => {
    const connector = withTestEnv(connectorJson, { PG_URL: fx.database.url });
    Object.assign(connector.config, { 'slot.name': fx.database.name, 'publication.name': `${fx.database.name}_pub` });
    await registerConnector(fx.worker.restUrl, connector);

    const { events, duplicate } = await runScenario(orderService(fx.db, aggregateType));
    expect(duplicate).toBe('duplicate key value violates unique constraint "orders_pkey"');
    expect(events.map((e) => [e.aggregateId, e.type])).toEqual([['1001', 'OrderPlaced'], ['1002', 'OrderPlaced'], ['1001', 'OrderCancelled']]);

    // The value is the payload column exactly as PostgreSQL prints jsonb (StringConverter).
    const payloadText = new Map((await fx.db.query<{ id: string; p: string }>('SELECT id::text, payload::text AS p FROM outbox')).rows.map((r) => [r.id, r.p]));
    expect(payloadText.size).toBe(3); // the rolled-back order left no outbox row
    const messages = await consumeAll(topic, 3);
    expect(messages.map((m) => ({
      key: m.key?.toString(),
      value: m.value?.toString(),
      headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, v?.toString()])),
    }))).toEqual(events.map((e) => ({
      key: e.aggregateId,
      value: payloadText.get(e.id),
      headers: { id: e.id, eventType: e.type },
    })));
    expect(JSON.parse(messages[2]!.value!.toString())).toEqual({ id: 1001, reason: 'customer changed their mind' });
  });
});
