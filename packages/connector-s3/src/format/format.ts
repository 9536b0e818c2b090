import type { SinkRecord } from '@tsconnect/sdk';
import type { ByteSink } from '../storage/byte-sink.js';

/** Writes the records of one object (Confluent's RecordWriter). */
export interface RecordWriter {
  write(record: SinkRecord): Promise<void>;
  /** Finishes the encoding and uploads the object. */
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Confluent's Format: a file extension plus a way to encode records into a sink. */
export interface Format {
  /** Including the compression suffix, e.g. `.json.gz`. */
  readonly extension: string;
  newWriter(sink: ByteSink): RecordWriter;
}
