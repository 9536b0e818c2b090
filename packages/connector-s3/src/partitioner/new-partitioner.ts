import type { S3SinkConfig } from '../s3-sink-config.js';
import { DefaultPartitioner } from './default-partitioner.js';
import { FieldPartitioner } from './field-partitioner.js';
import type { Partitioner } from './partitioner.js';
import { TimeBasedPartitioner } from './time-based-partitioner.js';
import { newTimestampExtractor } from './timestamp-extractor.js';

export function newPartitioner(config: S3SinkConfig): Partitioner {
  switch (config.partitioner) {
    case 'default':
      return new DefaultPartitioner(config.directoryDelim);
    case 'field':
      return new FieldPartitioner(config.directoryDelim, config.partitionFields);
    case 'time':
      return new TimeBasedPartitioner(
        config.directoryDelim,
        { partitionDurationMs: config.partitionDurationMs, pathFormat: config.pathFormat, locale: config.locale, timezone: config.timezone },
        newTimestampExtractor(config.timestampExtractor, config.timestampField),
      );
  }
}
