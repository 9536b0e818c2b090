// Shapes of the Kafka Connect REST API (and the console's /ui/api endpoints) the views use.
export type State = 'RUNNING' | 'PAUSED' | 'FAILED' | 'STOPPED' | 'UNASSIGNED' | 'RESTARTING';

export interface TaskState { id: number; state: State; worker_id: string; trace?: string }
export interface ConnectorStatus {
  name: string;
  connector: { state: State; worker_id: string; trace?: string };
  tasks: TaskState[];
  type: 'source' | 'sink' | 'unknown';
}
export interface ConnectorInfo { name: string; config: Record<string, string>; tasks: { connector: string; task: number }[]; type: string }
export type ExpandedConnectors = Record<string, { status?: ConnectorStatus; info?: ConnectorInfo }>;

export interface ConfigValueInfo { name: string; value: string | null; recommended_values: string[]; errors: string[]; visible: boolean }
export interface ConfigKeyInfo { name: string; type: string; required: boolean; default_value: string | null; importance: string; documentation: string; group: string | null }
export interface ConfigInfos { name: string; error_count: number; groups: string[]; configs: { definition: ConfigKeyInfo; value: ConfigValueInfo }[] }

export interface PluginInfo { class: string; type: string; version: string }

export interface ClusterStatus { mode: string; kafka_cluster_id: string | null; workers: { worker_id: string; connectors: string[]; tasks: { connector: string; task: number }[] }[] }

export type DecodedData =
  | { format: 'converter'; converter: string; json: unknown; text: string }
  | { format: 'utf8'; text: string; error?: string }
  | { format: 'base64'; base64: string; error?: string };
export interface BrowsedMessage {
  partition: number; offset: string; timestamp: number;
  key: DecodedData | null; value: DecodedData | null;
  headers: { key: string; value: string | null; base64?: string }[];
}
export interface MessagesPage { topic: string; messages: BrowsedMessage[]; next: string; partitions: { partition: number; earliest: string; latest: string }[] }
export interface TopicSummary {
  topic: string; messages: string; endOffsetSum: string; messagesPerSecond: number | null; group?: string; lag?: string;
  partitions: { partition: number; leader: number; earliest: string; latest: string; messages: string; committed?: string | null; lag?: string }[];
}
