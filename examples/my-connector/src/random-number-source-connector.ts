import type { ConfigDef, SourceConnector, SourceTask } from '@tsconnect/sdk';
import { parseRandomSourceConfig, RANDOM_SOURCE_CONFIG_DEF } from './random-number-source-config.js';
import { RandomNumberSourceTask } from './random-number-source-task.js';
import { VERSION } from './version.js';

/** One stream of seeded random numbers: a single task whatever `tasks.max` says. */
export class RandomNumberSourceConnector implements SourceConnector {
  readonly type = 'source' as const;
  private props: Record<string, string> = {};

  version(): string { return VERSION; }
  config(): ConfigDef { return RANDOM_SOURCE_CONFIG_DEF; }

  start(props: Readonly<Record<string, string>>): void {
    parseRandomSourceConfig(props); // fail at start with the key and value, not later in the task
    this.props = { ...props };
  }

  taskConfigs(): Record<string, string>[] {
    return [{ ...this.props }];
  }

  stop(): void {}

  taskClass(): new () => SourceTask { return RandomNumberSourceTask; }
}
