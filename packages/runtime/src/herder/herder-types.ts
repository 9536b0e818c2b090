import type { ConnectState } from '../storage/status-backing-store.js';

/** JSON shapes of Kafka Connect's REST entities (field names as on the wire). */
export type ConnectorType = 'source' | 'sink' | 'unknown';

export interface ConnectorTaskId {
  readonly connector: string;
  readonly task: number;
}

export interface ConnectorInfo {
  readonly name: string;
  readonly config: Record<string, string>;
  readonly tasks: ConnectorTaskId[];
  readonly type: ConnectorType;
}

export interface TaskInfo {
  readonly id: ConnectorTaskId;
  readonly config: Record<string, string>;
}

/** `trace` is left out when empty, as Kafka's @JsonInclude(NON_EMPTY). */
export interface ConnectorStateEntry {
  readonly state: ConnectState;
  readonly worker_id: string;
  readonly trace?: string;
}

export interface TaskStateEntry extends ConnectorStateEntry {
  readonly id: number;
}

export interface ConnectorStateInfo {
  readonly name: string;
  readonly connector: ConnectorStateEntry;
  readonly tasks: TaskStateEntry[];
  readonly type: ConnectorType;
}

export interface ActiveTopicsInfo {
  readonly topics: string[];
}

/** Result of a create-or-update: `created` picks 201 vs 200. */
export interface Created<T> {
  readonly created: boolean;
  readonly result: T;
}

export interface RestartRequest {
  readonly connector: string;
  readonly onlyFailed: boolean;
  readonly includeTasks: boolean;
}

/** `GET /cluster/status`: the workers and what runs where. */
export interface ClusterStatus {
  readonly mode: 'standalone' | 'distributed';
  readonly kafka_cluster_id: string | null;
  readonly workers: { worker_id: string; connectors: string[]; tasks: ConnectorTaskId[] }[];
}
