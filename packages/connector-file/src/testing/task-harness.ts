import type {
  OffsetMap, OffsetStorageReader, SinkTaskContext, SourceRecord, SourceTask, SourceTaskContext,
} from '@tsconnect/sdk';

/**
 * Offsets kept in memory the way the runtime stores them: the last acknowledged record's offset
 * per source partition. Lets tests stop a task after any record and start a new one from there.
 */
export class MemoryOffsetStore implements OffsetStorageReader {
  private readonly byPartition = new Map<string, OffsetMap>();

  /** Records `record` as acknowledged and its offset as durably committed. */
  commit(record: SourceRecord): void {
    this.byPartition.set(JSON.stringify(record.sourcePartition), record.sourceOffset);
  }

  set(partition: OffsetMap, offset: OffsetMap): void {
    this.byPartition.set(JSON.stringify(partition), offset);
  }

  offset(partition: OffsetMap): Promise<OffsetMap | null> {
    return Promise.resolve(this.byPartition.get(JSON.stringify(partition)) ?? null);
  }

  async offsets(partitions: readonly OffsetMap[]): Promise<Map<OffsetMap, OffsetMap>> {
    const out = new Map<OffsetMap, OffsetMap>();
    for (const p of partitions) {
      const o = await this.offset(p);
      if (o) out.set(p, o);
    }
    return out;
  }
}

export function sourceTaskContext(props: Record<string, string>, offsets: OffsetStorageReader, signal: AbortSignal = new AbortController().signal): SourceTaskContext {
  return { offsetStorageReader: offsets, configs: props, signal };
}

export function sinkTaskContext(props: Record<string, string>): SinkTaskContext {
  return {
    configs: props,
    signal: new AbortController().signal,
    offset: () => {},
    assignment: () => [],
    pause: () => {},
    resume: () => {},
    requestCommit: () => {},
  };
}

/** Polls until `count` records arrived (failing after `timeoutMs`), then checks none more follow at once. */
export async function pollRecords(task: SourceTask, count: number, timeoutMs = 10_000): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (records.length < count) {
    if (Date.now() > deadline) throw new Error(`Expected ${count} records, got ${records.length}: ${JSON.stringify(records.map((r) => r.value))}`);
    records.push(...((await task.poll()) ?? []));
  }
  return records;
}
