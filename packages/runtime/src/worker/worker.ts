import type { Kafka } from 'kafkajs';
import type { Connector, SinkRecord, SourceRecord } from '@tsconnect/sdk';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/worker-config.js';
import { maskConfig } from '../config/mask-config.js';
import { taskRestartPolicy } from '../config/worker-extras.js';
import { ConfigTransformer } from '../config-providers/config-transformer.js';
import { DeadLetterQueueReporter } from '../errors/dead-letter-queue-reporter.js';
import { errorHandlingConfig } from '../errors/error-handling-config.js';
import type { ErrorReporter } from '../errors/error-reporter.js';
import { LogReporter } from '../errors/log-reporter.js';
import { RetryWithToleranceOperator } from '../errors/retry-with-tolerance-operator.js';
import { ConnectMetrics } from '../metrics/connect-metrics.js';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { TargetState } from '../storage/config-backing-store.js';
import type { OffsetBackingStore } from '../storage/offset-backing-store.js';
import { createTaskConverters } from './converters.js';
import { roleClientProps } from '../config/client-overrides.js';
import { createTaskKafka, TopicAdmin } from './kafka-clients.js';
import type { RetryPolicy } from './retry.js';
import { TransformationChain } from './transformation-chain.js';
import { WorkerSinkTask } from './worker-sink-task.js';
import { WorkerSourceTask } from './worker-source-task.js';
import { taskIdString, type TaskStatusListener, type WorkerTask } from './worker-task.js';
import { ConnectLoggers, LOGGER_NAMES } from './connect-loggers.js';
import { TaskRestarter } from './task-restarter.js';
import { exactlyOnceTaskSettings } from '../exactly-once/exactly-once-config.js';

/** Optional services a Worker shares with the REST layer; created with defaults when absent. */
export interface WorkerServices {
  readonly metrics?: ConnectMetrics;
  readonly loggers?: ConnectLoggers;
  readonly configTransformer?: ConfigTransformer;
}

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
  readonly metrics: ConnectMetrics;
  readonly loggers: ConnectLoggers;
  /** Resolves `${provider:path:key}` when connectors and tasks start (config.providers). */
  readonly configTransformer: ConfigTransformer;
  private readonly restarter: TaskRestarter;

  constructor(
    readonly config: WorkerConfig,
    private readonly registry: PluginRegistry,
    /** The worker's own client (top-level keys); tasks get per-connector clients (createTaskKafka). */
    readonly kafka: Kafka,
    readonly offsetStore: OffsetBackingStore,
    private readonly log: Logger,
    services: WorkerServices = {},
  ) {
    this.metrics = services.metrics ?? new ConnectMetrics();
    this.loggers = services.loggers ?? new ConnectLoggers(log);
    this.configTransformer = services.configTransformer ?? ConfigTransformer.fromWorkerProps(config.originals);
    this.restarter = new TaskRestarter(this.loggers.get(LOGGER_NAMES.worker));
  }

  /** Instantiates and starts a connector (unless STOPPED); throws what `start` throws. */
  async startConnector(name: string, config: Readonly<Record<string, string>>, listener: ConnectorListener): Promise<void> {
    await this.stopConnector(name);
    const plugin = this.registry.resolve(config['connector.class'] ?? '', ['source', 'sink']);
    const instance = plugin.create();
    const abort = new AbortController();
    this.connectors.set(name, { instance, abort, config });
    this.metrics.startup.connectorAttempts++;
    try {
      const resolved = this.configTransformer.transform(config);
      this.loggers.get(LOGGER_NAMES.connector, { connector: name })
        .info({ config: maskConfig(config, instance.config()) }, `Instantiated connector ${name} with version ${plugin.version} of type ${plugin.className}`);
      await instance.start(resolved, {
        requestTaskReconfiguration: () => listener.requestTaskReconfiguration(name),
        raiseError: (e) => listener.onFailure(name, e),
        signal: abort.signal,
      });
    } catch (e) {
      this.connectors.delete(name);
      this.metrics.startup.connectorFailure++;
      throw e;
    }
    this.metrics.startup.connectorSuccess++;
    this.metrics.connectorStarted(name, { type: plugin.type, className: plugin.className, version: plugin.version });
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
    // Task configs are stored and shown by REST: keep `${…}` references instead of secrets.
    return ConfigTransformer.reverseTransform(c.config, configs);
  }

  async stopConnector(name: string): Promise<void> {
    const c = this.connectors.get(name);
    if (!c) return;
    this.connectors.delete(name);
    this.metrics.connectorStopped(name);
    c.abort.abort();
    try {
      await c.instance.stop();
    } catch (e) {
      this.log.error({ err: e, connector: name }, 'Error while stopping connector');
    }
  }

  /**
   * Builds and starts a task runner; errors building it propagate (the herder marks the task
   * FAILED). Configs are resolved (`${provider:…}`) here, never stored resolved. With
   * `task.auto.restart.enable` a FAILED task is rebuilt and started again after a backoff.
   */
  startTask(id: ConnectorTaskId, connectorConfig: Readonly<Record<string, string>>, taskConfig: Readonly<Record<string, string>>,
    targetState: TargetState, listener: TaskStatusListener): void {
    const key = taskIdString(id);
    if (this.tasks.has(key)) throw new Error(`Task already exists in this worker: ${key}`);
    const policy = taskRestartPolicy(this.config.originals, connectorConfig);
    const build = (state: TargetState): WorkerTask => this.buildTask(id, connectorConfig, taskConfig, state, {
      ...listener,
      onStartup: (i) => {
        this.metrics.startup.taskSuccess++;
        this.restarter.onStartup(key);
        listener.onStartup(i);
      },
      onFailure: (i, e) => {
        listener.onFailure(i, e);
        if (!policy.enabled) return;
        this.restarter.schedule(key, policy, async (cancelled) => {
          const current = this.tasks.get(key);
          if (!current || current !== runner) return false; // stopped or replaced meanwhile
          await current.stop(this.config.taskShutdownGracefulTimeoutMs);
          if (cancelled() || this.tasks.get(key) !== current) return false;
          runner = build(current.currentTargetState);
          this.tasks.set(key, runner);
          runner.start();
          return true;
        });
      },
    });
    let runner = build(targetState);
    this.tasks.set(key, runner);
    runner.start();
  }

  private buildTask(id: ConnectorTaskId, rawConnectorConfig: Readonly<Record<string, string>>, rawTaskConfig: Readonly<Record<string, string>>,
    targetState: TargetState, listener: TaskStatusListener): WorkerTask {
    this.metrics.startup.taskAttempts++;
    try {
      const connectorConfig = this.configTransformer.transform(rawConnectorConfig);
      const taskConfig = this.configTransformer.transform(rawTaskConfig);
      const plugin = this.registry.resolve(connectorConfig['connector.class'] ?? '', ['source', 'sink']);
      const isSink = plugin.type === 'sink';
      const log = this.loggers.get(isSink ? LOGGER_NAMES.sinkTask : LOGGER_NAMES.sourceTask, { connector: id.connector, task: id.task });
      const errors = errorHandlingConfig(connectorConfig, isSink);
      const retry: RetryPolicy = { timeoutMs: errors.retryTimeoutMs, maxDelayMs: errors.retryDelayMaxMs };
      const metrics = this.metrics.taskGroup(id, plugin.type);
      const abort = new AbortController();
      // producer./consumer./admin. worker keys and the connector's *.override. keys (policy-checked).
      const kafka = createTaskKafka(this.config, plugin.type, connectorConfig, taskIdString(id), this.log);
      const reporters: ErrorReporter[] = [
        new LogReporter(id, errors, metrics.errors, this.loggers.get(LOGGER_NAMES.logReporter, { connector: id.connector, task: id.task })),
      ];
      if (errors.dlqTopicName !== '') {
        reporters.push(new DeadLetterQueueReporter(kafka, id, errors, metrics.errors,
          this.loggers.get(LOGGER_NAMES.dlqReporter, { connector: id.connector, task: id.task })));
      }
      const errorHandler = new RetryWithToleranceOperator(errors, metrics.errors, reporters, abort.signal);
      const converters = createTaskConverters(this.registry, this.config, connectorConfig);
      let runner: WorkerTask;
      if (plugin.type === 'source') {
        const partitions = Number(connectorConfig['topic.creation.default.partitions'] ?? 1);
        const replicationFactor = Number(connectorConfig['topic.creation.default.replication.factor'] ?? 1);
        runner = new WorkerSourceTask({
          id, task: new (plugin.create().taskClass())(),
          taskConfig, initialState: targetState, kafka,
          topicAdmin: new TopicAdmin(kafka, { enabled: this.config.topicCreationEnable, partitions, replicationFactor }),
          converters, transforms: TransformationChain.fromConfig<SourceRecord>(this.registry, connectorConfig),
          offsetStore: this.offsetStore, offsetFlushIntervalMs: this.config.offsetFlushIntervalMs,
          retry, errorHandler, metrics, listener, log,
          exactlyOnce: exactlyOnceTaskSettings(this.config.originals, connectorConfig, id, this.config.offsetFlushIntervalMs),
        });
      } else {
        runner = new WorkerSinkTask({
          id, task: new (plugin.create().taskClass())(), taskConfig, connectorConfig, initialState: targetState, kafka,
          // Kafka Connect's sink consumers start from the earliest offset unless told otherwise.
          autoOffsetReset: (roleClientProps(this.config.originals, 'consumer', connectorConfig)['auto.offset.reset']?.value ?? 'earliest').trim().toLowerCase(),
          converters, transforms: TransformationChain.fromConfig<SinkRecord>(this.registry, connectorConfig),
          retry, errorHandler, metrics, offsetFlushIntervalMs: this.config.offsetFlushIntervalMs, listener, log,
        });
      }
      // Stopping the runner also ends retries/backoffs of its error handler.
      runner.signal.addEventListener('abort', () => abort.abort(), { once: true });
      return runner;
    } catch (e) {
      this.metrics.startup.taskFailure++;
      throw e;
    }
  }

  async stopTasks(ids: readonly ConnectorTaskId[]): Promise<void> {
    await Promise.all(ids.map(async (id) => {
      const key = taskIdString(id);
      this.restarter.cancel(key);
      const t = this.tasks.get(key);
      if (!t) return;
      await t.stop(this.config.taskShutdownGracefulTimeoutMs);
      if (this.tasks.get(key) === t) this.tasks.delete(key);
      this.metrics.removeTask(id);
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
