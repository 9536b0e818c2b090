import type { ConfigInfos } from '@tsconnect/sdk';
import type { Logger } from 'pino';
import { configErrorsMessage, validateConnectorConfig } from '../config/connector-config.js';
import type { PluginInfo, PluginRegistry } from '../plugins/plugin-registry.js';
import type { ConfigBackingStore, TargetState } from '../storage/config-backing-store.js';
import type { ConnectState, StatusBackingStore } from '../storage/status-backing-store.js';
import type { Worker } from '../worker/worker.js';
import { taskIdString, type TaskStatusListener } from '../worker/worker-task.js';
import { AlreadyExistsException, BadRequestException, NotFoundException } from './errors.js';
import type { Herder } from './herder.js';
import type {
  ActiveTopicsInfo, ClusterStatus, ConnectorInfo, ConnectorStateInfo, ConnectorTaskId, ConnectorType, Created,
  RestartRequest, TaskInfo, TaskStateEntry,
} from './herder-types.js';
import { maskSecrets } from './mask-secrets.js';

export interface StandaloneHerderOptions {
  readonly worker: Worker;
  readonly registry: PluginRegistry;
  readonly configStore: ConfigBackingStore;
  readonly statusStore: StatusBackingStore;
  readonly workerId: string;
  readonly logger: Logger;
  /** Looks up the Kafka cluster id (GET /); null when Kafka cannot be reached. */
  readonly clusterId: () => Promise<string | null>;
}

/**
 * Every connector and task in this process (Kafka's StandaloneHerder). Configs live in a
 * ConfigBackingStore (memory), states in a StatusBackingStore. Mutations run one at a time
 * through a queue, as Kafka's synchronized herder methods.
 */
export class StandaloneHerder implements Herder {
  private queue: Promise<unknown> = Promise.resolve();
  /** Incremented per task start so late events of a replaced task instance are ignored. */
  private readonly taskGeneration = new Map<string, number>();
  private readonly log: Logger;

  constructor(private readonly o: StandaloneHerderOptions) {
    this.log = o.logger.child({ component: 'herder' });
  }

  /** Read through the options: the port (and so the id) is known only once REST is bound. */
  get workerId(): string {
    return this.o.workerId;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    await this.serial(() => this.o.worker.stop());
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private requireConnector(name: string, message = `Connector ${name} not found`): Readonly<Record<string, string>> {
    const config = this.o.configStore.connectorConfig(name);
    if (!config) throw new NotFoundException(message);
    return config;
  }

  async connectors(): Promise<string[]> {
    return this.o.configStore.connectors();
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    const config = this.requireConnector(name);
    return {
      name,
      config: { ...config },
      tasks: this.o.configStore.taskConfigs(name).map((_, task) => ({ connector: name, task })),
      type: this.connectorType(config),
    };
  }

  async connectorConfig(name: string): Promise<Record<string, string>> {
    return { ...this.requireConnector(name) };
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    this.requireConnector(name);
    return this.o.configStore.taskConfigs(name).map((config, task) => ({ id: { connector: name, task }, config: { ...config } }));
  }

  async validateConnectorConfig(config: Record<string, string>): Promise<ConfigInfos> {
    return (await validateConnectorConfig(this.o.registry, config, this.o.worker.configTransformer, this.o.worker.config.originals)).infos;
  }

  async putConnectorConfig(name: string, config: Record<string, string>, allowReplace: boolean): Promise<Created<ConnectorInfo>> {
    const { infos } = await validateConnectorConfig(this.o.registry, config, this.o.worker.configTransformer, this.o.worker.config.originals);
    if (infos.error_count > 0) throw new BadRequestException(configErrorsMessage(infos));
    return this.serial(async () => {
      const exists = this.o.configStore.contains(name);
      if (exists && !allowReplace) throw new AlreadyExistsException(`Connector ${name} already exists`);
      if (exists) await this.stopConnectorAndTasks(name);
      await this.o.configStore.putConnectorConfig(name, config);
      await this.startConnector(name);
      return { created: !exists, result: await this.connectorInfo(name) };
    });
  }

  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<Created<ConnectorInfo>> {
    const patched: Record<string, string> = { ...this.requireConnector(name) };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete patched[k];
      else patched[k] = v;
    }
    return this.putConnectorConfig(name, patched, true);
  }

  async deleteConnectorConfig(name: string): Promise<void> {
    await this.serial(async () => {
      this.requireConnector(name);
      await this.stopConnectorAndTasks(name);
      await this.o.configStore.removeConnectorConfig(name);
      this.o.statusStore.remove(name);
    });
  }

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const status = this.o.statusStore.get(name);
    if (!status) throw new NotFoundException(`No status found for connector ${name}`);
    const config = this.o.configStore.connectorConfig(name) ?? {};
    return {
      name,
      connector: withTrace({ state: status.state, worker_id: status.workerId }, status.trace),
      tasks: this.o.statusStore.getAll(name).map((t) => withTrace({ id: t.task, state: t.state, worker_id: t.workerId }, t.trace)),
      type: this.connectorType(config),
    };
  }

  async taskStatus(name: string, task: number): Promise<TaskStateEntry> {
    const t = this.o.statusStore.getTask(name, task);
    if (!t) throw new NotFoundException(`No status found for task ${name}-${task}`);
    return withTrace({ id: t.task, state: t.state, worker_id: t.workerId }, t.trace);
  }

  /** Like Kafka: an unknown connector has simply no active topics (no 404). */
  async connectorActiveTopics(name: string): Promise<ActiveTopicsInfo> {
    return { topics: this.o.statusStore.topics(name) };
  }

  async resetConnectorActiveTopics(name: string): Promise<void> {
    this.o.statusStore.resetTopics(name);
  }

  async restartConnector(name: string): Promise<void> {
    await this.serial(async () => {
      this.requireConnector(name);
      await this.o.worker.stopConnector(name);
      await this.startConnector(name, { keepTasks: true });
    });
  }

  async restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo> {
    const name = request.connector;
    this.requireConnector(name, `Unknown connector: ${name}`);
    const current = this.o.statusStore.get(name);
    if (!current) throw new NotFoundException(`Status for connector ${name} not found`);
    const restartConnector = !request.onlyFailed || current.state === 'FAILED';
    const tasks = request.includeTasks
      ? this.o.statusStore.getAll(name).filter((t) => !request.onlyFailed || t.state === 'FAILED').map((t) => t.task)
      : [];
    if (restartConnector) this.setConnectorState(name, 'RESTARTING', null);
    for (const task of tasks) this.setTaskState({ connector: name, task }, 'RESTARTING', null);
    const snapshot = await this.connectorStatus(name);
    // Like Kafka, answer with the RESTARTING states and do the restarts afterwards.
    void this.serial(async () => {
      if (!this.o.configStore.contains(name)) return;
      const ids = tasks.map((task) => ({ connector: name, task }));
      await this.o.worker.stopTasks(ids);
      if (restartConnector) {
        await this.o.worker.stopConnector(name);
        await this.startConnector(name, { keepTasks: true });
      }
      // startConnector may already have restarted every task (when none was running).
      const runningNow = new Set(this.o.worker.taskIds(name).map((id) => id.task));
      for (const id of ids) if (!runningNow.has(id.task)) this.startTask(id);
    }).catch((e: unknown) => this.log.error({ err: e, connector: name }, 'Restart failed'));
    return snapshot;
  }

  async restartTask(name: string, task: number): Promise<void> {
    await this.serial(async () => {
      this.requireConnector(name);
      if (task < 0 || task >= this.o.configStore.taskConfigs(name).length) throw new NotFoundException(`Task ${name}-${task} not found`);
      const id = { connector: name, task };
      await this.o.worker.stopTasks([id]);
      this.startTask(id);
    });
  }

  async pauseConnector(name: string): Promise<void> {
    await this.serial(async () => {
      this.requireConnector(name, `Unknown connector ${name}`);
      await this.applyTargetState(name, 'PAUSED');
    });
  }

  async resumeConnector(name: string): Promise<void> {
    await this.serial(async () => {
      this.requireConnector(name, `Unknown connector ${name}`);
      await this.applyTargetState(name, 'STARTED');
    });
  }

  async stopConnector(name: string): Promise<void> {
    await this.serial(async () => {
      // Kafka's StandaloneHerder fails with a 500 here; we answer DistributedHerder's 404.
      this.requireConnector(name, `Unknown connector ${name}`);
      await this.applyTargetState(name, 'STOPPED');
    });
  }

  connectorPlugins(connectorsOnly: boolean): PluginInfo[] {
    return connectorsOnly
      ? this.o.registry.list()
      : this.o.registry.list(['source', 'sink', 'converter', 'header_converter', 'transformation', 'predicate']);
  }

  workerConfig(): Record<string, string> {
    return maskSecrets(this.o.worker.config.originals);
  }

  kafkaClusterId(): Promise<string | null> {
    return this.o.clusterId();
  }

  async clusterStatus(): Promise<ClusterStatus> {
    return {
      mode: 'standalone',
      kafka_cluster_id: await this.o.clusterId(),
      workers: [{
        worker_id: this.workerId,
        connectors: this.o.worker.connectorNames().sort(),
        tasks: this.o.worker.allTaskIds().sort((a, b) => a.connector.localeCompare(b.connector) || a.task - b.task),
      }],
    };
  }

  // ---- lifecycle (always called inside `serial`) ----

  private async applyTargetState(name: string, state: TargetState): Promise<void> {
    const previous = this.o.configStore.targetState(name);
    await this.o.configStore.putTargetState(name, state);
    if (state === 'STOPPED') {
      await this.stopConnectorAndTasks(name);
      await this.o.configStore.putTaskConfigs(name, []);
      for (const t of this.o.statusStore.getAll(name)) this.o.statusStore.removeTask(name, t.task);
      this.setConnectorState(name, 'STOPPED', null);
      return;
    }
    if (previous === 'STOPPED' || !this.o.worker.isConnectorRunning(name)) {
      await this.startConnector(name);
      return;
    }
    this.o.worker.setTargetState(name, state);
    const current = this.o.statusStore.get(name);
    if (current?.state !== 'FAILED') this.setConnectorState(name, state === 'PAUSED' ? 'PAUSED' : 'RUNNING', null);
  }

  private async startConnector(name: string, opts: { keepTasks?: boolean } = {}): Promise<void> {
    const config = this.o.configStore.connectorConfig(name)!;
    const target = this.o.configStore.targetState(name) ?? 'STARTED';
    if (target === 'STOPPED') {
      this.setConnectorState(name, 'STOPPED', null);
      return;
    }
    try {
      await this.o.worker.startConnector(name, config, {
        onFailure: (connector, error) => this.setConnectorState(connector, 'FAILED', error),
        requestTaskReconfiguration: (connector) => {
          void this.serial(() => this.updateConnectorTasks(connector)).catch((e: unknown) =>
            this.log.error({ err: e, connector }, 'Task reconfiguration failed'));
        },
      });
    } catch (e) {
      this.log.error({ err: e, connector: name }, 'Failed to start connector');
      this.setConnectorState(name, 'FAILED', asError(e));
      return;
    }
    this.setConnectorState(name, target === 'PAUSED' ? 'PAUSED' : 'RUNNING', null);
    await this.updateConnectorTasks(name, opts.keepTasks ?? false);
  }

  /** Asks the connector for task configs; restarts tasks when they changed (or none run). */
  private async updateConnectorTasks(name: string, keepUnchanged = true): Promise<void> {
    if (!this.o.worker.isConnectorRunning(name)) return;
    const config = this.o.configStore.connectorConfig(name)!;
    let configs: Record<string, string>[];
    try {
      configs = await this.o.worker.connectorTaskConfigs(name, Number(config['tasks.max'] ?? 1));
    } catch (e) {
      this.setConnectorState(name, 'FAILED', asError(e));
      return;
    }
    const old = this.o.configStore.taskConfigs(name);
    const running = this.o.worker.taskIds(name);
    const unchanged = JSON.stringify(old) === JSON.stringify(configs);
    if (unchanged && keepUnchanged && running.length === configs.length) return;
    await this.o.worker.stopTasks(running);
    for (let t = configs.length; t < old.length; t++) this.o.statusStore.removeTask(name, t);
    await this.o.configStore.putTaskConfigs(name, configs);
    for (let task = 0; task < configs.length; task++) this.startTask({ connector: name, task });
  }

  private startTask(id: ConnectorTaskId): void {
    const config = this.o.configStore.connectorConfig(id.connector)!;
    const taskConfig = this.o.configStore.taskConfigs(id.connector)[id.task]!;
    const key = taskIdString(id);
    const gen = (this.taskGeneration.get(key) ?? 0) + 1;
    this.taskGeneration.set(key, gen);
    const current = () => this.taskGeneration.get(key) === gen;
    const listener: TaskStatusListener = {
      onStartup: (i) => current() && this.setTaskState(i, 'RUNNING', null),
      onPause: (i) => current() && this.setTaskState(i, 'PAUSED', null),
      onResume: (i) => current() && this.setTaskState(i, 'RUNNING', null),
      onFailure: (i, e) => current() && this.setTaskState(i, 'FAILED', e),
      onShutdown: (i) => current() && this.o.statusStore.getTask(i.connector, i.task) && this.setTaskState(i, 'UNASSIGNED', null),
      onTopicUsed: (i, topic) => this.o.statusStore.putTopic(i.connector, topic),
    };
    this.setTaskState(id, 'UNASSIGNED', null);
    try {
      this.o.worker.startTask(id, config, taskConfig, this.o.configStore.targetState(id.connector) ?? 'STARTED', listener);
    } catch (e) {
      this.log.error({ err: e, task: key }, 'Failed to start task');
      this.setTaskState(id, 'FAILED', asError(e));
    }
  }

  private async stopConnectorAndTasks(name: string): Promise<void> {
    const ids = this.o.worker.taskIds(name);
    for (const id of ids) this.taskGeneration.set(taskIdString(id), (this.taskGeneration.get(taskIdString(id)) ?? 0) + 1);
    await this.o.worker.stopTasks(ids);
    await this.o.worker.stopConnector(name);
  }

  private setConnectorState(connector: string, state: ConnectState, error: Error | null): void {
    this.o.statusStore.put({ connector, state, workerId: this.workerId, trace: error ? traceOf(error) : null, generation: 0 });
  }

  private setTaskState(id: ConnectorTaskId, state: ConnectState, error: Error | null): boolean {
    this.o.statusStore.putTask({ ...id, state, workerId: this.workerId, trace: error ? traceOf(error) : null, generation: 0 });
    return true;
  }

  private connectorType(config: Readonly<Record<string, string>>): ConnectorType {
    const plugin = this.o.registry.find(config['connector.class'] ?? '', ['source', 'sink']);
    return plugin ? plugin.type : 'unknown';
  }
}

function withTrace<T extends object>(entry: T, trace: string | null): T & { trace?: string } {
  return trace ? { ...entry, trace } : entry;
}

function traceOf(e: Error): string {
  return e.stack ?? `${e.name}: ${e.message}`;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
