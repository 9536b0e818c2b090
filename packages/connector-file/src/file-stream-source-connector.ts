import type { ConfigDef, ConnectorContext, SourceConnector, SourceTask } from '@tsconnect/sdk';
import { SOURCE_CONFIG_DEF, parseSourceConfig } from './file-stream-source-config.js';
import { FileStreamSourceTask } from './file-stream-source-task.js';
import { VERSION } from './version.js';

/**
 * Reads lines from a file or stdin into one topic (Kafka's FileStreamSourceConnector). One input
 * stream cannot be shared, so there is always exactly one task, whatever `tasks.max` says.
 */
export class FileStreamSourceConnector implements SourceConnector {
  readonly type = 'source';
  private props: Readonly<Record<string, string>> = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return SOURCE_CONFIG_DEF;
  }

  start(props: Readonly<Record<string, string>>, _context?: ConnectorContext): void {
    parseSourceConfig(props); // throws a ConfigException naming the bad key
    this.props = props;
  }

  taskClass(): new () => SourceTask {
    return FileStreamSourceTask;
  }

  taskConfigs(_maxTasks: number): Record<string, string>[] {
    // The task gets the whole connector config, as Kafka's does (KAFKA-13809).
    return [{ ...this.props }];
  }

  stop(): void {}
}
