import type { ConfigDef, ConnectorContext, SinkConnector, SinkTask } from '@tsconnect/sdk';
import { SINK_CONFIG_DEF, parseSinkFile } from './file-stream-sink-config.js';
import { FileStreamSinkTask } from './file-stream-sink-task.js';
import { VERSION } from './version.js';

/**
 * Writes the records of `topics` as lines to a file or stdout (Kafka's FileStreamSinkConnector).
 * Every task gets the same config; with more than one, their lines interleave in the file.
 */
export class FileStreamSinkConnector implements SinkConnector {
  readonly type = 'sink';
  private props: Readonly<Record<string, string>> = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return SINK_CONFIG_DEF;
  }

  start(props: Readonly<Record<string, string>>, _context?: ConnectorContext): void {
    parseSinkFile(props);
    this.props = props;
  }

  taskClass(): new () => SinkTask {
    return FileStreamSinkTask;
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  stop(): void {}
}
