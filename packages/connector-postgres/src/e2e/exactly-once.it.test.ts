import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortAbortedTransactionsInKafkajs } from '@tsconnect/runtime';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { admin as adminPg } from './e2e-harness.js';
import { bundleWorkerMain, spawnWorker, type ChildWorker } from './exactly-once-child.js';

// kafkajs 2.2.4 mis-filters aborted transactions unless patched (see the runtime's kafkajs-aborted-transactions.ts).
sortAbortedTransactionsInKafkajs();

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '../..');
const logDir = join(tmpdir(), uniqueName('pg-eos'));
const ROWS = 100_000;
const ROWS_PER_TXN = 10;

/**
 * KIP-618 end to end: a 100k-row load into PostgreSQL (10 rows per transaction) while the worker
 * process is killed with SIGKILL three times and restarted; a read_committed consumer must see
 * every row exactly once (count, id checksum, no duplicates). At-least-once delivery would
 * duplicate the records sent after the last offset flush before each kill.
 */
describe('connector-postgres exactly-once across kill -9', () => {
  const dbName = uniqueName('pgeos');
  const prefix = uniqueName('eos');
  const topic = `${prefix}.public.items`;
  const dbUrl = (() => { const u = new URL(testEnv('PG_URL')); u.pathname = `/${dbName}`; return u; })();
  let bundle = '';
  const children: ChildWorker[] = [];
  const ids = new Map<number, number>();
  let consumer: Consumer | null = null;

  beforeAll(async () => {
    mkdirSync(logDir, { recursive: true });
    await adminPg((c) => c.query(`CREATE DATABASE ${dbName}`));
    const c = new pg.Client({ connectionString: dbUrl.toString() });
    await c.connect();
    await c.query('CREATE TABLE items (id integer PRIMARY KEY, v text NOT NULL)');
    await c.end();
    const admin = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    bundle = await bundleWorkerMain(pkgDir, join(here, 'exactly-once-worker-main.ts'));
  });

  afterAll(async () => {
    for (const w of children) await w.kill9();
    await consumer?.disconnect();
    await adminPg(async (c) => {
      await waitFor('slot inactive', async () => {
        const r = await c.query<{ active: boolean }>('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [dbName]);
        return r.rows[0]?.active ? undefined : true;
      }).catch(() => undefined);
      await c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [dbName]);
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    });
  });

  it('every row exactly once after three kill -9 of the worker during the load', async () => {
    const kafka = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });
    consumer = kafka.consumer({ groupId: uniqueName('pg-eos-reader'), maxWaitTimeInMs: 100 }); // read_committed
    let records = 0;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        records++;
        const key = JSON.parse(message.key!.toString()) as { id: number };
        ids.set(key.id, (ids.get(key.id) ?? 0) + 1);
      },
    });

    const workerProps = {
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'), 'rest.port': '0', 'rest.host.name': '127.0.0.1',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter', 'key.converter.schemas.enable': 'false',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false',
      'offset.storage.file.filename': join(logDir, 'offsets.json'), 'log.level': 'info',
      'exactly.once.source.support': 'enabled', 'group.id': prefix,
      'offset.storage.topic': `${prefix}-offsets`, 'offset.storage.replication.factor': '1', 'offset.storage.partitions': '3',
    };
    const connector = {
      name: prefix, 'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', 'tasks.max': '1',
      'topic.prefix': prefix, 'database.hostname': dbUrl.hostname, 'database.port': dbUrl.port,
      'database.user': decodeURIComponent(dbUrl.username), 'database.password': decodeURIComponent(dbUrl.password),
      'database.dbname': dbName, 'plugin.name': 'pgoutput', 'slot.name': dbName, 'publication.name': `${dbName}_pub`,
      'table.include.list': 'public.items', 'slot.drop.on.stop': 'false', 'poll.interval.ms': '50',
      'exactly.once.support': 'required', 'transaction.boundary': 'poll',
    };
    const start = async (): Promise<ChildWorker> => {
      const w = await spawnWorker(bundle, [JSON.stringify(workerProps), JSON.stringify([connector])], pkgDir, join(logDir, 'worker.log'));
      children.push(w);
      return w;
    };

    let w = await start();
    // The slot exists once the task started: from then on every insert is captured.
    await waitFor('replication slot', async () => adminPg(async (c) =>
      ((await c.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [dbName])).rowCount ? true : undefined)), { timeoutMs: 60_000 });

    const writer = new pg.Client({ connectionString: dbUrl.toString() });
    await writer.connect();
    let inserted = 0;
    const load = (async () => {
      for (let from = 1; from <= ROWS; from += ROWS_PER_TXN) {
        await writer.query('INSERT INTO items SELECT g, $3 || g FROM generate_series($1::int, $2::int) g', [from, from + ROWS_PER_TXN - 1, 'v']);
        inserted = from + ROWS_PER_TXN - 1;
      }
    })();

    const kills: { inserted: number; seen: number }[] = [];
    for (let k = 0; k < 3; k++) {
      const target = ids.size + 8_000;
      await waitFor(`progress past ${target} rows`, () => (ids.size >= target ? true : undefined), { timeoutMs: 120_000 });
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300)));
      await w.kill9();
      kills.push({ inserted, seen: ids.size });
      w = await start();
    }
    await load;
    await writer.end();
    expect(kills.every((x) => x.seen < ROWS)).toBe(true); // every kill landed mid-load

    await waitFor(`${ROWS} distinct ids (have ${ids.size})`, () => (ids.size >= ROWS ? true : undefined), { timeoutMs: 180_000 });
    expect(await w.stop()).toBe(0);
    await new Promise((r) => setTimeout(r, 2000)); // a duplicate, if any, would have arrived by now

    const dups = [...ids].filter(([, n]) => n > 1).map(([id]) => id);
    expect(dups).toEqual([]);
    expect(ids.size).toBe(ROWS);
    expect(records).toBe(ROWS);
    let sum = 0;
    for (const id of ids.keys()) sum += id;
    expect(sum).toBe((ROWS * (ROWS + 1)) / 2);
    expect(Math.min(...ids.keys())).toBe(1);
    expect(Math.max(...ids.keys())).toBe(ROWS);
  }, 400_000);
});
