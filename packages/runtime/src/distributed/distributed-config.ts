import { ConfigDef, ConfigException, Validators, type Validator } from '@tsconnect/sdk';
import { parseWorkerConfig, type WorkerConfig } from '../config/worker-config.js';

/** -1 (the broker's default) or a positive count, as Kafka's REPLICATION_FACTOR_VALIDATOR / PARTITIONS_VALIDATOR. */
const countOrBrokerDefault: Validator = {
  ensureValid(name, value) {
    const n = Number(value);
    if (!(n === -1 || n >= 1)) throw new ConfigException(name, value, 'Value must be -1 (the broker default) or at least 1');
  },
  toString: () => '-1 or [1,...]',
};

/** Distributed-mode keys, named and defaulted as Kafka's DistributedConfig. */
export const DISTRIBUTED_CONFIG_DEF = new ConfigDef()
  .define({ name: 'group.id', type: 'STRING', importance: 'HIGH', validator: Validators.nonEmptyString(),
    documentation: 'The group of workers this worker belongs to.' })
  .define({ name: 'config.storage.topic', type: 'STRING', importance: 'HIGH', validator: Validators.nonEmptyString(),
    documentation: 'Compacted topic (1 partition) with connector and task configs.' })
  .define({ name: 'config.storage.replication.factor', type: 'INT', defaultValue: 3, validator: countOrBrokerDefault,
    documentation: 'Replication factor when the config topic is created.' })
  .define({ name: 'offset.storage.topic', type: 'STRING', importance: 'HIGH', validator: Validators.nonEmptyString(),
    documentation: 'Compacted topic with source offsets.' })
  .define({ name: 'offset.storage.partitions', type: 'INT', defaultValue: 25, validator: countOrBrokerDefault,
    documentation: 'Partitions when the offsets topic is created.' })
  .define({ name: 'offset.storage.replication.factor', type: 'INT', defaultValue: 3, validator: countOrBrokerDefault,
    documentation: 'Replication factor when the offsets topic is created.' })
  .define({ name: 'status.storage.topic', type: 'STRING', importance: 'HIGH', validator: Validators.nonEmptyString(),
    documentation: 'Compacted topic with connector and task states.' })
  .define({ name: 'status.storage.partitions', type: 'INT', defaultValue: 5, validator: countOrBrokerDefault,
    documentation: 'Partitions when the status topic is created.' })
  .define({ name: 'status.storage.replication.factor', type: 'INT', defaultValue: 3, validator: countOrBrokerDefault,
    documentation: 'Replication factor when the status topic is created.' })
  .define({ name: 'session.timeout.ms', type: 'INT', defaultValue: 10_000, validator: Validators.atLeast(1),
    documentation: 'A worker that sends no heartbeat for this long leaves the group; its work moves.' })
  .define({ name: 'heartbeat.interval.ms', type: 'INT', defaultValue: 3_000, validator: Validators.atLeast(1),
    documentation: 'Heartbeat interval to the group coordinator.' })
  .define({ name: 'rebalance.timeout.ms', type: 'INT', defaultValue: 60_000, validator: Validators.atLeast(1),
    documentation: 'How long the coordinator waits for every member to rejoin.' });

export interface DistributedConfig {
  readonly worker: WorkerConfig;
  readonly groupId: string;
  readonly configTopic: { topic: string; replicationFactor: number };
  readonly offsetTopic: { topic: string; partitions: number; replicationFactor: number };
  readonly statusTopic: { topic: string; partitions: number; replicationFactor: number };
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
}

/** Worker + distributed keys; throws ConfigException naming the key and value. */
export function parseDistributedConfig(props: Readonly<Record<string, string>>): DistributedConfig {
  // The shared worker keys require the standalone offsets file; it has no meaning here.
  const worker = parseWorkerConfig({ 'offset.storage.file.filename': '(distributed: offset.storage.topic)', ...props });
  const c = DISTRIBUTED_CONFIG_DEF.parse(props);
  return {
    worker: { ...worker, originals: { ...props } },
    groupId: c.string('group.id'),
    configTopic: { topic: c.string('config.storage.topic'), replicationFactor: c.int('config.storage.replication.factor') },
    offsetTopic: { topic: c.string('offset.storage.topic'), partitions: c.int('offset.storage.partitions'), replicationFactor: c.int('offset.storage.replication.factor') },
    statusTopic: { topic: c.string('status.storage.topic'), partitions: c.int('status.storage.partitions'), replicationFactor: c.int('status.storage.replication.factor') },
    sessionTimeoutMs: c.int('session.timeout.ms'),
    heartbeatIntervalMs: c.int('heartbeat.interval.ms'),
    rebalanceTimeoutMs: c.int('rebalance.timeout.ms'),
  };
}
