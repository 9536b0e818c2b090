import type { Kafka } from 'kafkajs';
import type { Connector, SinkRecord, SourceRecord } from '@tsconnect/sdk';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/worker-config.js';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { TargetState } from '../storage/config-backing-store.js';
import type { OffsetBackingStore } from '../storage/offset-backing-store.js';
import { createTaskConverters } from './converters.js';
import { TopicAdmin } from './kafka-clients.js';
import type { RetryPolicy } from './retry.js';
import { TransformationChain } from './transformation-chain.js';
import { WorkerSinkTask } from './worker-sink-task.js';
import { WorkerSourceTask } from './worker-source-task.js';
import { taskIdString, type TaskStatusListener, type WorkerTask } from './worker-task.js';

/** Callbacks a running connector instance reports through. */
export interface ConnectorListener {
  onFailure(connector: string, error: Error): void;
  requestTaskReconfiguration(connector: string): void;
}

interface RunningConnector {
  readonly instance: Connector;
  readonly abort: AbortController;
  readonly config: Readonly<Record<string, string>>;
}

/**
 * Runs connector instances and task runners in this process (Kafka's Worker). It knows nothing
 * about where configs come from; a herder decides what runs and records statuses.
 */
export class Worker {
  private readonly connectors = new Map<string, RunningConnector>();
  private readonly tasks = new Map<string, WorkerTask>();

  constructor(
    readonly config: WorkerConfig,
    private readonly registry: PluginRegistry,
    private readonly kafka: Kafka,
    private readonly offsetStore: OffsetBackingStore,
    private readonly log: Logger,
  ) {}

  /** Instantiates and starts a connector (unless STOPPED); throws what `start` throws. */
  async startConnector(name: string, config: Readonly<Record<string, string>>, listener: ConnectorListener): Promise<void> {
    await this.stopConnector(name);
    const plugin = this.registry.resolve(config['connector.class'] ?? '', ['source', 'sink']);
    const instance = plugin.create();
    const abort = new AbortController();
    this.connectors.set(name, { instance, abort, config });
    try {
      await instance.start(config, {
        requestTaskReconfiguration: () => listener.requestTaskReconfiguration(name),
        raiseError: (e) => listener.onFailure(name, e),
        signal: abort.signal,
      });
    } catch (e) {
      this.connectors.delete(name);
      throw e;
    }
  }

  isConnectorRunning(name: string): boolean {
    return this.connectors.has(name);
  }

  async connectorTaskConfigs(name: string, maxTasks: number): Promise<Record<string, string>[]> {
    const c = this.connectors.get(name);
    if (!c) throw new Error(`Connector ${name} is not running on this worker`);
    const configs = await c.instance.taskConfigs(maxTasks);
    if (configs.length > maxTasks) {
      throw new Error(`The connector ${name} has generated ${configs.length} tasks, which is greater than ${maxTasks}, the maximum number of tasks it is configured to create.`);
    }
    return configs;
  }

  async stopConnector(name: string): Promise<void> {
    const c = this.connectors.get(name);
    if (!c) return;
    this.connectors.delete(name);
    c.abort.abort();
    try {
      await c.instance.stop();
    } catch (e) {
      this.log.error({ err: e, connector: name }, 'Error while stopping connector');
    }
  }

  /** Builds and starts a task runner; errors building it propagate (the herder marks the task FAILED). */
  startTask(id: ConnectorTaskId, connectorConfig: Readonly<Record<string, string>>, taskConfig: Readonly<Record<string, string>>,
    targetState: TargetState, listener: TaskStatusListener): void {
    const key = taskIdString(id);
    if (this.tasks.has(key)) throw new Error(`Task already exists in this worker: ${key}`);
    const plugin = this.registry.resolve(connectorConfig['connector.class'] ?? '', ['source', 'sink']);
    const log = this.log.child({ connector: id.connector, task: id.task });
    const retry: RetryPolicy = {
      timeoutMs: Number(connectorConfig['errors.retry.timeout'] ?? 0),
      maxDelayMs: Number(connectorConfig['errors.retry.delay.max.ms'] ?? 60_000),
    };
    const errorsToleranceAll = connectorConfig['errors.tolerance'] === 'all';
    const converters = createTaskConverters(this.registry, this.config, connectorConfig);
    let runner: WorkerTask;
    if (plugin.type === 'source') {
      const partitions = Number(connectorConfig['topic.creation.default.partitions'] ?? 1);
      const replicationFactor = Number(connectorConfig['topic.creation.default.replication.factor'] ?? 1);
      runner = new WorkerSourceTask({
        id, task: new (plugin.create().taskClass())(),
        taskConfig, initialState: targetState, kafka: this.kafka,
        topicAdmin: new TopicAdmin(this.kafka, { enabled: this.config.topicCreationEnable, partitions, replicationFactor }),
        converters, transforms: TransformationChain.fromConfig<SourceRecord>(this.registry, connectorConfig),
        offsetStore: this.offsetStore, offsetFlushIntervalMs: this.config.offsetFlushIntervalMs,
        retry, errorsToleranceAll, listener, log,
      });
    } else {
      runner = new WorkerSinkTask({
        id, task: new (plugin.create().taskClass())(), taskConfig, connectorConfig, initialState: targetState, kafka: this.kafka,
        converters, transforms: TransformationChain.fromConfig<SinkRecord>(this.registry, connectorConfig),
        retry, errorsToleranceAll, listener, log,
      });
    }
    this.tasks.set(key, runner);
    runner.start();
  }

  async stopTasks(ids: readonly ConnectorTaskId[]): Promise<void> {
    await Promise.all(ids.map(async (id) => {
      const key = taskIdString(id);
      const t = this.tasks.get(key);
      if (!t) return;
      await t.stop(this.config.taskShutdownGracefulTimeoutMs);
      this.tasks.delete(key);
    }));
  }

  taskIds(connector: string): ConnectorTaskId[] {
    return [...this.tasks.values()].map((t) => t.id).filter((id) => id.connector === connector);
  }

  allTaskIds(): ConnectorTaskId[] {
    return [...this.tasks.values()].map((t) => t.id);
  }

  connectorNames(): string[] {
    return [...this.connectors.keys()];
  }

  setTargetState(connector: string, state: TargetState): void {
    for (const t of this.tasks.values()) if (t.id.connector === connector) t.transitionTo(state);
  }

  async stop(): Promise<void> {
    await this.stopTasks(this.allTaskIds());
    await Promise.all(this.connectorNames().map((n) => this.stopConnector(n)));
  }
}
