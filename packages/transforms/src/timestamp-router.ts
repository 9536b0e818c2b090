import { ConfigDef, ConfigException, DataException, type ConnectRecord, type Transformation } from '@tsconnect/sdk';
import { SimpleDateFormat } from './util/simple-date-format.js';

export const TIMESTAMP_ROUTER_CONFIG_DEF = new ConfigDef()
  .define({
    name: 'topic.format', type: 'STRING', defaultValue: '${topic}-${timestamp}', importance: 'HIGH',
    documentation: 'Format string which can contain ${topic} and ${timestamp} as placeholders for the topic and timestamp, respectively.',
  })
  .define({
    name: 'timestamp.format', type: 'STRING', defaultValue: 'yyyyMMdd', importance: 'HIGH',
    validator: { ensureValid: (name, value) => void compileFormat(name, String(value)), toString: () => 'SimpleDateFormat pattern' },
    documentation: 'Format string for the timestamp that is compatible with java.text.SimpleDateFormat.',
  });

export function compileFormat(key: string, pattern: string): SimpleDateFormat {
  try {
    return new SimpleDateFormat(pattern);
  } catch (e) {
    throw new ConfigException(key, pattern, (e as Error).message);
  }
}

/** Kafka's TimestampRouter: topic = topic.format with ${topic} and ${timestamp} (UTC) substituted. */
export class TimestampRouter implements Transformation {
  private topicFormat = '';
  private timestampFormat!: SimpleDateFormat;

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = TIMESTAMP_ROUTER_CONFIG_DEF.parse(props);
    this.topicFormat = config.string('topic.format');
    this.timestampFormat = compileFormat('timestamp.format', config.string('timestamp.format'));
  }

  apply<R extends ConnectRecord>(record: R): R {
    if (record.timestamp === null) {
      throw new DataException(`Timestamp missing on record: topic=${record.topic}, partition=${record.kafkaPartition}`);
    }
    const formatted = this.timestampFormat.format(new Date(record.timestamp));
    const topic = this.topicFormat.split('${topic}').join(record.topic).split('${timestamp}').join(formatted);
    return { ...record, topic };
  }

  config(): ConfigDef {
    return TIMESTAMP_ROUTER_CONFIG_DEF;
  }
}
