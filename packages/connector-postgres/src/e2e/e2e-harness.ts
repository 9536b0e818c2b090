import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import pg from 'pg';
import { tsconnectPlugins as json } from '@tsconnect/converter-json';
import { PluginRegistry, startStandaloneWorker, type StandaloneWorker } from '@tsconnect/runtime';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { tsconnectPlugins as transforms } from '@tsconnect/transforms';
// The connector from source (not dist), so a fix in src is what these tests exercise.
import { tsconnectPlugins as postgres } from '../plugin.js';

/**
 * End-to-end harness: a real standalone worker (REST, JsonConverter with schemas, file offsets),
 * a database of its own per test file, and a kafkajs consumer that reads topics from the beginning.
 */

/** A database created for one test file, so table names never collide with other files. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Connected to `name`. */
  readonly client: pg.Client;
  /** Drops the given slots (if inactive) and then the database. */
  drop(slots: readonly string[]): Promise<void>;
}

/** Runs `fn` on a fresh connection to test-env's database (CREATE/DROP DATABASE, slots). */
export async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: testEnv('PG_URL') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createDatabase(prefix: string): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(testEnv('PG_URL'));
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    name,
    url: url.toString(),
    client,
    async drop(slots) {
      await client.end().catch(() => undefined);
      await admin(async (c) => {
        // A logical slot pins its database: DROP DATABASE refuses while one exists. Wait for the
        // walsender of a just-stopped task to let go of it first.
        for (const slot of slots) {
          await waitFor(`slot ${slot} inactive`, async () => {
            const r = await c.query<{ active: boolean }>('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [slot]);
            return r.rows[0]?.active ? undefined : true;
          });
          await c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot]);
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

export function builtinPlugins(): PluginRegistry {
  return new PluginRegistry().register(...json, ...transforms, ...postgres);
}

/** A fresh offsets file path (keep it to restart a worker from the same offsets). */
export function newOffsetsFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'pg-e2e-')), 'offsets.json');
}

export async function startWorker(offsetsFile = newOffsetsFile()): Promise<StandaloneWorker> {
  return startStandaloneWorker({
    workerProps: {
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'),
      'rest.port': '0',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'offset.storage.file.filename': offsetsFile,
      'offset.flush.interval.ms': '500',
      'log.level': 'warn',
    },
    plugins: builtinPlugins(),
  });
}

/** Debezium connector config for `db`, slot and publication named after the database. */
export function connectorConfig(db: TestDatabase, topicPrefix: string, extra: Record<string, string> = {}): Record<string, string> {
  const url = new URL(db.url);
  return {
    'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
    'tasks.max': '1',
    'topic.prefix': topicPrefix,
    'database.hostname': url.hostname,
    'database.port': url.port,
    'database.user': decodeURIComponent(url.username),
    'database.password': decodeURIComponent(url.password),
    'database.dbname': db.name,
    'plugin.name': 'pgoutput',
    'slot.name': db.name,
    'publication.name': `${db.name}_pub`,
    'slot.drop.on.stop': 'true',
    'poll.interval.ms': '100',
    ...extra,
  };
}

/** POST /connectors and wait until task 0 is RUNNING (fails fast with the task's trace). */
export async function registerConnector(worker: StandaloneWorker, name: string, config: Record<string, string>): Promise<void> {
  const res = await fetch(`${worker.restUrl}/connectors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, config }),
  });
  if (res.status !== 201) throw new Error(`POST /connectors ${name}: ${res.status} ${await res.text()}`);
  await waitFor(`${name} task 0 RUNNING`, async () => {
    const r = await fetch(`${worker.restUrl}/connectors/${name}/tasks/0/status`);
    if (r.status !== 200) return undefined;
    const body = (await r.json()) as { state: string; trace?: string };
    if (body.state === 'FAILED') throw new Error(`${name} task 0 FAILED: ${body.trace}`);
    return body.state === 'RUNNING' ? true : undefined;
  }, { timeoutMs: 60_000 });
}

export async function taskState(worker: StandaloneWorker, name: string): Promise<{ state: string; trace?: string }> {
  return (await (await fetch(`${worker.restUrl}/connectors/${name}/tasks/0/status`)).json()) as { state: string; trace?: string };
}

/** One Kafka record as the JsonConverter wrote it: raw text plus parsed `{schema, payload}` (null = tombstone/null key). */
export interface JsonRecord {
  readonly topic: string;
  readonly offset: number;
  readonly keyText: string | null;
  readonly valueText: string | null;
  readonly key: Envelope<unknown> | null;
  readonly value: Envelope<unknown> | null;
  /** Header values as UTF-8 text (SimpleHeaderConverter writes strings as-is). */
  readonly headers: Record<string, string>;
}

export interface Envelope<P> {
  readonly schema: unknown;
  readonly payload: P;
}

/** Reads topics from the beginning into `records` (in partition order; every topic here has 1 partition). */
export class TopicReader {
  readonly records: JsonRecord[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(topics: readonly string[]): Promise<TopicReader> {
    const kafka = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });
    // Create the topics first: a subscription only sees topics that exist when it joins.
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    try {
      await kafkaAdmin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
    } finally {
      await kafkaAdmin.disconnect();
    }
    const consumer = kafka.consumer({ groupId: uniqueName('pg-e2e'), maxWaitTimeInMs: 100 });
    const reader = new TopicReader(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const keyText = message.key?.toString('utf8') ?? null;
        const valueText = message.value?.toString('utf8') ?? null;
        reader.records.push({
          topic, offset: Number(message.offset), keyText, valueText,
          key: keyText === null ? null : (JSON.parse(keyText) as Envelope<unknown>),
          value: valueText === null ? null : (JSON.parse(valueText) as Envelope<unknown>),
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        });
      },
    });
    return reader;
  }

  on(topic: string): JsonRecord[] {
    return this.records.filter((r) => r.topic === topic);
  }

  /** Waits until `topic` holds at least `count` records, returns the first `count`. */
  async waitForCount(topic: string, count: number, timeoutMs = 60_000): Promise<JsonRecord[]> {
    return waitFor(`${count} records on ${topic} (have ${this.on(topic).length})`,
      () => (this.on(topic).length >= count ? this.on(topic).slice(0, count) : undefined), { timeoutMs });
  }

  /** Waits until `done(records on topic)` holds. */
  async waitUntil(topic: string, what: string, done: (records: JsonRecord[]) => boolean, timeoutMs = 60_000): Promise<JsonRecord[]> {
    return waitFor(what, () => (done(this.on(topic)) ? this.on(topic) : undefined), { timeoutMs });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** Anything beyond the expected records would be a duplicate: give it time to show up. */
export const settle = (ms = 1500): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The connector's version string, as in `source.version`. */
export { CONNECTOR_VERSION } from '../version.js';
