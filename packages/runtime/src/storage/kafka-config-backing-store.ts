import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ConfigSnapshot, type ConfigBackingStore, type TargetState } from './config-backing-store.js';
import { KafkaBasedLog } from './kafka-based-log.js';
import type { KafkaTopicSettings } from './kafka-offset-backing-store.js';

const CONNECTOR_PREFIX = 'connector-';
const TASK_PREFIX = 'task-';
const COMMIT_PREFIX = 'commit-';
const TARGET_STATE_PREFIX = 'target-state-';
const RESTART_PREFIX = 'restart-connector-';
/** tsconnect's own records: the group leader's assignment per group generation. */
export const ASSIGNMENT_PREFIX = 'assignment-';

export interface RestartRequestRecord {
  readonly connector: string;
  readonly onlyFailed: boolean;
  readonly includeTasks: boolean;
}

/** What changed in the config topic; called only after `start` has read the topic to its end. */
export interface ConfigUpdateListener {
  onConnectorConfigUpdate(connector: string): void;
  onConnectorConfigRemove(connector: string): void;
  onTaskConfigUpdate(connector: string): void;
  onConnectorTargetStateChange(connector: string): void;
  onRestartRequest(request: RestartRequestRecord): void;
  onAssignment(generation: number, value: string): void;
}

/**
 * Connector/task configs and target states in `config.storage.topic` (Kafka's
 * KafkaConfigBackingStore), same keys and JSON values: `connector-<name>` → `{"properties":{…}}`,
 * `task-<name>-<n>` → `{"properties":{…}}` (applied only when `commit-<name>` → `{"tasks":n}`
 * follows), `target-state-<name>` → `{"state":…,"state.v2":…}` (STOPPED is written as PAUSED in
 * `state` for old readers), `restart-connector-<name>` → `{"include-tasks","only-failed"}`.
 * Plus `assignment-<generation>` (tsconnect's group assignments, see README).
 */
export class KafkaConfigBackingStore extends ConfigSnapshot implements ConfigBackingStore {
  /** Task configs read but not yet committed by a `commit-<name>` record. */
  private readonly deferredTasks = new Map<string, Map<number, Readonly<Record<string, string>>>>();
  private readonly assignmentValues = new Map<number, string>();
  private readonly log: KafkaBasedLog;
  private started = false;
  listener: ConfigUpdateListener | null = null;

  constructor(kafka: Kafka, settings: Omit<KafkaTopicSettings, 'partitions'>, private readonly logger: Logger) {
    super();
    // The config topic always has one partition: its order is the order of every change.
    this.log = new KafkaBasedLog({
      kafka, ...settings, partitions: 1, topicConfigKey: 'config.storage.topic', log: logger,
      onRecord: (r) => { if (r.key !== null) this.apply(r.key, r.value); },
    });
  }

  async start(): Promise<void> {
    await this.log.start();
    this.started = true;
  }

  stop(): Promise<void> {
    return this.log.stop();
  }

  readToEnd(): Promise<void> {
    return this.log.readToEnd();
  }

  /** Assignment records by generation (raw JSON), newest last. */
  assignments(): [number, string][] {
    return [...this.assignmentValues].sort((a, b) => a[0] - b[0]);
  }

  async putConnectorConfig(connector: string, config: Readonly<Record<string, string>>, targetState?: TargetState): Promise<void> {
    const records: { key: string; value: string | null }[] = [];
    if (targetState) records.push({ key: TARGET_STATE_PREFIX + connector, value: targetStateValue(targetState) });
    records.push({ key: CONNECTOR_PREFIX + connector, value: JSON.stringify({ properties: config }) });
    await this.log.send(records);
  }

  /** Tombstones for `connector-<name>` and `target-state-<name>`, as Kafka. */
  async removeConnectorConfig(connector: string): Promise<void> {
    await this.log.send([{ key: CONNECTOR_PREFIX + connector, value: null }, { key: TARGET_STATE_PREFIX + connector, value: null }]);
  }

  async putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void> {
    await this.log.send(configs.map((c, i) => ({ key: `${TASK_PREFIX}${connector}-${i}`, value: JSON.stringify({ properties: c }) })));
    await this.log.send([{ key: COMMIT_PREFIX + connector, value: JSON.stringify({ tasks: configs.length }) }]);
  }

  async putTargetState(connector: string, state: TargetState): Promise<void> {
    await this.log.send([{ key: TARGET_STATE_PREFIX + connector, value: targetStateValue(state) }]);
  }

  async putRestartRequest(r: RestartRequestRecord): Promise<void> {
    await this.log.send([{ key: RESTART_PREFIX + r.connector, value: JSON.stringify({ 'include-tasks': r.includeTasks, 'only-failed': r.onlyFailed }) }]);
  }

  async putAssignment(generation: number, value: string, tombstoneGenerations: readonly number[] = []): Promise<void> {
    await this.log.send([
      { key: ASSIGNMENT_PREFIX + generation, value },
      ...tombstoneGenerations.map((g) => ({ key: ASSIGNMENT_PREFIX + g, value: null })),
    ]);
  }

  private notify(f: (l: ConfigUpdateListener) => void): void {
    if (this.started && this.listener) f(this.listener);
  }

  private apply(key: string, value: string | null): void {
    const parsed = value === null ? null : (JSON.parse(value) as Record<string, unknown>);
    if (key.startsWith(TARGET_STATE_PREFIX)) {
      const name = key.slice(TARGET_STATE_PREFIX.length);
      if (parsed === null) {
        this.targets.delete(name);
        if (this.configs.has(name)) this.targets.set(name, 'STARTED');
        return;
      }
      const state = (parsed['state.v2'] ?? parsed['state']) as TargetState;
      if (!['STARTED', 'PAUSED', 'STOPPED'].includes(state)) {
        this.logger.error({ key, value }, 'Ignoring a target state record of an unknown shape');
        return;
      }
      const changed = this.targets.get(name) !== state;
      this.targets.set(name, state);
      if (changed && this.configs.has(name)) this.notify((l) => l.onConnectorTargetStateChange(name));
    } else if (key.startsWith(CONNECTOR_PREFIX)) {
      const name = key.slice(CONNECTOR_PREFIX.length);
      if (parsed === null) {
        const existed = this.configs.delete(name);
        this.targets.delete(name);
        this.tasks.delete(name);
        this.deferredTasks.delete(name);
        if (existed) this.notify((l) => l.onConnectorConfigRemove(name));
        return;
      }
      this.configs.set(name, parsed['properties'] as Record<string, string>);
      if (!this.targets.has(name)) this.targets.set(name, 'STARTED');
      this.notify((l) => l.onConnectorConfigUpdate(name));
    } else if (key.startsWith(TASK_PREFIX)) {
      const rest = key.slice(TASK_PREFIX.length);
      const dash = rest.lastIndexOf('-');
      const task = Number(rest.slice(dash + 1));
      if (dash <= 0 || !Number.isInteger(task) || parsed === null) return;
      const name = rest.slice(0, dash);
      const m = this.deferredTasks.get(name) ?? new Map<number, Readonly<Record<string, string>>>();
      m.set(task, parsed['properties'] as Record<string, string>);
      this.deferredTasks.set(name, m);
    } else if (key.startsWith(COMMIT_PREFIX)) {
      const name = key.slice(COMMIT_PREFIX.length);
      if (parsed === null) return;
      const count = Number(parsed['tasks']);
      const deferred = this.deferredTasks.get(name) ?? new Map<number, Readonly<Record<string, string>>>();
      const configs: Readonly<Record<string, string>>[] = [];
      for (let i = 0; i < count; i++) {
        const c = deferred.get(i) ?? this.tasks.get(name)?.[i];
        if (!c) {
          this.logger.error({ connector: name, task: i }, 'Task config commit without the task config; ignoring it');
          return;
        }
        configs.push(c);
      }
      this.deferredTasks.delete(name);
      this.tasks.set(name, configs);
      this.notify((l) => l.onTaskConfigUpdate(name));
    } else if (key.startsWith(RESTART_PREFIX)) {
      if (parsed === null) return;
      const connector = key.slice(RESTART_PREFIX.length);
      const r = { connector, includeTasks: parsed['include-tasks'] === true, onlyFailed: parsed['only-failed'] === true };
      this.notify((l) => l.onRestartRequest(r));
    } else if (key.startsWith(ASSIGNMENT_PREFIX)) {
      const generation = Number(key.slice(ASSIGNMENT_PREFIX.length));
      if (!Number.isInteger(generation)) return;
      if (value === null) this.assignmentValues.delete(generation);
      else {
        this.assignmentValues.set(generation, value);
        this.notify((l) => l.onAssignment(generation, value));
      }
    }
    // Other keys of Kafka's (session-key, tasks-fencing-*, logger-cluster-*) are not used here.
  }
}

function targetStateValue(state: TargetState): string {
  return JSON.stringify({ state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state });
}
