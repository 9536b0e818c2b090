import type { ConfigInfos } from '@tsconnect/sdk';
import type { ConnectMetrics } from '../metrics/connect-metrics.js';
import type { PluginInfo, PluginRegistry } from '../plugins/plugin-registry.js';
import type { ConnectLoggers } from '../worker/connect-loggers.js';
import type { ConnectorOffsetsService } from '../worker/connector-offsets.js';
import type {
  ActiveTopicsInfo, ClusterStatus, ConnectorInfo, ConnectorStateInfo, Created, RestartRequest, TaskInfo, TaskStateEntry,
} from './herder-types.js';

/**
 * Manages connectors and tasks for the REST layer (Kafka's Herder). `StandaloneHerder` runs
 * everything in this process; a distributed herder (group membership, config topic, request
 * forwarding to the leader) implements the same interface. Methods throw ConnectRestException
 * subclasses (NotFound 404, AlreadyExists 409, BadRequest 400) with Kafka's messages.
 */
export interface Herder {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `<host>:<port>` this worker reports in statuses. */
  readonly workerId: string;

  connectors(): Promise<string[]>;
  connectorInfo(name: string): Promise<ConnectorInfo>;
  connectorConfig(name: string): Promise<Record<string, string>>;
  /** Creates or replaces; `allowReplace=false` → 409 when it exists. */
  putConnectorConfig(name: string, config: Record<string, string>, allowReplace: boolean): Promise<Created<ConnectorInfo>>;
  patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<Created<ConnectorInfo>>;
  deleteConnectorConfig(name: string): Promise<void>;
  taskConfigs(name: string): Promise<TaskInfo[]>;

  connectorStatus(name: string): Promise<ConnectorStateInfo>;
  taskStatus(name: string, task: number): Promise<TaskStateEntry>;
  connectorActiveTopics(name: string): Promise<ActiveTopicsInfo>;
  resetConnectorActiveTopics(name: string): Promise<void>;

  restartConnector(name: string): Promise<void>;
  restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo>;
  restartTask(name: string, task: number): Promise<void>;
  pauseConnector(name: string): Promise<void>;
  resumeConnector(name: string): Promise<void>;
  stopConnector(name: string): Promise<void>;

  /** Validation without side effects (`PUT /connector-plugins/{p}/config/validate`). */
  validateConnectorConfig(config: Record<string, string>): Promise<ConfigInfos>;
  connectorPlugins(connectorsOnly: boolean): PluginInfo[];

  /** Worker config with secrets masked (`GET /config/worker`). */
  workerConfig(): Record<string, string>;
  kafkaClusterId(): Promise<string | null>;
  clusterStatus(): Promise<ClusterStatus>;

  /**
   * Optional KIP-875 offsets (`GET/PATCH/DELETE /connectors/{c}/offsets`). When a herder leaves
   * them out, the REST layer uses the ConnectorOffsetsService it was given (offset store +
   * consumer group admin). A distributed herder may implement them to forward to the leader.
   */
  connectorOffsets?(name: string): Promise<{ offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> | null }[] }>;
  alterConnectorOffsets?(name: string, body: unknown): Promise<{ message: string }>;
  resetConnectorOffsets?(name: string): Promise<{ message: string }>;

  /**
   * Services the REST layer uses when `createRestServer` was not given them (loggers for
   * `/admin/loggers`, the registry for `/connector-plugins/{p}/config`, metrics, KIP-875 offsets).
   */
  restServices?(): { loggers?: ConnectLoggers; plugins?: PluginRegistry; metrics?: ConnectMetrics; offsets?: ConnectorOffsetsService };
}
