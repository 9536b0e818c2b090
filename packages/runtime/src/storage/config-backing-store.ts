/** What a connector should be doing (Kafka's TargetState). */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

/**
 * Connector and task configs plus target states (Kafka's ConfigBackingStore): in memory for
 * standalone; the compacted `config.storage.topic` (keys `connector-<name>`, `task-<name>-<n>`,
 * `commit-<name>`, `target-state-<name>`) for distributed mode. Reads are of the current
 * snapshot; writes resolve once durable.
 */
export interface ConfigBackingStore {
  connectors(): string[];
  contains(connector: string): boolean;
  connectorConfig(connector: string): Readonly<Record<string, string>> | undefined;
  taskConfigs(connector: string): readonly Readonly<Record<string, string>>[];
  targetState(connector: string): TargetState | undefined;
  putConnectorConfig(connector: string, config: Readonly<Record<string, string>>, targetState?: TargetState): Promise<void>;
  removeConnectorConfig(connector: string): Promise<void>;
  putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void>;
  putTargetState(connector: string, state: TargetState): Promise<void>;
}

/**
 * The current snapshot both stores read from (Kafka's ClusterConfigState); the subclasses
 * differ only in how it gets written (directly, or by reading back the config topic).
 */
export abstract class ConfigSnapshot {
  protected readonly configs = new Map<string, Readonly<Record<string, string>>>();
  /** Task configs as last committed (the Kafka store holds uncommitted ones apart). */
  protected readonly tasks = new Map<string, readonly Readonly<Record<string, string>>[]>();
  protected readonly targets = new Map<string, TargetState>();

  connectors(): string[] {
    return [...this.configs.keys()].sort();
  }
  contains(connector: string): boolean {
    return this.configs.has(connector);
  }
  connectorConfig(connector: string): Readonly<Record<string, string>> | undefined {
    return this.configs.get(connector);
  }
  taskConfigs(connector: string): readonly Readonly<Record<string, string>>[] {
    return this.tasks.get(connector) ?? [];
  }
  targetState(connector: string): TargetState | undefined {
    return this.targets.get(connector);
  }
}

export class MemoryConfigBackingStore extends ConfigSnapshot implements ConfigBackingStore {
  async putConnectorConfig(connector: string, config: Readonly<Record<string, string>>, targetState?: TargetState): Promise<void> {
    this.configs.set(connector, { ...config });
    if (targetState) this.targets.set(connector, targetState);
    else if (!this.targets.has(connector)) this.targets.set(connector, 'STARTED');
  }
  async removeConnectorConfig(connector: string): Promise<void> {
    this.configs.delete(connector);
    this.tasks.delete(connector);
    this.targets.delete(connector);
  }
  async putTaskConfigs(connector: string, configs: readonly Readonly<Record<string, string>>[]): Promise<void> {
    this.tasks.set(connector, configs.map((c) => ({ ...c })));
  }
  async putTargetState(connector: string, state: TargetState): Promise<void> {
    this.targets.set(connector, state);
  }
}
