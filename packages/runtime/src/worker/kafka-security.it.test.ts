import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import { startDistributedWorker, type DistributedWorker } from '../start-distributed-worker.js';
import { startStandaloneWorker, type StandaloneWorker } from '../start-standalone-worker.js';
import { observed, testPlugins } from '../test-support/test-plugins.js';
import { consumeAll } from '../test-support/worker-harness.js';

// Needs `bash test-env/start.sh kafka-sasl` (SASL_PLAINTEXT listener, SCRAM-SHA-512).
const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'silent' });
const jaas = (password: string) =>
  `org.apache.kafka.common.security.scram.ScramLoginModule required username="${testEnv('KAFKA_SASL_USER')}" password="${password}";`;
/** Java-style worker security keys, as a Kafka Connect worker.properties would have them. */
const sasl = (password: string): Record<string, string> => ({
  'bootstrap.servers': testEnv('KAFKA_SASL_BOOTSTRAP'),
  'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'SCRAM-SHA-512', 'sasl.jaas.config': jaas(password),
});
const saslKafka = () => new Kafka({
  brokers: [testEnv('KAFKA_SASL_BOOTSTRAP')], logLevel: logLevel.NOTHING,
  sasl: { mechanism: 'scram-sha-512', username: testEnv('KAFKA_SASL_USER'), password: testEnv('KAFKA_SASL_PASSWORD') },
});
const AUTH_FAILED = /^(SaslAuthenticationException: )?Kafka authentication failed with SASL mechanism SCRAM-SHA-512 for user "tsconnect" \(security\.protocol=SASL_PLAINTEXT, bootstrap\.servers=127\.0\.0\.1:\d+\): SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512/;

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const w of running.splice(0)) await w.stop();
});

async function standalone(props: Record<string, string>): Promise<StandaloneWorker> {
  const w = await startStandaloneWorker({
    workerProps: {
      'key.converter': 'test.StringConverter', 'value.converter': 'test.StringConverter', 'rest.port': '0', 'rest.host.name': '127.0.0.1',
      'offset.storage.file.filename': join(await mkdtemp(join(tmpdir(), 'tsc-sasl-')), 'offsets.json'), 'offset.flush.interval.ms': '100',
      ...props,
    },
    plugins: new PluginRegistry().register(...testPlugins), logger,
  });
  running.push(w);
  return w;
}

describe('Kafka client security (SASL_PLAINTEXT + SCRAM-SHA-512 on test-env kafka-sasl)', () => {
  it('a standalone worker runs a source and a sink connector through the SASL listener', async () => {
    const topic = uniqueName('sasl');
    // Java users repeat the keys under producer./consumer.: both spellings must work.
    const w = await standalone({ ...sasl(testEnv('KAFKA_SASL_PASSWORD')), 'consumer.sasl.jaas.config': jaas(testEnv('KAFKA_SASL_PASSWORD')) });
    await w.herder.putConnectorConfig('sasl-src', { name: 'sasl-src', 'connector.class': 'test.CountingSourceConnector', topic, 'count.max': '5' }, false);
    await w.herder.putConnectorConfig('sasl-sink', { name: 'sasl-sink', 'connector.class': 'test.CollectingSinkConnector', topics: topic }, false);
    const values = await waitFor('5 records in the sink', () => {
      const got = (observed.sinkRecords.get('sasl-sink') ?? []).map((r) => String(r.value));
      return got.length >= 5 ? got : undefined;
    });
    expect(values).toEqual(['0', '1', '2', '3', '4']);
    expect((await consumeAll(saslKafka(), topic, 5)).map((m) => m.value)).toEqual(values);
  });

  it('a distributed worker keeps its internal topics on the SASL broker; a wrong password is refused at startup', async () => {
    const id = uniqueName('sasl-dist');
    const props = {
      ...sasl(testEnv('KAFKA_SASL_PASSWORD')), 'group.id': id, 'key.converter': 'test.StringConverter', 'value.converter': 'test.StringConverter',
      'config.storage.topic': `${id}-configs`, 'offset.storage.topic': `${id}-offsets`, 'status.storage.topic': `${id}-status`,
      'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
      'offset.storage.partitions': '1', 'status.storage.partitions': '1', 'rest.port': '0', 'rest.host.name': '127.0.0.1',
    };
    const plugins = () => new PluginRegistry().register(...testPlugins);
    await expect(startDistributedWorker({ workerProps: { ...props, ...sasl('wrong-password') }, plugins: plugins(), logger })).rejects.toThrow(AUTH_FAILED);

    const w: DistributedWorker = await startDistributedWorker({ workerProps: props, plugins: plugins(), logger });
    running.push(w);
    const topic = `${id}-data`;
    // 409 until the worker's first assignment is in (the group is rebalancing).
    const status = await waitFor('the connector created', async () => {
      const res = await fetch(`${w.restUrl}/connectors`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `${id}-src`, config: { 'connector.class': 'test.CountingSourceConnector', topic, 'count.max': '3' } }),
      });
      return res.status === 409 ? undefined : res.status;
    });
    expect(status).toBe(201);
    // The topic appears when the task first sends: subscribing before that fails, so retry.
    const read = await waitFor(`3 records in ${topic}`, () => consumeAll(saslKafka(), topic, 3));
    expect(read.map((m) => m.value)).toEqual(['0', '1', '2']);
    const admin = saslKafka().admin();
    await admin.connect();
    const topics = await admin.listTopics();
    await admin.disconnect();
    expect(topics.filter((t) => t.startsWith(id)).sort()).toEqual([`${id}-configs`, `${id}-data`, `${id}-offsets`, `${id}-status`]);
  });

  it('per-connector producer.override.* credentials apply to that connector only; the policy can forbid them', async () => {
    const w = await standalone(sasl(testEnv('KAFKA_SASL_PASSWORD')));
    await w.herder.putConnectorConfig('sasl-bad', {
      name: 'sasl-bad', 'connector.class': 'test.CountingSourceConnector', topic: uniqueName('sasl-bad'),
      'producer.override.sasl.jaas.config': jaas('wrong-password'),
    }, false);
    const status = await waitFor('task FAILED', async () => {
      const s = await w.herder.connectorStatus('sasl-bad');
      return s.tasks[0]?.state === 'FAILED' ? s.tasks[0] : undefined;
    });
    expect(status.trace).toMatch(AUTH_FAILED);

    const strict = await standalone({ ...sasl(testEnv('KAFKA_SASL_PASSWORD')), 'connector.client.config.override.policy': 'Principal' });
    const infos = await strict.herder.validateConnectorConfig({
      name: 'x', 'connector.class': 'test.CountingSourceConnector', topic: 't',
      'producer.override.sasl.jaas.config': jaas('other'), 'producer.override.acks': '1',
    });
    const byName = new Map(infos.configs.map((c) => [c.value.name, c.value]));
    expect(infos.error_count).toBe(1);
    expect(byName.get('producer.override.sasl.jaas.config')).toEqual({
      name: 'producer.override.sasl.jaas.config', value: '[hidden]', recommended_values: [], errors: [], visible: true,
    });
    expect(byName.get('producer.override.acks')!.errors).toEqual([
      "The 'Principal' policy does not allow 'acks' to be overridden in the connector configuration.",
    ]);
  });
});
