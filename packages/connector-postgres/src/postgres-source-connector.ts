import type { ConfigDef, ConfigValueInfo, SourceConnector, SourceTask } from '@tsconnect/sdk';
import { parsePostgresConfig, POSTGRES_CONFIG_DEF } from './config/postgres-connector-config.js';
import { parseMessageKeyColumns } from './schema/key-columns.js';
import { validateConnection } from './connection/connection-validator.js';
import { PostgresSourceTask } from './postgres-source-task.js';
import { CONNECTOR_VERSION } from './version.js';

/**
 * Debezium-compatible PostgreSQL CDC source. Like Debezium's PostgresConnector it runs a single
 * task (one replication slot is one ordered stream), whatever tasks.max says.
 */
export class PostgresSourceConnector implements SourceConnector {
  readonly type = 'source' as const;
  private props: Record<string, string> = {};

  version(): string {
    return CONNECTOR_VERSION;
  }

  config(): ConfigDef {
    return POSTGRES_CONFIG_DEF;
  }

  /**
   * Cross-key checks beyond the ConfigDef (message.key.columns), then, when the keys parse,
   * a real connection: login, wal_level, REPLICATION, publication rights (see validateConnection).
   */
  async validate(props: Readonly<Record<string, string>>): Promise<ConfigValueInfo[]> {
    try {
      parseMessageKeyColumns(props['message.key.columns'] ?? null);
    } catch (e) {
      return [{ name: 'message.key.columns', value: props['message.key.columns'] ?? null, recommended_values: [], errors: [(e as Error).message], visible: true }];
    }
    let config;
    try {
      config = parsePostgresConfig(props);
    } catch {
      return []; // the ConfigDef already reports the bad key
    }
    return validateConnection(config);
  }

  start(props: Readonly<Record<string, string>>): void {
    parsePostgresConfig(props);
    parseMessageKeyColumns(props['message.key.columns'] ?? null);
    this.props = { ...props };
  }

  taskConfigs(_maxTasks: number): Record<string, string>[] {
    return [{ ...this.props }];
  }

  stop(): void {}

  taskClass(): new () => SourceTask {
    return PostgresSourceTask;
  }
}
