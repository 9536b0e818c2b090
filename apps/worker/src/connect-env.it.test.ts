import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) {
    if (c.exitCode !== null) continue;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

/**
 * The seed's `docker run -e CONNECT_…` worker: the same variables (topic names and group made
 * unique, the host's Kafka and a free port), no properties file, and nothing else.
 */
describe('tsconnect distributed with only the Confluent-image CONNECT_* variables', () => {
  it('starts, answers / and /cluster/status, and runs a connector', async () => {
    const id = uniqueName('connect-env');
    const port = await freePort();
    const topics = { config: `${id}-connect-configs`, offset: `${id}-connect-offsets`, status: `${id}-connect-status` };
    // On a cluster of fewer than 3 brokers Kafka Connect cannot create its topics with the
    // default replication factor 3 (nor can we): there, as in the seed, they already exist.
    const kafka = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] })),
    });
    await admin.disconnect();

    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      CONNECT_BOOTSTRAP_SERVERS: testEnv('KAFKA_BOOTSTRAP'),
      CONNECT_REST_PORT: String(port),
      CONNECT_REST_ADVERTISED_HOST_NAME: '127.0.0.1',
      CONNECT_GROUP_ID: id,
      CONNECT_CONFIG_STORAGE_TOPIC: topics.config,
      CONNECT_OFFSET_STORAGE_TOPIC: topics.offset,
      CONNECT_STATUS_STORAGE_TOPIC: topics.status,
      CONNECT_PLUGIN_PATH: '/usr/share/java',
      CONNECT_KEY_CONVERTER: 'org.apache.kafka.connect.json.JsonConverter',
      CONNECT_VALUE_CONVERTER: 'org.apache.kafka.connect.json.JsonConverter',
      CONNECT_KEY_CONVERTER_SCHEMAS_ENABLE: 'true',
      CONNECT_VALUE_CONVERTER_SCHEMAS_ENABLE: 'true',
    };
    const child = spawn(process.execPath, [cli, 'distributed'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    const base = `http://127.0.0.1:${port}`;
    const get = async (path: string) => {
      if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}: ${output}`);
      const res = await fetch(base + path);
      return { status: res.status, body: await res.json() as Record<string, unknown> };
    };

    const root = await waitFor('GET /', () => get('/'), { timeoutMs: 60_000 });
    expect(root.status).toBe(200);
    expect(Object.keys(root.body).sort()).toEqual(['commit', 'kafka_cluster_id', 'version']);
    expect(typeof root.body['kafka_cluster_id']).toBe('string');
    // /usr/share/java (Java jars) is skipped with a warning, not a startup failure.
    expect(output).toContain('plugin.path entry /usr/share/java');

    const cluster = await waitFor('this worker in /cluster/status', async () => {
      const r = await get('/cluster/status');
      return JSON.stringify(r.body).includes(`127.0.0.1:${port}`) ? r : undefined;
    }, { timeoutMs: 30_000 });
    expect(cluster.status).toBe(200);

    const dir = mkdtempSync(join(tmpdir(), 'connect-env-'));
    writeFileSync(join(dir, 'in.txt'), 'hello\nworld\n');
    const created = await waitFor('POST /connectors (not 409 while the group forms)', async () => {
      const res = await fetch(`${base}/connectors`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `${id}-file`, config: { 'connector.class': 'FileStreamSource', file: join(dir, 'in.txt'), topic: `${id}-lines` } }),
      });
      return res.status === 409 ? undefined : { status: res.status, body: await res.json() as Record<string, unknown> };
    }, { timeoutMs: 30_000 });
    expect(created.status).toBe(201);
    expect(created.body['name']).toBe(`${id}-file`);
    const status = await waitFor('connector and task RUNNING', async () => {
      const r = await get(`/connectors/${id}-file/status`);
      const tasks = r.body['tasks'] as { state: string; worker_id: string }[] | undefined;
      return (r.body['connector'] as { state?: string } | undefined)?.state === 'RUNNING' && tasks?.[0]?.state === 'RUNNING' ? r.body : undefined;
    }, { timeoutMs: 30_000 });
    expect(status).toEqual({
      name: `${id}-file`, type: 'source',
      connector: { state: 'RUNNING', worker_id: `127.0.0.1:${port}` },
      tasks: [{ id: 0, state: 'RUNNING', worker_id: `127.0.0.1:${port}` }],
    });

    // JsonConverter with schemas.enable=true, as the env asked: the envelope with the schema.
    const consumer = kafka.consumer({ groupId: `${id}-reader`, maxWaitTimeInMs: 200 });
    const values: string[] = [];
    await consumer.connect();
    await waitFor('the lines topic', () => consumer.subscribe({ topics: [`${id}-lines`], fromBeginning: true }).then(() => true));
    await consumer.run({ eachMessage: async ({ message }) => { values.push(message.value!.toString()); } });
    await waitFor('2 records', () => (values.length >= 2 ? true : undefined));
    await consumer.disconnect();
    expect(values).toEqual([
      '{"schema":{"type":"string","optional":false},"payload":"hello"}',
      '{"schema":{"type":"string","optional":false},"payload":"world"}',
    ]);
  });
});
