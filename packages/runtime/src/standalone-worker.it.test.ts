import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { PluginRegistry } from './plugins/plugin-registry.js';
import { startStandaloneWorker, type StandaloneWorker } from './start-standalone-worker.js';
import { observed, testPlugins } from './test-support/test-plugins.js';

const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'silent' });
const running: StandaloneWorker[] = [];
afterEach(async () => {
  for (const w of running.splice(0)) await w.stop();
});

async function start(offsetFile: string, connectorConfigs: Record<string, string>[], extra: Record<string, string> = {}) {
  const w = await startStandaloneWorker({
    workerProps: {
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'),
      'key.converter': 'StringConverter',
      'value.converter': 'test.StringConverter',
      'rest.port': '0',
      'rest.host.name': '127.0.0.1',
      'offset.storage.file.filename': offsetFile,
      'offset.flush.interval.ms': '100',
      ...extra,
    },
    plugins: new PluginRegistry().register(...testPlugins),
    connectorConfigs,
    logger,
  });
  running.push(w);
  return w;
}

async function readTopic(topic: string, expected: number): Promise<{ key: string; value: string; headers: Record<string, string> }[]> {
  const kafka = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  const out: { key: string; value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      out.push({
        key: message.key!.toString(), value: message.value!.toString(),
        headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
      });
    },
  });
  await waitFor(`${expected} messages on ${topic}`, () => (out.length >= expected ? true : undefined), { timeoutMs: 30_000 });
  await consumer.disconnect();
  return out;
}

describe('standalone worker against real Kafka', () => {
  it('moves records source → Kafka → sink, stores offsets after acks and resumes after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsconnect-rt-'));
    const offsetFile = join(dir, 'offsets.json');
    const topic = uniqueName('flow');
    const source = uniqueName('src');
    const sink = uniqueName('snk');
    const w1 = await start(offsetFile, [
      { name: source, 'connector.class': 'CountingSource', topic, 'count.max': '7', 'batch.size': '3' },
      { name: sink, 'connector.class': 'test.CollectingSinkConnector', topics: topic },
    ]);
    await waitFor('7 records in the sink', () => ((observed.sinkRecords.get(sink)?.length ?? 0) >= 7 ? true : undefined));
    const got = observed.sinkRecords.get(sink)!;
    expect(got.map((r) => r.value)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(got.map((r) => r.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
    expect(got.map((r) => r.kafkaOffset)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(got[3]!.headers).toEqual([{ key: 'n', schema: null, value: '3' }]);
    expect(got.every((r) => r.topic === topic && r.kafkaPartition === 0 && r.timestampType === 'CreateTime')).toBe(true);
    expect(observed.opened.get(sink)).toEqual([[{ topic, partition: 0 }]]);
    // commitRecord got the real Kafka offsets, in order
    expect(observed.committedRecords.get(source)).toEqual(
      ['0', '1', '2', '3', '4', '5', '6'].map((v) => ({ value: v, offset: v })));
    await waitFor('offset file with position 6', async () => {
      const text = await readFile(offsetFile, 'utf8').catch(() => '');
      return text.includes('"{\\"position\\":6}"') ? true : undefined;
    });
    expect(observed.commits.get(source)).toBeGreaterThanOrEqual(1);
    const file = JSON.parse(await readFile(offsetFile, 'utf8')) as { format: string; offsets: Record<string, string> };
    expect(file).toEqual({ format: 'tsconnect-offsets-v1', offsets: { [JSON.stringify([source, { source: 'counter' }])]: '{"position":6}' } });
    expect((await w1.herder.connectorStatus(source)).tasks).toEqual([{ id: 0, state: 'RUNNING', worker_id: w1.workerId }]);
    expect(await w1.herder.connectorActiveTopics(source)).toEqual({ topics: [topic] });
    expect(await w1.herder.connectorActiveTopics(sink)).toEqual({ topics: [topic] });
    await w1.stop();
    running.splice(0);

    // Restart with a higher count: the source resumes at 7, the sink's group resumes after offset 6.
    const w2 = await start(offsetFile, [
      { name: source, 'connector.class': 'CountingSource', topic, 'count.max': '10', 'batch.size': '3' },
      { name: sink, 'connector.class': 'test.CollectingSinkConnector', topics: topic },
    ]);
    await waitFor('10 records in the sink', () => ((observed.sinkRecords.get(sink)?.length ?? 0) >= 10 ? true : undefined));
    expect(observed.sinkRecords.get(sink)!.map((r) => r.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const all = await readTopic(topic, 10);
    expect(all.map((m) => m.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(all[9]).toEqual({ key: 'k9', value: '9', headers: { n: '9' } });
    await w2.stop();
    running.splice(0);
    const after = JSON.parse(await readFile(offsetFile, 'utf8')) as { offsets: Record<string, string> };
    expect(after.offsets[JSON.stringify([source, { source: 'counter' }])]).toBe('{"position":9}');
  });
});
