import type { ConfigDef, ConfigValueInfo, ConnectorContext, SinkConnector, SinkTask } from '@tsconnect/sdk';
import { crossKeyErrors, JDBC_SINK_CONFIG_DEF, parseJdbcSinkConfig } from './jdbc-sink-config.js';
import { JdbcSinkTask } from './jdbc-sink-task.js';
import { VERSION } from './version.js';

/** Every task gets the same config: Kafka spreads the topic partitions over them. */
export class JdbcSinkConnector implements SinkConnector {
  readonly type = 'sink' as const;
  private props: Record<string, string> = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return JDBC_SINK_CONFIG_DEF;
  }

  validate(props: Readonly<Record<string, string>>): ConfigValueInfo[] {
    return crossKeyErrors(props);
  }

  start(props: Readonly<Record<string, string>>, _context?: ConnectorContext): void {
    parseJdbcSinkConfig(props); // fail fast, naming the offending key
    this.props = { ...props };
  }

  taskClass(): new () => SinkTask {
    return JdbcSinkTask;
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: Math.max(1, maxTasks) }, () => ({ ...this.props }));
  }

  stop(): void {
    this.props = {};
  }
}
