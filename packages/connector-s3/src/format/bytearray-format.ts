import { DataException, type SinkRecord } from '@tsconnect/sdk';
import type { ByteSink } from '../storage/byte-sink.js';
import { GzipSink } from '../storage/gzip-sink.js';
import type { Format, RecordWriter } from './format.js';

/**
 * Raw value bytes followed by `format.bytearray.separator` (Confluent's ByteArrayFormat, which
 * runs values through ByteArrayConverter: only bytes are accepted).
 */
export class ByteArrayFormat implements Format {
  readonly extension: string;

  constructor(extension: string, private readonly separator: Uint8Array, private readonly compression: 'none' | 'gzip', private readonly level: number) {
    this.extension = extension + (compression === 'gzip' ? '.gz' : '');
  }

  newWriter(target: ByteSink): RecordWriter {
    const sink = this.compression === 'gzip' ? new GzipSink(target, this.level) : target;
    return {
      write: async (record: SinkRecord) => {
        const value = record.value;
        if (record.valueSchema && record.valueSchema.type !== 'bytes') {
          throw new DataException(`ByteArrayFormat needs a bytes schema, got ${record.valueSchema.type} at ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}`);
        }
        if (!(value instanceof Uint8Array)) {
          throw new DataException(`ByteArrayFormat needs byte values, got ${value === null ? 'null' : typeof value} at ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}`);
        }
        sink.append(value);
        sink.append(this.separator);
        await sink.flush();
      },
      commit: () => sink.commit(),
      abort: () => sink.abort(),
    };
  }
}
