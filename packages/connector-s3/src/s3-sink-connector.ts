import type { ConfigDef, ConfigValueInfo, SinkConnector, SinkTask } from '@tsconnect/sdk';
import { ConfigException } from '@tsconnect/sdk';
import { newPartitioner } from './partitioner/new-partitioner.js';
import { parseS3SinkConfig, S3_SINK_CONFIG_DEF } from './s3-sink-config.js';
import { S3SinkTask } from './s3-sink-task.js';
import { VERSION } from './version.js';

/** Confluent's S3SinkConnector: validates the config and gives every task the same props. */
export class S3SinkConnector implements SinkConnector {
  readonly type = 'sink' as const;
  private props: Readonly<Record<string, string>> = {};

  version(): string {
    return VERSION;
  }

  config(): ConfigDef {
    return S3_SINK_CONFIG_DEF;
  }

  /** Cross-key checks (e.g. FieldPartitioner without partition.field.name, a bad path.format). */
  validate(props: Readonly<Record<string, string>>): ConfigValueInfo[] {
    try {
      newPartitioner(parseS3SinkConfig(props));
      return [];
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e;
      return [{ name: e.key, value: e.value === null || e.value === undefined ? null : String(e.value), recommended_values: [], errors: [e.message], visible: true }];
    }
  }

  start(props: Readonly<Record<string, string>>): void {
    newPartitioner(parseS3SinkConfig(props)); // fail fast with the key name
    this.props = { ...props };
  }

  taskClass(): new () => SinkTask {
    return S3SinkTask;
  }

  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  stop(): void {}
}
