import { ConfigDef } from '@tsconnect/sdk';

export const SINK_FILE_CONFIG = 'file';

/** `topics`/`topics.regex` are the runtime's sink keys; the connector itself only declares `file`. */
export const SINK_CONFIG_DEF = new ConfigDef().define({
  name: SINK_FILE_CONFIG, type: 'STRING', defaultValue: null, importance: 'HIGH',
  documentation: 'Destination filename. If not specified, the standard output will be used',
});

/** The destination file, or null for standard output (an empty value also means stdout, as in Kafka). */
export function parseSinkFile(props: Readonly<Record<string, string>>): string | null {
  const file = SINK_CONFIG_DEF.parse(props).optionalString(SINK_FILE_CONFIG);
  return file === null || file === '' ? null : file;
}
