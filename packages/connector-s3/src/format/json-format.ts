import type { SinkRecord } from '@tsconnect/sdk';
import type { ByteSink } from '../storage/byte-sink.js';
import { GzipSink } from '../storage/gzip-sink.js';
import type { Format, RecordWriter } from './format.js';
import { toJsonText, type DecimalFormat } from './json-value.js';

const NEWLINE = Buffer.from('\n');

/** One JSON document per line (Confluent's JsonFormat, `.json` / `.json.gz`). */
export class JsonFormat implements Format {
  readonly extension: string;

  constructor(private readonly compression: 'none' | 'gzip', private readonly level: number, private readonly decimalFormat: DecimalFormat) {
    this.extension = compression === 'gzip' ? '.json.gz' : '.json';
  }

  newWriter(target: ByteSink): RecordWriter {
    const sink = this.compression === 'gzip' ? new GzipSink(target, this.level) : target;
    return {
      write: async (record: SinkRecord) => {
        sink.append(Buffer.from(toJsonText(record.valueSchema, record.value, this.decimalFormat), 'utf8'));
        sink.append(NEWLINE);
        await sink.flush();
      },
      commit: () => sink.commit(),
      abort: () => sink.abort(),
    };
  }
}
