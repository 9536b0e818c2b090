import type { Plugin } from '@tsconnect/sdk';
import { FileStreamSinkConnector } from './file-stream-sink-connector.js';
import { FileStreamSourceConnector } from './file-stream-source-connector.js';
import { VERSION } from './version.js';

/**
 * The worker registers these by class name and aliases; the Kafka class names let existing
 * connector configs work unchanged, and the simple names `FileStreamSource(Connector)` /
 * `FileStreamSink(Connector)` come from the runtime's alias rules.
 */
export const tsconnectPlugins: Plugin[] = [
  {
    type: 'source',
    className: 'io.tsconnect.connector.file.FileStreamSourceConnector',
    aliases: ['org.apache.kafka.connect.file.FileStreamSourceConnector'],
    version: VERSION,
    create: () => new FileStreamSourceConnector(),
  },
  {
    type: 'sink',
    className: 'io.tsconnect.connector.file.FileStreamSinkConnector',
    aliases: ['org.apache.kafka.connect.file.FileStreamSinkConnector'],
    version: VERSION,
    create: () => new FileStreamSinkConnector(),
  },
];
