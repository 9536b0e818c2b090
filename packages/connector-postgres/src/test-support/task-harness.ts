import type { OffsetMap, OffsetStorageReader, SourceRecord, SourceTaskContext } from '@tsconnect/sdk';
import { waitFor } from '@tsconnect/test-support';
import { PostgresSourceTask } from '../postgres-source-task.js';

/** Offsets kept in memory, keyed by the JSON of the partition (what connect-offsets would hold). */
export class MemoryOffsetStore implements OffsetStorageReader {
  readonly stored = new Map<string, OffsetMap>();

  async offset(partition: OffsetMap): Promise<OffsetMap | null> {
    return this.stored.get(JSON.stringify(partition)) ?? null;
  }

  async offsets(partitions: readonly OffsetMap[]): Promise<Map<OffsetMap, OffsetMap>> {
    const out = new Map<OffsetMap, OffsetMap>();
    for (const p of partitions) {
      const o = await this.offset(p);
      if (o) out.set(p, o);
    }
    return out;
  }

  /** What the runtime does after Kafka acked records: store the last offset per partition. */
  store(records: readonly SourceRecord[]): void {
    for (const r of records) this.stored.set(JSON.stringify(r.sourcePartition), r.sourceOffset);
  }
}

/** Runs a task as the runtime would, without Kafka. */
export class TaskHarness {
  readonly task = new PostgresSourceTask();
  private readonly abort = new AbortController();

  constructor(readonly props: Record<string, string>, readonly store = new MemoryOffsetStore()) {}

  async start(): Promise<this> {
    const context: SourceTaskContext = { offsetStorageReader: this.store, configs: this.props, signal: this.abort.signal };
    await this.task.start(this.props, context);
    return this;
  }

  /** Polls until `count` records arrived (fails after the timeout showing how many did). */
  async pollUntil(count: number, timeoutMs = 20_000): Promise<SourceRecord[]> {
    const got: SourceRecord[] = [];
    await waitFor(`${count} records (have ${got.length})`, async () => {
      got.push(...(await this.task.poll()));
      return got.length >= count ? true : undefined;
    }, { timeoutMs, intervalMs: 0 });
    return got;
  }

  /** Acknowledges records as Kafka Connect does: commitRecord each, store offsets, then commit(). */
  async ack(records: readonly SourceRecord[]): Promise<void> {
    for (const r of records) await this.task.commitRecord(r, { topic: r.topic, partition: 0, offset: '0', timestamp: 0 });
    this.store.store(records);
    await this.task.commit();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.task.stop();
  }
}
