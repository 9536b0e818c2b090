import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { KafkaConfigBackingStore } from './kafka-config-backing-store.js';
import { KafkaOffsetBackingStore } from './kafka-offset-backing-store.js';
import { KafkaStatusBackingStore } from './kafka-status-backing-store.js';
import { offsetKey } from './offset-backing-store.js';

const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'silent' });
const kafka = () => new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });

/** Every record of `topic` in partition order, read with a plain kafkajs consumer. */
async function rawRecords(topic: string, expected: number): Promise<{ key: string; value: string | null }[]> {
  const consumer = kafka().consumer({ groupId: uniqueName('raw') });
  const out: { key: string; value: string | null; partition: number; offset: number }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message, partition }) => {
    out.push({ key: message.key!.toString(), value: message.value?.toString() ?? null, partition, offset: Number(message.offset) });
  } });
  await waitFor(`${expected} records in ${topic}`, () => (out.length >= expected ? true : undefined));
  await consumer.disconnect();
  return out.sort((a, b) => a.partition - b.partition || a.offset - b.offset).map(({ key, value }) => ({ key, value }));
}

async function topicConfig(topic: string): Promise<{ partitions: number; cleanupPolicy: string | undefined }> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const cfg = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: topic, configNames: ['cleanup.policy'] }] });
    return { partitions: meta.topics[0]!.partitions.length, cleanupPolicy: cfg.resources[0]!.configEntries[0]?.configValue };
  } finally {
    await admin.disconnect();
  }
}

describe('Kafka-backed stores against real Kafka', () => {
  it('config store: Kafka Connect keys and JSON values, read back by a second store', async () => {
    const topic = uniqueName('cfg');
    const a = new KafkaConfigBackingStore(kafka(), { topic, replicationFactor: 1 }, logger);
    await a.start();
    await a.putConnectorConfig('c-1', { name: 'c-1', 'connector.class': 'X' });
    await a.putTaskConfigs('c-1', [{ t: '0' }, { t: '1' }]);
    await a.putTargetState('c-1', 'PAUSED');
    await a.putTargetState('c-1', 'STOPPED');
    await a.putConnectorConfig('gone', { name: 'gone' }, 'PAUSED');
    await a.removeConnectorConfig('gone');
    expect(await topicConfig(topic)).toEqual({ partitions: 1, cleanupPolicy: 'compact' });
    expect(await rawRecords(topic, 10)).toEqual([
      { key: 'connector-c-1', value: '{"properties":{"name":"c-1","connector.class":"X"}}' },
      { key: 'task-c-1-0', value: '{"properties":{"t":"0"}}' },
      { key: 'task-c-1-1', value: '{"properties":{"t":"1"}}' },
      { key: 'commit-c-1', value: '{"tasks":2}' },
      { key: 'target-state-c-1', value: '{"state":"PAUSED","state.v2":"PAUSED"}' },
      { key: 'target-state-c-1', value: '{"state":"PAUSED","state.v2":"STOPPED"}' },
      { key: 'target-state-gone', value: '{"state":"PAUSED","state.v2":"PAUSED"}' },
      { key: 'connector-gone', value: '{"properties":{"name":"gone"}}' },
      { key: 'connector-gone', value: null },
      { key: 'target-state-gone', value: null },
    ]);
    const b = new KafkaConfigBackingStore(kafka(), { topic, replicationFactor: 1 }, logger);
    await b.start();
    expect(b.connectors()).toEqual(['c-1']);
    expect(b.connectorConfig('c-1')).toEqual({ name: 'c-1', 'connector.class': 'X' });
    expect(b.taskConfigs('c-1')).toEqual([{ t: '0' }, { t: '1' }]);
    expect(b.targetState('c-1')).toBe('STOPPED');
    expect(b.contains('gone')).toBe(false);
    // a follower sees later writes of another store
    const updates: string[] = [];
    b.listener = {
      onConnectorConfigUpdate: (c) => updates.push(`config ${c}`), onConnectorConfigRemove: (c) => updates.push(`remove ${c}`),
      onTaskConfigUpdate: (c) => updates.push(`tasks ${c}`), onConnectorTargetStateChange: (c) => updates.push(`target ${c}`),
      onRestartRequest: (r) => updates.push(`restart ${JSON.stringify(r)}`), onAssignment: (g, v) => updates.push(`assignment ${g} ${v}`),
    };
    await a.putTaskConfigs('c-1', [{ t: 'x' }]);
    await a.putTargetState('c-1', 'STARTED');
    await a.putRestartRequest({ connector: 'c-1', includeTasks: true, onlyFailed: false });
    await a.putAssignment(3, '{"v":1}');
    await waitFor('updates on the follower', () => (updates.length >= 4 ? true : undefined));
    expect(updates).toEqual(['tasks c-1', 'target c-1', 'restart {"connector":"c-1","includeTasks":true,"onlyFailed":false}', 'assignment 3 {"v":1}']);
    expect(b.taskConfigs('c-1')).toEqual([{ t: 'x' }]);
    await a.stop();
    await b.stop();
  });

  it('offset store: ["<connector>",{partition}] keys, tombstones, visible to another worker', async () => {
    const topic = uniqueName('off');
    const a = new KafkaOffsetBackingStore(kafka(), { topic, partitions: 3, replicationFactor: 1 }, logger);
    await a.start();
    const k1 = offsetKey('pg', { server: 'db1' });
    const k2 = offsetKey('pg', { server: 'db2' });
    await a.set(new Map([[k1, '{"lsn":42}'], [k2, '{"lsn":7}']]));
    await a.set(new Map([[k2, null]]));
    expect(await topicConfig(topic)).toEqual({ partitions: 3, cleanupPolicy: 'compact' });
    const raw = await rawRecords(topic, 3);
    expect(raw.filter((r) => r.key === k1)).toEqual([{ key: '["pg",{"server":"db1"}]', value: '{"lsn":42}' }]);
    expect(raw.filter((r) => r.key === k2)).toEqual([{ key: '["pg",{"server":"db2"}]', value: '{"lsn":7}' }, { key: k2, value: null }]);
    const b = new KafkaOffsetBackingStore(kafka(), { topic, partitions: 3, replicationFactor: 1 }, logger);
    await b.start();
    expect(await b.entries()).toEqual(new Map([[k1, '{"lsn":42}']]));
    await a.set(new Map([[k1, '{"lsn":43}']]));
    expect(await b.get([k1, k2])).toEqual(new Map([[k1, '{"lsn":43}']])); // get() catches up first
    await a.stop();
    await b.stop();
  });

  it('status store: status-connector-/status-task-/status-topic- keys with Kafka value shapes', async () => {
    const topic = uniqueName('st');
    const a = new KafkaStatusBackingStore(kafka(), { topic, partitions: 2, replicationFactor: 1 }, logger);
    await a.start();
    await a.putAwait({ connector: 'c-1', state: 'RUNNING', workerId: 'h:8083', trace: null, generation: 4 });
    await a.putTaskAwait({ connector: 'c-1', task: 2, state: 'FAILED', workerId: 'h:8083', trace: 'boom', generation: 5 });
    a.putTopicStatus('c-1', 2, 'out');
    const raw = await rawRecords(topic, 3);
    expect(raw.find((r) => r.key === 'status-connector-c-1')).toEqual({ key: 'status-connector-c-1', value: '{"state":"RUNNING","trace":null,"worker_id":"h:8083","generation":4}' });
    expect(raw.find((r) => r.key === 'status-task-c-1-2')).toEqual({ key: 'status-task-c-1-2', value: '{"state":"FAILED","trace":"boom","worker_id":"h:8083","generation":5}' });
    const topicRecord = raw.find((r) => r.key === 'status-topic-out:connector-c-1')!;
    expect(JSON.parse(topicRecord.value!)).toEqual({ topic: { name: 'out', connector: 'c-1', task: 2, discoverTimestamp: expect.any(Number) } });
    const b = new KafkaStatusBackingStore(kafka(), { topic, partitions: 2, replicationFactor: 1 }, logger);
    await b.start();
    expect(b.get('c-1')).toEqual({ connector: 'c-1', state: 'RUNNING', workerId: 'h:8083', trace: null, generation: 4 });
    expect(b.getAll('c-1')).toEqual([{ connector: 'c-1', task: 2, state: 'FAILED', workerId: 'h:8083', trace: 'boom', generation: 5 }]);
    expect(b.topics('c-1')).toEqual(['out']);
    await a.removeAwait('c-1');
    await b.readToEnd();
    expect([b.get('c-1'), b.getAll('c-1'), b.topics('c-1')]).toEqual([undefined, [], []]);
    await a.stop();
    await b.stop();
  });
});
