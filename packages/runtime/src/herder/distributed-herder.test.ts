import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parseDistributedConfig } from '../distributed/distributed-config.js';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import type { KafkaConfigBackingStore } from '../storage/kafka-config-backing-store.js';
import type { KafkaStatusBackingStore } from '../storage/kafka-status-backing-store.js';
import type { Worker } from '../worker/worker.js';
import { DistributedHerder } from './distributed-herder.js';

const props = {
  'group.id': 'g', 'config.storage.topic': 'c', 'offset.storage.topic': 'o', 'status.storage.topic': 's',
  'key.converter': 'K', 'value.converter': 'V', 'sasl.jaas.config': 'secret',
};

describe('DistributedHerder before it has an assignment', () => {
  // Not joined yet: every write is refused before anything (stores, Kafka) is touched.
  const config = parseDistributedConfig(props);
  const herder = new DistributedHerder({
    worker: null as unknown as Worker, config: config.worker, registry: new PluginRegistry(),
    configStore: { listener: null } as unknown as KafkaConfigBackingStore, statusStore: null as unknown as KafkaStatusBackingStore,
    identity: { workerId: 'h:1', url: 'http://h:1/' }, logger: pino({ level: 'silent' }), clusterId: async () => 'cid',
  });
  const conflict = { statusCode: 409, message: 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)' };

  it('answers 409 to writes while rebalancing', async () => {
    await expect(herder.putConnectorConfig('x', { 'connector.class': 'A' }, false)).rejects.toMatchObject(conflict);
    await expect(herder.deleteConnectorConfig('x')).rejects.toMatchObject(conflict);
    await expect(herder.pauseConnector('x')).rejects.toMatchObject(conflict);
    await expect(herder.restartTask('x', 0)).rejects.toMatchObject(conflict);
  });

  it('reports the worker config masked and an empty cluster', async () => {
    expect(herder.workerConfig()['sasl.jaas.config']).toBe('[hidden]');
    expect(herder.workerConfig()['offset.storage.file.filename']).toBeUndefined();
    expect(await herder.clusterStatus()).toEqual({ mode: 'distributed', kafka_cluster_id: 'cid', workers: [] });
  });
});

describe('parseDistributedConfig', () => {
  it('uses Kafka defaults and names the bad key', () => {
    const c = parseDistributedConfig(props);
    expect([c.offsetTopic, c.statusTopic, c.configTopic, c.sessionTimeoutMs, c.heartbeatIntervalMs]).toEqual([
      { topic: 'o', partitions: 25, replicationFactor: 3 }, { topic: 's', partitions: 5, replicationFactor: 3 },
      { topic: 'c', replicationFactor: 3 }, 10_000, 3_000,
    ]);
    expect(parseDistributedConfig({ ...props, 'offset.storage.replication.factor': '-1' }).offsetTopic.replicationFactor).toBe(-1);
    expect(() => parseDistributedConfig({ ...props, 'status.storage.partitions': '0' })).toThrow('status.storage.partitions');
    const { 'group.id': _, ...noGroup } = props;
    expect(() => parseDistributedConfig(noGroup)).toThrow('Missing required configuration "group.id" which has no default value.');
  });
});
