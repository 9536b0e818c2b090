import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { KafkaBasedLog } from './kafka-based-log.js';
import type { KafkaTopicSettings } from './kafka-offset-backing-store.js';
import { CONNECT_STATES, StatusSnapshot, type ConnectState, type ConnectorStatus, type StatusBackingStore, type TaskStatus } from './status-backing-store.js';

const CONNECTOR_PREFIX = 'status-connector-';
const TASK_PREFIX = 'status-task-';
const TOPIC_PREFIX = 'status-topic-';
const TOPIC_SEPARATOR = ':connector-';

/** Value of a connector/task status record, field order as Kafka's STATUS_SCHEMA_V0. */
export function statusValue(s: { state: ConnectState; trace: string | null; workerId: string; generation: number }): string {
  return JSON.stringify({ state: s.state, trace: s.trace, worker_id: s.workerId, generation: s.generation });
}

/**
 * States in `status.storage.topic` (Kafka's KafkaStatusBackingStore): keys
 * `status-connector-<name>`, `status-task-<name>-<n>`, `status-topic-<topic>:connector-<name>`;
 * values `{"state","trace","worker_id","generation"}`. `put`/`putTask` update the local view at
 * once and write in the background; `putAwait`/`putTaskAwait` resolve once read back.
 */
export class KafkaStatusBackingStore extends StatusSnapshot implements StatusBackingStore {
  private readonly log: KafkaBasedLog;

  constructor(kafka: Kafka, settings: KafkaTopicSettings, private readonly logger: Logger) {
    super();
    this.log = new KafkaBasedLog({
      kafka, ...settings, topicConfigKey: 'status.storage.topic', log: logger,
      onRecord: (r) => { if (r.key !== null) this.apply(r.key, r.value); },
    });
  }

  start(): Promise<void> {
    return this.log.start();
  }

  stop(): Promise<void> {
    return this.log.stop();
  }

  readToEnd(): Promise<void> {
    return this.log.readToEnd();
  }

  put(status: ConnectorStatus): void {
    this.background(this.putAwait(status));
  }

  putTask(status: TaskStatus): void {
    this.background(this.putTaskAwait(status));
  }

  putAwait(status: ConnectorStatus): Promise<void> {
    this.connectors.set(status.connector, status);
    return this.log.send([{ key: CONNECTOR_PREFIX + status.connector, value: statusValue(status) }]);
  }

  putTaskAwait(status: TaskStatus): Promise<void> {
    this.setTask(status);
    return this.log.send([{ key: `${TASK_PREFIX}${status.connector}-${status.task}`, value: statusValue(status) }]);
  }

  remove(connector: string): void {
    this.background(this.removeAwait(connector));
  }

  /** Tombstones for the connector, its tasks and its topics. */
  async removeAwait(connector: string): Promise<void> {
    const keys = [CONNECTOR_PREFIX + connector,
      ...this.getAll(connector).map((t) => `${TASK_PREFIX}${connector}-${t.task}`),
      ...this.topics(connector).map((topic) => TOPIC_PREFIX + topic + TOPIC_SEPARATOR + connector)];
    this.forget(connector);
    await this.log.send(keys.map((key) => ({ key, value: null })));
  }

  removeTask(connector: string, task: number): void {
    this.tasks.get(connector)?.delete(task);
    this.background(this.log.send([{ key: `${TASK_PREFIX}${connector}-${task}`, value: null }]));
  }

  putTopic(connector: string, topic: string): void {
    this.putTopicStatus(connector, 0, topic);
  }

  /** `{"topic":{"name","connector","task","discoverTimestamp"}}` as Kafka's TOPIC_STATUS_SCHEMA_V0. */
  putTopicStatus(connector: string, task: number, topic: string): void {
    if (this.topicsByConnector.get(connector)?.has(topic)) return;
    this.addTopic(connector, topic);
    const value = JSON.stringify({ topic: { name: topic, connector, task, discoverTimestamp: Date.now() } });
    this.background(this.log.send([{ key: TOPIC_PREFIX + topic + TOPIC_SEPARATOR + connector, value }]));
  }

  resetTopics(connector: string): void {
    const keys = this.topics(connector).map((topic) => TOPIC_PREFIX + topic + TOPIC_SEPARATOR + connector);
    this.topicsByConnector.delete(connector);
    this.background(this.log.send(keys.map((key) => ({ key, value: null }))));
  }

  private background(p: Promise<void>): void {
    p.catch((e: unknown) => this.logger.error({ err: e }, 'Failed to write to the status topic'));
  }

  private apply(key: string, value: string | null): void {
    if (key.startsWith(CONNECTOR_PREFIX)) {
      const connector = key.slice(CONNECTOR_PREFIX.length);
      const v = value === null ? null : parseStatus(value);
      if (v === null) this.connectors.delete(connector);
      else this.connectors.set(connector, { connector, ...v });
    } else if (key.startsWith(TASK_PREFIX)) {
      const rest = key.slice(TASK_PREFIX.length);
      const dash = rest.lastIndexOf('-');
      const connector = rest.slice(0, dash);
      const task = Number(rest.slice(dash + 1));
      if (dash <= 0 || !Number.isInteger(task)) return;
      const v = value === null ? null : parseStatus(value);
      if (v === null) this.tasks.get(connector)?.delete(task);
      else this.setTask({ connector, task, ...v });
    } else if (key.startsWith(TOPIC_PREFIX)) {
      const rest = key.slice(TOPIC_PREFIX.length);
      const i = rest.indexOf(TOPIC_SEPARATOR);
      if (i < 0) return;
      const topic = rest.slice(0, i);
      const connector = rest.slice(i + TOPIC_SEPARATOR.length);
      const s = this.topicsByConnector.get(connector) ?? new Set<string>();
      if (value === null) s.delete(topic);
      else s.add(topic);
      this.topicsByConnector.set(connector, s);
    }
  }
}

function parseStatus(text: string): { state: ConnectState; trace: string | null; workerId: string; generation: number } | null {
  const v = JSON.parse(text) as Record<string, unknown>;
  if (!CONNECT_STATES.includes(v['state'] as ConnectState) || typeof v['worker_id'] !== 'string') return null;
  return {
    state: v['state'] as ConnectState, trace: typeof v['trace'] === 'string' ? v['trace'] : null,
    workerId: v['worker_id'], generation: Number(v['generation'] ?? 0),
  };
}
