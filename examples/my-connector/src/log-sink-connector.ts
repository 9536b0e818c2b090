import type { ConfigDef, SinkConnector, SinkTask } from '@tsconnect/sdk';
import { LOG_SINK_CONFIG_DEF, parseLogSinkConfig } from './log-sink-config.js';
import { LogSinkTask } from './log-sink-task.js';
import { VERSION } from './version.js';

/** Appends consumed records to a log file (or stdout). One task: lines of one file stay in order. */
export class LogSinkConnector implements SinkConnector {
  readonly type = 'sink' as const;
  private props: Record<string, string> = {};

  version(): string { return VERSION; }
  config(): ConfigDef { return LOG_SINK_CONFIG_DEF; }

  start(props: Readonly<Record<string, string>>): void {
    parseLogSinkConfig(props);
    this.props = { ...props };
  }

  taskConfigs(): Record<string, string>[] {
    return [{ ...this.props }];
  }

  stop(): void {}

  taskClass(): new () => SinkTask { return LogSinkTask; }
}
