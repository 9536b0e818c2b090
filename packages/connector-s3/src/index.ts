import type { Plugin } from '@tsconnect/sdk';
import { S3SinkConnector } from './s3-sink-connector.js';
import { VERSION } from './version.js';

export { S3SinkConnector } from './s3-sink-connector.js';
export { S3SinkTask } from './s3-sink-task.js';
export { S3_SINK_CONFIG_DEF, parseS3SinkConfig, PARTITIONER_CLASSES, FORMAT_CLASSES, type S3SinkConfig } from './s3-sink-config.js';
export { DefaultPartitioner } from './partitioner/default-partitioner.js';
export { FieldPartitioner } from './partitioner/field-partitioner.js';
export { TimeBasedPartitioner } from './partitioner/time-based-partitioner.js';
export type { Partitioner } from './partitioner/partitioner.js';
export { JsonFormat } from './format/json-format.js';
export { AvroFormat } from './format/avro-format.js';
export { ByteArrayFormat } from './format/bytearray-format.js';
export { toJsonText } from './format/json-value.js';
export { fileName, objectKey, parseStartOffset } from './object-naming.js';

export const tsconnectPlugins: Plugin[] = [
  {
    type: 'sink',
    className: 'io.tsconnect.connector.s3.S3SinkConnector',
    aliases: ['io.confluent.connect.s3.S3SinkConnector'],
    version: VERSION,
    create: () => new S3SinkConnector(),
  },
];
