import type { SinkRecord } from '@tsconnect/sdk';
import type { ByteSink } from '../storage/byte-sink.js';
import { GzipSink } from '../storage/gzip-sink.js';
import type { Format, RecordWriter } from './format.js';
import { toJsonText, type DecimalFormat } from './json-value.js';

const PENDING_CHARS = 64 * 1024;

/** One JSON document per line (Confluent's JsonFormat, `.json` / `.json.gz`). */
export class JsonFormat implements Format {
  readonly extension: string;

  constructor(private readonly compression: 'none' | 'gzip', private readonly level: number, private readonly decimalFormat: DecimalFormat) {
    this.extension = compression === 'gzip' ? '.json.gz' : '.json';
  }

  newWriter(target: ByteSink): RecordWriter {
    const sink = this.compression === 'gzip' ? new GzipSink(target, this.level) : target;
    // Lines collect as text and go to the sink in ~64 KiB pieces: one Buffer per piece rather than
    // two per record (measured: 100-byte records were bound by those allocations).
    let pending = '';
    const drain = async () => {
      if (pending === '') return;
      sink.append(Buffer.from(pending, 'utf8'));
      pending = '';
      await sink.flush();
    };
    return {
      write: async (record: SinkRecord) => {
        pending += `${toJsonText(record.valueSchema, record.value, this.decimalFormat)}\n`;
        if (pending.length >= PENDING_CHARS) await drain();
      },
      commit: async () => {
        await drain();
        await sink.commit();
      },
      abort: () => {
        pending = '';
        return sink.abort();
      },
    };
  }
}
