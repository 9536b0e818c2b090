import { ConfigDef, Validators } from '@tsconnect/sdk';

export const TOPIC_CONFIG = 'topic';
export const SEED_CONFIG = 'seed';
export const BATCH_SIZE_CONFIG = 'batch.size';
export const POLL_INTERVAL_MS_CONFIG = 'poll.interval.ms';

export const RANDOM_SOURCE_CONFIG_DEF = new ConfigDef()
  .define({ name: TOPIC_CONFIG, type: 'STRING', importance: 'HIGH', validator: Validators.nonEmptyString(),
    documentation: 'The topic to write the numbers to.' })
  .define({ name: SEED_CONFIG, type: 'INT', defaultValue: 42, importance: 'MEDIUM',
    documentation: 'Seed of the number stream; the same seed always gives the same numbers.' })
  .define({ name: BATCH_SIZE_CONFIG, type: 'INT', defaultValue: 10, validator: Validators.between(1, 10_000), importance: 'LOW',
    documentation: 'How many numbers one poll returns.' })
  .define({ name: POLL_INTERVAL_MS_CONFIG, type: 'LONG', defaultValue: 500, validator: Validators.atLeast(0), importance: 'LOW',
    documentation: 'Pause before each batch, in milliseconds.' });

export interface RandomSourceConfig {
  readonly topic: string;
  readonly seed: number;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
}

/** Throws ConfigException naming the key and value of the first bad setting. */
export function parseRandomSourceConfig(props: Readonly<Record<string, string>>): RandomSourceConfig {
  const c = RANDOM_SOURCE_CONFIG_DEF.parse(props);
  return { topic: c.string(TOPIC_CONFIG), seed: c.int(SEED_CONFIG), batchSize: c.int(BATCH_SIZE_CONFIG), pollIntervalMs: c.long(POLL_INTERVAL_MS_CONFIG) };
}
