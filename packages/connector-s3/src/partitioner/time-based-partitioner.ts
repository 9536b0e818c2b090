import { ConfigException, type SinkRecord } from '@tsconnect/sdk';
import { DefaultPartitioner } from './default-partitioner.js';
import { JodaFormatter } from './joda-format.js';
import { checkTimeZone, localToUtc, utcToLocal } from './time-zone.js';
import type { TimestampExtractor } from './timestamp-extractor.js';

export interface TimeBasedOptions {
  readonly partitionDurationMs: number;
  readonly pathFormat: string;
  readonly locale: string;
  readonly timezone: string;
}

/**
 * Confluent's TimeBasedPartitioner: the record's timestamp, floored to `partition.duration.ms` in
 * local time of `timezone`, formatted with `path.format`.
 */
export class TimeBasedPartitioner extends DefaultPartitioner {
  override readonly timestampExtractor: TimestampExtractor;
  private readonly formatter: JodaFormatter;
  private readonly durationMs: number;
  private readonly zone: string;

  constructor(delim: string, options: TimeBasedOptions, extractor: TimestampExtractor) {
    super(delim);
    this.timestampExtractor = extractor;
    if (options.partitionDurationMs < 0) {
      throw new ConfigException('partition.duration.ms', options.partitionDurationMs, 'Partition duration needs to be a positive.');
    }
    let pathFormat = options.pathFormat;
    if (pathFormat.trim() === '' || pathFormat === delim) throw new ConfigException('path.format', pathFormat, 'Path format cannot be empty.');
    // A trailing delimiter would give an empty path segment: Confluent strips it too.
    if (delim !== '' && pathFormat.endsWith(delim)) pathFormat = pathFormat.slice(0, -delim.length);
    if (options.locale.trim() === '') throw new ConfigException('locale', options.locale, 'Locale cannot be empty.');
    try {
      Intl.getCanonicalLocales(options.locale.replace(/_/g, '-'));
    } catch (e) {
      throw new ConfigException('locale', options.locale, (e as Error).message);
    }
    if (options.timezone.trim() === '') throw new ConfigException('timezone', options.timezone, 'Timezone cannot be empty.');
    try {
      checkTimeZone(options.timezone);
    } catch (e) {
      throw new ConfigException('timezone', options.timezone, (e as Error).message);
    }
    try {
      this.formatter = new JodaFormatter(pathFormat, options.timezone, options.locale);
    } catch (e) {
      throw new ConfigException('path.format', options.pathFormat, (e as Error).message);
    }
    this.durationMs = options.partitionDurationMs;
    this.zone = options.timezone;
  }

  override encodePartition(record: SinkRecord, nowMs?: number): string {
    return this.formatter.format(this.partitionStart(this.timestampExtractor.extract(record, nowMs ?? Date.now())));
  }

  /** Confluent's getPartition: floor in local time (Java's truncating division), back to UTC. */
  partitionStart(timestampMs: number): number {
    if (this.durationMs === 0) return timestampMs;
    const local = utcToLocal(this.zone, timestampMs);
    return localToUtc(this.zone, Math.trunc(local / this.durationMs) * this.durationMs);
  }
}
