import type { ConfigDef } from '../config/config-def.js';
import type { ConfigValueInfo } from '../config/config-infos.js';
import type { SinkTask } from '../sink/sink-task.js';
import type { SourceTask } from '../source/source-task.js';

/** What a connector may ask of the runtime. */
export interface ConnectorContext {
  /** Ask for `taskConfigs` to be called again (e.g. a new table appeared). */
  requestTaskReconfiguration(): void;
  /** Fail the connector with this error (status FAILED with its trace). */
  raiseError(error: Error): void;
  readonly signal: AbortSignal;
}

/**
 * Shared by source and sink connectors (Kafka's Connector). A connector does not move data: it
 * validates config and splits the work into task configs. Lifecycle: start → taskConfigs* → stop.
 */
export interface Connector {
  version(): string;
  /** The declared keys; the runtime validates against them before `start`. */
  config(): ConfigDef;
  /**
   * Extra cross-key checks beyond `config()` (default: none). Returned entries are merged into
   * the validate response by key name.
   */
  validate?(props: Readonly<Record<string, string>>): Promise<ConfigValueInfo[]> | ConfigValueInfo[];
  start(props: Readonly<Record<string, string>>, context: ConnectorContext): Promise<void> | void;
  /** At most `maxTasks` configs; each starts one task. */
  taskConfigs(maxTasks: number): Promise<Record<string, string>[]> | Record<string, string>[];
  stop(): Promise<void> | void;
}

export interface SourceConnector extends Connector {
  readonly type: 'source';
  taskClass(): new () => SourceTask;
}

export interface SinkConnector extends Connector {
  readonly type: 'sink';
  taskClass(): new () => SinkTask;
}
