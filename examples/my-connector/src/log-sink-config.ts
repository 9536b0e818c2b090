import { ConfigDef, Validators } from '@tsconnect/sdk';

export const LOG_FILE_CONFIG = 'log.file';
export const LOG_FORMAT_CONFIG = 'log.format';

export const LOG_SINK_CONFIG_DEF = new ConfigDef()
  .define({ name: LOG_FILE_CONFIG, type: 'STRING', defaultValue: null, importance: 'HIGH',
    documentation: 'File to append one line per record to; standard output when unset.' })
  .define({ name: LOG_FORMAT_CONFIG, type: 'STRING', defaultValue: 'json', validator: Validators.in(['json', 'text']), importance: 'LOW',
    documentation: 'json: one JSON object per line {topic, partition, offset, key, value}; text: topic-partition@offset key=… value=…' });

export interface LogSinkConfig {
  readonly file: string | null;
  readonly format: 'json' | 'text';
}

export function parseLogSinkConfig(props: Readonly<Record<string, string>>): LogSinkConfig {
  const c = LOG_SINK_CONFIG_DEF.parse(props);
  const file = c.optionalString(LOG_FILE_CONFIG);
  return { file: file === null || file === '' ? null : file, format: c.string(LOG_FORMAT_CONFIG) as 'json' | 'text' };
}
