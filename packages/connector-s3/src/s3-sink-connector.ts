import type { ConfigDef, ConfigValueInfo, SinkConnector, SinkTask } from '@tsconnect/sdk';
import { ConfigException } from '@tsconnect/sdk';
import { newPartitioner } from './partitioner/new-partitioner.js';
import { parseS3SinkConfig, S3_SINK_CONFIG_DEF } from './s3-sink-config.js';
import { S3SinkTask } from './s3-sink-task.js';
import { openStorage } from './storage/open-storage.js';
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

  /**
   * Cross-key checks (e.g. FieldPartitioner without partition.field.name, a bad path.format), then
   * a HeadBucket with the given endpoint and credentials: a missing bucket, unknown key id, wrong
   * secret or unreachable endpoint is reported on the key to fix.
   */
  async validate(props: Readonly<Record<string, string>>): Promise<ConfigValueInfo[]> {
    let config;
    try {
      config = parseS3SinkConfig(props);
      newPartitioner(config);
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e;
      return [info(e.key, e.value === null || e.value === undefined ? null : String(e.value), e.message)];
    }
    const { storage, checkBucket } = await openStorage(config);
    try {
      const problem = await checkBucket();
      return problem ? [info(problem.key, problem.value, problem.message)] : [];
    } finally {
      storage.close();
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

function info(name: string, value: string | null, error: string): ConfigValueInfo {
  return { name, value, recommended_values: [], errors: [error], visible: true };
}
