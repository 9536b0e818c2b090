import { ConfigDef, ConfigException, Validators } from '@tsconnect/sdk';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { KafkaTopicSettings } from '../storage/kafka-offset-backing-store.js';

/**
 * KIP-618 keys. Worker: `exactly.once.source.support` (Kafka's DistributedConfig). tsconnect
 * also honours it in standalone mode (Kafka does not), where it needs `group.id` (the
 * transactional.id prefix) and `offset.storage.topic`: exactly-once offsets must be written in
 * the same Kafka transaction as the records, so they live in that topic, never in the file.
 */
export const EXACTLY_ONCE_WORKER_DEF = new ConfigDef()
  .define({ name: 'exactly.once.source.support', type: 'STRING', defaultValue: 'disabled', importance: 'HIGH',
    validator: Validators.in(['disabled', 'preparing', 'enabled'], { caseInsensitive: true }),
    documentation: 'enabled: source tasks write records and offsets in Kafka transactions. preparing behaves as disabled (Kafka uses it for rolling upgrades).' })
  .define({ name: 'group.id', type: 'STRING', defaultValue: null, importance: 'HIGH',
    documentation: 'Prefix of the transactional ids `<group.id>-<connector>-<task>` (standalone: required with exactly-once).' })
  .define({ name: 'offset.storage.topic', type: 'STRING', defaultValue: null, importance: 'HIGH',
    documentation: 'Offsets topic (standalone: where exactly-once connectors keep their offsets).' })
  .define({ name: 'offset.storage.partitions', type: 'INT', defaultValue: 25, documentation: 'Partitions when the offsets topic is created.' })
  .define({ name: 'offset.storage.replication.factor', type: 'INT', defaultValue: 3, documentation: 'Replication factor when the offsets topic is created (-1: broker default).' });

/** Connector keys of KIP-618, named and defaulted as Kafka's SourceConnectorConfig. */
export const EXACTLY_ONCE_CONNECTOR_DEF = new ConfigDef()
  .define({ name: 'exactly.once.support', type: 'STRING', defaultValue: 'requested', importance: 'MEDIUM',
    validator: Validators.in(['requested', 'required'], { caseInsensitive: true }),
    documentation: 'required: the connector fails unless the worker runs it exactly-once.' })
  .define({ name: 'transaction.boundary', type: 'STRING', defaultValue: 'poll', importance: 'MEDIUM',
    validator: Validators.in(['poll', 'interval', 'connector'], { caseInsensitive: true }),
    documentation: 'poll: one transaction per poll() batch; interval: every transaction.boundary.interval.ms; connector: the task decides (TransactionContext).' })
  .define({ name: 'transaction.boundary.interval.ms', type: 'LONG', defaultValue: null, importance: 'LOW',
    documentation: 'With transaction.boundary=interval (default: the worker\'s offset.flush.interval.ms).' })
  .define({ name: 'offsets.storage.topic', type: 'STRING', defaultValue: null, importance: 'LOW',
    documentation: 'A topic of this connector\'s own for its offsets (reads fall back to the worker\'s offsets).' });

export type TransactionBoundary = 'poll' | 'interval' | 'connector';

/** How one source task runs exactly-once. */
export interface ExactlyOnceTaskSettings {
  readonly transactionalId: string;
  readonly boundary: TransactionBoundary;
  readonly intervalMs: number;
  /** Where this task's offsets are written, inside its transactions. */
  readonly offsetTopic: KafkaTopicSettings;
}

/**
 * The exactly-once settings of a source task, or null when it runs at-least-once. Throws
 * ConfigException (key + value) for invalid keys, `exactly.once.support=required` on a worker
 * without exactly-once support, or a standalone worker lacking `group.id`/`offset.storage.topic`.
 */
export function exactlyOnceTaskSettings(
  worker: Readonly<Record<string, string>>,
  connector: Readonly<Record<string, string>>,
  id: ConnectorTaskId,
  defaultIntervalMs: number,
): ExactlyOnceTaskSettings | null {
  const w = EXACTLY_ONCE_WORKER_DEF.parse(worker);
  const c = EXACTLY_ONCE_CONNECTOR_DEF.parse(connector);
  const support = w.string('exactly.once.source.support').toLowerCase();
  const boundary = c.string('transaction.boundary').toLowerCase() as TransactionBoundary;
  const interval = c.long('transaction.boundary.interval.ms') as number | null;
  if (interval !== null && interval < 0) {
    throw new ConfigException('transaction.boundary.interval.ms', String(interval), 'Value must be at least 0');
  }
  if (interval !== null && boundary !== 'interval') {
    throw new ConfigException('transaction.boundary.interval.ms', String(interval),
      `Only used with transaction.boundary=interval, but transaction.boundary is ${boundary}`);
  }
  if (support !== 'enabled') {
    if (c.string('exactly.once.support').toLowerCase() === 'required') {
      throw new ConfigException('exactly.once.support', connector['exactly.once.support'] ?? 'required',
        `This worker does not run source connectors exactly-once (exactly.once.source.support=${support})`);
    }
    return null;
  }
  const groupId = w.optionalString('group.id');
  if (!groupId) {
    throw new ConfigException('group.id', String(worker['group.id'] ?? null),
      'exactly.once.source.support=enabled needs group.id (the transactional.id prefix), also in standalone mode');
  }
  const topic = c.optionalString('offsets.storage.topic') ?? w.optionalString('offset.storage.topic');
  if (!topic) {
    throw new ConfigException('offset.storage.topic', String(worker['offset.storage.topic'] ?? null),
      'exactly.once.source.support=enabled needs an offsets topic: offsets are written in the same Kafka transaction as the records');
  }
  return {
    transactionalId: `${groupId}-${id.connector}-${id.task}`,
    boundary,
    intervalMs: interval ?? defaultIntervalMs,
    offsetTopic: {
      topic,
      partitions: w.int('offset.storage.partitions'),
      replicationFactor: w.int('offset.storage.replication.factor'),
    },
  };
}
