import { ConfigDef, ConfigException, Validators, type Validator } from '@tsconnect/sdk';

export const FILE_CONFIG = 'file';
export const TOPIC_CONFIG = 'topic';
export const TASK_BATCH_SIZE_CONFIG = 'batch.size';
export const DEFAULT_TASK_BATCH_SIZE = 2000;

/** Source partition / offset keys, as Kafka's FileStreamSourceTask stores them. */
export const FILENAME_FIELD = 'filename';
export const POSITION_FIELD = 'position';

/**
 * One Kafka topic name. Kafka once declared `topic` as a list and rejected more than one entry;
 * today it is a string, so "a,b" would only fail later when producing. Rejecting it here gives
 * the error at validate time, naming key and value.
 */
const singleTopic: Validator = {
  ensureValid(name, value) {
    if (value === null || value === undefined) return;
    const topic = String(value);
    if (topic.trim() === '') throw new ConfigException(name, value, 'String must be non-empty');
    if (topic.includes(',')) {
      throw new ConfigException(name, value, `'${name}' in FileStreamSourceConnector configuration requires definition of a single topic`);
    }
    if (topic === '.' || topic === '..') throw new ConfigException(name, value, `Topic name cannot be "${topic}"`);
    if (topic.length > 249) throw new ConfigException(name, value, 'Topic name is illegal, it can\'t be longer than 249 characters');
    if (!/^[a-zA-Z0-9._-]+$/.test(topic)) {
      throw new ConfigException(name, value, `Topic name "${topic}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`);
    }
  },
  toString: () => 'a single topic name',
};

export const SOURCE_CONFIG_DEF = new ConfigDef()
  .define({
    name: FILE_CONFIG, type: 'STRING', defaultValue: null, importance: 'HIGH',
    documentation: 'Source filename. If not specified, the standard input will be used',
  })
  .define({
    name: TOPIC_CONFIG, type: 'STRING', validator: singleTopic, importance: 'HIGH',
    documentation: 'The topic to publish data to',
  })
  .define({
    name: TASK_BATCH_SIZE_CONFIG, type: 'INT', defaultValue: DEFAULT_TASK_BATCH_SIZE, importance: 'LOW',
    // Kafka declares no bound; 0 or less would make every poll return one record, so reject it.
    validator: Validators.atLeast(1),
    documentation: 'The maximum number of records the source task can read from the file each time it is polled',
  });

export interface FileStreamSourceConfig {
  /** null (or empty) means standard input. */
  readonly file: string | null;
  readonly topic: string;
  readonly batchSize: number;
}

export function parseSourceConfig(props: Readonly<Record<string, string>>): FileStreamSourceConfig {
  const c = SOURCE_CONFIG_DEF.parse(props);
  const file = c.optionalString(FILE_CONFIG);
  return { file: file === null || file === '' ? null : file, topic: c.string(TOPIC_CONFIG), batchSize: c.int(TASK_BATCH_SIZE_CONFIG) };
}
