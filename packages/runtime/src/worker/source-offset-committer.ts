import type { SourceRecord } from '@tsconnect/sdk';
import { offsetKey, offsetValue, type OffsetBackingStore } from '../storage/offset-backing-store.js';

export interface SourceOffsetCommitterOptions {
  readonly store: OffsetBackingStore;
  /** `offset.flush.interval.ms` */
  readonly intervalMs: number;
  /** `SourceTask.commit()`, after the offsets are stored. */
  readonly commit: () => Promise<void> | void;
  /** A failed store write (the offsets stay pending and are retried at the next flush). */
  readonly onStoreError: (e: unknown) => void;
}

/**
 * At-least-once source offsets (Kafka's OffsetStorageWriter + SourceTaskOffsetCommitter): the
 * offsets of acknowledged records become pending; every `offset.flush.interval.ms` the newest
 * per source partition are written to the offset store, then `SourceTask.commit()` runs.
 *
 * The periodic flush runs in the background, as Java's committer thread does: the poll loop only
 * starts it. Awaited in the loop it stalled polling and sending for the whole write (the file
 * store fsyncs, tens of ms on a busy disk), which at 10k rows/s was the largest single delay a
 * record saw, i.e. the p99. A failing `commit()` still fails the task: the loop's next call
 * rethrows it.
 */
export class SourceOffsetCommitter {
  private pending = new Map<string, string | null>();
  private unflushedAcks = 0;
  private lastFlush = Date.now();
  private flushing: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;

  constructor(private readonly o: SourceOffsetCommitterOptions) {}

  /**
   * The records of one produce request are acknowledged; `latest` holds the newest offset per
   * partition key. Called synchronously at the ack, so a flush that starts between the
   * `commitRecord` calls that follow stores at least the offset of each record already committed.
   */
  acknowledged(latest: ReadonlyMap<string, SourceRecord['sourceOffset']>, records: number): void {
    for (const [key, offset] of latest) this.pending.set(key, offsetValue(offset));
    this.unflushedAcks += records;
  }

  /** Starts a flush in the background when the interval elapsed and none is running. */
  maybeFlush(): void {
    this.throwIfFailed();
    if (this.flushing || Date.now() - this.lastFlush < this.o.intervalMs) return;
    const p: Promise<void> = this.flushNow()
      .catch((e: unknown) => { this.failure ??= { error: e }; })
      .finally(() => { if (this.flushing === p) this.flushing = null; });
    this.flushing = p;
  }

  /** Flushes now (pause, stop), after a background flush that is still running. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.throwIfFailed();
    await this.flushNow();
  }

  private throwIfFailed(): void {
    if (!this.failure) return;
    const { error } = this.failure;
    this.failure = null;
    throw error;
  }

  private async flushNow(): Promise<void> {
    this.lastFlush = Date.now();
    if (this.unflushedAcks === 0) return;
    const snapshot = this.pending;
    this.pending = new Map();
    const acks = this.unflushedAcks;
    this.unflushedAcks = 0;
    if (snapshot.size > 0) {
      try {
        await this.o.store.set(snapshot);
      } catch (e) {
        // Keep them for the next attempt; newer offsets of the same partition win.
        for (const [k, v] of snapshot) if (!this.pending.has(k)) this.pending.set(k, v);
        this.unflushedAcks += acks;
        this.o.onStoreError(e);
        return;
      }
    }
    await this.o.commit();
  }
}

/** offsetKey, cached for the partition object last seen (connectors tend to reuse one). */
export class OffsetKeyCache {
  private lastPartition: SourceRecord['sourcePartition'] | null = null;
  private lastKey = '';

  constructor(private readonly connector: string) {}

  keyOf(partition: SourceRecord['sourcePartition']): string {
    if (partition !== this.lastPartition) {
      this.lastPartition = partition;
      this.lastKey = offsetKey(this.connector, partition);
    }
    return this.lastKey;
  }
}
