// The transactional outbox end to end: an order service writes each business change and its
// event in one transaction; our worker streams the outbox table with the Postgres connector and
// Debezium's EventRouter routes every event to outbox.event.<aggregatetype>, keyed by aggregate.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { withTestEnv } from '../shared/connector-config.mjs';
import { deleteConnector, registerConnector, runExample, waitUntil } from '../shared/demo-worker.mjs';
import { orderService, runScenario, setupSql } from './scenario.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const TOPIC = 'outbox.event.order';

/** Reads TOPIC from the start until every id in `ids` arrived (earlier runs' events are skipped). */
async function readEvents(env, ids) {
  const kafka = new kafkajs.Kafka({ brokers: [env.KAFKA_BOOTSTRAP], logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await waitUntil(`topic ${TOPIC}`, async () => ({ ok: (await admin.listTopics()).includes(TOPIC) }));
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `outbox-example-${Date.now()}` });
  const seen = new Map();
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const id = message.headers.id?.toString();
      if (ids.includes(id)) seen.set(id, message);
    },
  });
  try {
    await waitUntil(`${ids.length} events on ${TOPIC}`, async () => ({ ok: seen.size === ids.length, got: seen.size }));
  } finally {
    await consumer.disconnect();
  }
  return ids.map((id) => seen.get(id));
}

await runExample('outbox-example', async ({ worker, db, env }) => {
  for (const sql of setupSql) await db.query(sql);
  const connector = withTestEnv(JSON.parse(readFileSync(join(here, 'outbox-connector.json'), 'utf8')), env);
  await registerConnector(worker.rest, connector);
  console.log(`created orders + outbox, registered ${connector.name}`);

  const { events, duplicate } = await runScenario(orderService(db));
  console.log(`the service committed ${events.length} changes with their events; a duplicate order was rolled back (${duplicate})`);
  const messages = await readEvents(env, events.map((e) => e.id));
  console.log(`\n${TOPIC}:`);
  for (const m of messages) {
    console.log(`  key=${m.key} eventType=${m.headers.eventType} id=${m.headers.id}\n    ${m.value}`);
  }
  const orderRows = (await db.query('SELECT id, status FROM orders ORDER BY id')).rows;
  console.log(`\norders: ${orderRows.map((r) => `(${r.id}, ${r.status})`).join(' ')}`);
  await deleteConnector(worker.rest, connector.name);
  console.log('\nevery committed change has exactly its event; outbox example OK');
});
