import type { S3SinkConfig } from '../s3-sink-config.js';
import { AvroFormat } from './avro-format.js';
import { ByteArrayFormat } from './bytearray-format.js';
import type { Format } from './format.js';
import { JsonFormat } from './json-format.js';

export function newFormat(config: S3SinkConfig): Format {
  switch (config.format) {
    case 'json':
      return new JsonFormat(config.compression, config.compressionLevel, config.decimalFormat);
    case 'bytearray':
      return new ByteArrayFormat(config.byteArrayExtension, config.byteArraySeparator, config.compression, config.compressionLevel);
    case 'avro':
      // As in Confluent, s3.compression.type does not apply: the container compresses blocks (avro.codec).
      return new AvroFormat(config.avroCodec);
  }
}
