import type { OffsetMap, OffsetStorageReader } from '@tsconnect/sdk';
import { offsetKey, type OffsetBackingStore } from './offset-backing-store.js';

/** A task's view of its connector's stored offsets (Kafka's OffsetStorageReaderImpl). */
export class ConnectorOffsetStorageReader implements OffsetStorageReader {
  constructor(
    private readonly connector: string,
    private readonly store: OffsetBackingStore,
  ) {}

  async offset(partition: OffsetMap): Promise<OffsetMap | null> {
    const found = await this.offsets([partition]);
    return found.get(partition) ?? null;
  }

  async offsets(partitions: readonly OffsetMap[]): Promise<Map<OffsetMap, OffsetMap>> {
    const keys = partitions.map((p) => offsetKey(this.connector, p));
    const stored = await this.store.get(keys);
    const out = new Map<OffsetMap, OffsetMap>();
    partitions.forEach((p, i) => {
      const v = stored.get(keys[i]!);
      if (v !== undefined) out.set(p, JSON.parse(v) as OffsetMap);
    });
    return out;
  }
}
