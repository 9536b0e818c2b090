import { DataException, type SinkRecord } from '@tsconnect/sdk';
import type { TimestampExtractorKind } from '../s3-sink-config.js';
import { nestedField } from './record-fields.js';

/** Where time-based partitioning and rotate.interval.ms take a record's time from. */
export interface TimestampExtractor {
  readonly kind: TimestampExtractorKind;
  extract(record: SinkRecord, nowMs: number): number;
}

const NUMERIC_TIMESTAMP = /^-?[0-9]{1,19}$/;

export function newTimestampExtractor(kind: TimestampExtractorKind, timestampField: string): TimestampExtractor {
  switch (kind) {
    case 'Wallclock':
      return { kind, extract: (_record, nowMs) => nowMs };
    case 'Record':
      return {
        kind,
        extract(record) {
          if (record.timestamp === null || record.timestamp === undefined) {
            throw new DataException(`Record ${where(record)} has no timestamp (timestamp.extractor=Record)`);
          }
          return record.timestamp;
        },
      };
    case 'RecordField':
      return { kind, extract: (record) => fieldTimestamp(record, timestampField) };
  }
}

/** Confluent's RecordFieldTimestampExtractor: Timestamp, int32/int64 millis, or a numeric/ISO-8601 string. */
function fieldTimestamp(record: SinkRecord, path: string): number {
  const { value } = nestedField(record.value, record.valueSchema, path);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') {
    if (NUMERIC_TIMESTAMP.test(value)) return Number(value);
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw new DataException(`Cannot read a timestamp from field '${path}' (value ${String(value)}) of record ${where(record)}`);
}

function where(record: SinkRecord): string {
  return `${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}`;
}
