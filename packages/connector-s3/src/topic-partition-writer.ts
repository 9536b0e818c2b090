import { ConnectException, DataException, schemaEquals, type ErrantRecordReporter, type Schema, type SinkRecord, type TopicPartition } from '@tsconnect/sdk';
import type { Format, RecordWriter } from './format/format.js';
import { fileName, objectKey } from './object-naming.js';
import type { Partitioner } from './partitioner/partitioner.js';
import { BATCH_START_METADATA, TAG_BATCH_FILES, TAG_BATCH_NEXT, TAG_BATCH_START } from './recovery.js';
import { nextScheduledRotation } from './rotation-schedule.js';
import type { S3SinkConfig } from './s3-sink-config.js';
import type { S3Storage } from './storage/s3-storage.js';

interface OpenFile {
  readonly key: string;
  readonly startOffset: number;
  readonly writer: RecordWriter;
}

export interface WriterDeps {
  readonly tp: TopicPartition;
  readonly config: S3SinkConfig;
  readonly storage: S3Storage;
  readonly format: Format;
  readonly partitioner: Partitioner;
  readonly now: () => number;
  /** Bad records go to the DLQ instead of failing the task when the runtime offers one. */
  readonly reporter?: ErrantRecordReporter | undefined;
}

/**
 * Writes one Kafka topic partition, as Confluent's TopicPartitionWriter: records go to one open
 * file per encoded partition; when a rotation triggers, ALL open files are uploaded together (a
 * "batch") and the offset after the last written record becomes committable. Rotation rules:
 * flush.size records in the batch (after the write); rotate.interval.ms of record time or a change
 * of encoded partition (TimeBasedPartitioner only, before the write); rotate.schedule.interval.ms
 * on the wall clock; a value schema change or null ↔ non-null value (before the write).
 */
export class TopicPartitionWriter {
  private readonly files = new Map<string, OpenFile>();
  private readonly schemas = new Map<string, Schema | null>();
  private recordCount = 0;
  private baseRecordTimestamp: number | null = null;
  private currentEncodedPartition: string | null = null;
  private currentOffset = -1;
  /** The offset after the last committed batch: earlier records are already in the bucket. */
  private batchStart: number | null;
  private offsetToCommit: number | null = null;
  private nextRotation = Number.MAX_SAFE_INTEGER;
  private taggingSupported = true;
  private readonly written = new WeakSet<OpenFile>();

  constructor(private readonly d: WriterDeps, recoveredOffset: number | null) {
    this.batchStart = recoveredOffset;
    this.scheduleNextRotation();
  }

  async write(records: readonly SinkRecord[]): Promise<void> {
    const now = this.d.now();
    if (this.recordCount === 0 && this.scheduledRotationDue(now)) this.scheduleNextRotation();
    for (const record of records) await this.writeOne(record, now);
    // Wall-clock rotation also fires when no record arrives for a while (Confluent's commitOnTimeIfNoData).
    await this.rotateIfScheduled();
  }

  /** Wall-clock rotation without new records (called from preCommit): uploads a due batch. */
  async rotateIfScheduled(): Promise<void> {
    if (this.recordCount > 0 && this.scheduledRotationDue(this.d.now())) {
      this.scheduleNextRotation();
      await this.commitFiles();
    }
  }

  /** The offset to commit since the last call, or null (Confluent's getOffsetToCommitAndReset). */
  takeOffsetToCommit(): number | null {
    const offset = this.offsetToCommit;
    this.offsetToCommit = null;
    return offset;
  }

  /** Drops buffered records: nothing is uploaded, multipart uploads are aborted. */
  async close(): Promise<void> {
    const files = [...this.files.values()];
    this.files.clear();
    await Promise.allSettled(files.map((f) => f.writer.abort()));
  }

  private async writeOne(record: SinkRecord, now: number): Promise<void> {
    if (this.batchStart !== null && record.kafkaOffset < this.batchStart) return; // already in the bucket
    if (record.value === null || record.value === undefined) {
      if (this.d.config.nullValues === 'ignore') return;
      throw new ConnectException(
        `Null valued record ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset} cannot be written with behavior.on.null.values=fail`,
      );
    }
    const extractor = this.d.partitioner.timestampExtractor;
    let encoded: string;
    for (;;) {
      let timestamp: number | null;
      try {
        timestamp = extractor ? extractor.extract(record, now) : null;
        encoded = this.d.partitioner.encodePartition(record, now);
      } catch (e) {
        if (!(e instanceof DataException) || !this.d.reporter) throw e;
        await this.d.reporter(record, e);
        return;
      }
      if (timestamp !== null && this.baseRecordTimestamp === null) this.baseRecordTimestamp = timestamp;
      if (!this.rotateBeforeWrite(record, encoded, timestamp, now)) break;
      await this.commitFiles();
    }
    if (!this.schemas.has(encoded)) this.schemas.set(encoded, record.valueSchema);
    this.batchStart ??= record.kafkaOffset;
    let file = this.files.get(encoded);
    if (!file) {
      const key = objectKey(
        this.d.config,
        this.d.partitioner.generatePartitionedPath(this.d.tp.topic, encoded),
        fileName(this.d.config, this.d.tp.topic, this.d.tp.partition, record.kafkaOffset, this.d.format.extension),
      );
      const sink = this.d.storage.create(key, { [BATCH_START_METADATA]: String(this.batchStart) });
      file = { key, startOffset: record.kafkaOffset, writer: this.d.format.newWriter(sink) };
      this.files.set(encoded, file);
    }
    try {
      await file.writer.write(record);
    } catch (e) {
      if (!(e instanceof DataException) || !this.d.reporter) throw e;
      // The formats check a record before appending its bytes, so skipping it leaves the file intact.
      if (this.files.get(encoded) === file && !this.written.has(file)) {
        this.files.delete(encoded);
        await file.writer.abort();
      }
      await this.d.reporter(record, e);
      return;
    }
    this.written.add(file);
    this.currentEncodedPartition = encoded;
    this.currentOffset = record.kafkaOffset;
    this.recordCount += 1;
    if (this.recordCount >= this.d.config.flushSize) await this.commitFiles();
  }

  private rotateBeforeWrite(record: SinkRecord, encoded: string, timestamp: number | null, now: number): boolean {
    if (this.recordCount === 0) return false;
    if (this.schemas.has(encoded)) {
      const current = this.schemas.get(encoded) ?? null;
      const next = record.valueSchema;
      if ((current === null) !== (next === null)) return true;
      if (current !== null && next !== null && !schemaEquals(current, next)) return true;
    }
    const { rotateIntervalMs, rotateOnPartitionChange } = this.d.config;
    if (rotateIntervalMs > 0 && this.d.partitioner.timestampExtractor) {
      if (timestamp !== null && this.baseRecordTimestamp !== null && timestamp - this.baseRecordTimestamp >= rotateIntervalMs) return true;
      if (rotateOnPartitionChange && encoded !== this.currentEncodedPartition) return true;
    }
    if (this.scheduledRotationDue(now)) {
      this.scheduleNextRotation();
      return true;
    }
    return false;
  }

  /** Uploads every open file, then marks the batch complete on its newest file (see recovery.ts). */
  private async commitFiles(): Promise<void> {
    const files = [...this.files.values()];
    if (files.length === 0) return;
    try {
      await Promise.all(files.map((f) => f.writer.commit()));
    } catch (e) {
      // Leave no half batch behind: a retry may cut the batch differently.
      await Promise.allSettled(files.map((f) => f.writer.abort()));
      await this.d.storage.deleteKeys(files.map((f) => f.key)).catch(() => undefined);
      throw e;
    }
    const next = this.currentOffset + 1;
    const newest = files.reduce((a, b) => (b.startOffset > a.startOffset ? b : a));
    if (this.taggingSupported) {
      this.taggingSupported = await this.d.storage.putTags(newest.key, {
        [TAG_BATCH_START]: String(this.batchStart),
        [TAG_BATCH_NEXT]: String(next),
        [TAG_BATCH_FILES]: String(files.length),
      });
    }
    this.files.clear();
    this.schemas.clear();
    this.recordCount = 0;
    this.baseRecordTimestamp = null;
    this.batchStart = next;
    this.offsetToCommit = next;
  }

  private scheduledRotationDue(now: number): boolean {
    return this.d.config.rotateScheduleIntervalMs > 0 && now >= this.nextRotation;
  }

  private scheduleNextRotation(): void {
    const { rotateScheduleIntervalMs, timezone } = this.d.config;
    if (rotateScheduleIntervalMs > 0) this.nextRotation = nextScheduledRotation(this.d.now(), rotateScheduleIntervalMs, timezone);
  }
}
