import type { ConfigInfos } from '@tsconnect/sdk';
import type { Logger } from 'pino';
import { configErrorsMessage, validateConnectorConfig } from '../config/connector-config.js';
import type { PluginInfo, PluginRegistry } from '../plugins/plugin-registry.js';
import type { ConfigBackingStore } from '../storage/config-backing-store.js';
import type { StatusBackingStore, TaskStatus } from '../storage/status-backing-store.js';
import type { Worker } from '../worker/worker.js';
import { BadRequestException, NotFoundException } from './errors.js';
import type {
  ActiveTopicsInfo, ConnectorInfo, ConnectorStateInfo, ConnectorType, TaskInfo, TaskStateEntry,
} from './herder-types.js';
import { maskSecrets } from './mask-secrets.js';

/** What every herder is built from; the subclasses add their own (worker id, group identity). */
export interface AbstractHerderOptions {
  readonly worker: Worker;
  readonly registry: PluginRegistry;
  readonly configStore: ConfigBackingStore;
  readonly statusStore: StatusBackingStore;
  readonly logger: Logger;
  /** Looks up the Kafka cluster id (GET /); null when Kafka cannot be reached. */
  readonly clusterId: () => Promise<string | null>;
}

/**
 * The read side both herders share (Kafka's AbstractHerder): connector/task configs from the
 * ConfigBackingStore, states and topics from the StatusBackingStore, validation and plugins.
 * Writes, restarts and cluster status differ per mode and stay in the subclasses.
 */
export abstract class AbstractHerder<O extends AbstractHerderOptions> {
  private queue: Promise<unknown> = Promise.resolve();
  protected readonly log: Logger;

  constructor(protected readonly o: O) {
    this.log = o.logger.child({ component: 'herder' });
  }

  /** The worker's own properties, masked for `GET /config/worker`. */
  protected abstract workerProps(): Readonly<Record<string, string>>;

  /** Task states `connectorStatus` reports; distributed mode hides tasks beyond the current task configs. */
  protected statusTasks(name: string): TaskStatus[] {
    return this.o.statusStore.getAll(name);
  }

  async start(): Promise<void> {}

  /** Runs mutations one at a time, as Kafka's synchronized herder methods / herder thread. */
  protected serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The connector's config or a 404 with `message` (the wording differs per method, as in Kafka). */
  protected requireConnector(name: string, message = `Connector ${name} not found`): Readonly<Record<string, string>> {
    const config = this.o.configStore.connectorConfig(name);
    if (!config) throw new NotFoundException(message);
    return config;
  }

  /** The connector's config with `patch` applied (`null` removes a key); 404 when unknown. */
  protected patchedConfig(name: string, patch: Record<string, string | null>): Record<string, string> {
    const patched: Record<string, string> = { ...this.requireConnector(name) };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete patched[k];
      else patched[k] = v;
    }
    return patched;
  }

  /** 400 with Kafka's message when the config has errors. */
  protected async requireValidConfig(config: Record<string, string>): Promise<void> {
    const infos = await this.validateConnectorConfig(config);
    if (infos.error_count > 0) throw new BadRequestException(configErrorsMessage(infos));
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

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    const status = this.o.statusStore.get(name);
    if (!status) throw new NotFoundException(`No status found for connector ${name}`);
    return {
      name,
      connector: withTrace({ state: status.state, worker_id: status.workerId }, status.trace),
      tasks: this.statusTasks(name).map((t) => withTrace({ id: t.task, state: t.state, worker_id: t.workerId }, t.trace)),
      type: this.connectorType(this.o.configStore.connectorConfig(name) ?? {}),
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

  async validateConnectorConfig(config: Record<string, string>): Promise<ConfigInfos> {
    return (await validateConnectorConfig(this.o.registry, config, this.o.worker.configTransformer, this.o.worker.config.originals)).infos;
  }

  connectorPlugins(connectorsOnly: boolean): PluginInfo[] {
    return connectorsOnly
      ? this.o.registry.list()
      : this.o.registry.list(['source', 'sink', 'converter', 'header_converter', 'transformation', 'predicate']);
  }

  workerConfig(): Record<string, string> {
    return maskSecrets(this.workerProps());
  }

  kafkaClusterId(): Promise<string | null> {
    return this.o.clusterId();
  }

  protected connectorType(config: Readonly<Record<string, string>>): ConnectorType {
    const plugin = this.o.registry.find(config['connector.class'] ?? '', ['source', 'sink']);
    return plugin ? plugin.type : 'unknown';
  }
}

function withTrace<T extends object>(entry: T, trace: string | null): T & { trace?: string } {
  return trace ? { ...entry, trace } : entry;
}
