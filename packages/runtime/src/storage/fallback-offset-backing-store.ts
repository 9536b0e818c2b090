import type { OffsetBackingStore } from './offset-backing-store.js';

/**
 * Reads a connector's own offsets store first and the worker's for keys it lacks (Kafka's
 * connector-specific `offsets.storage.topic` with the worker's topic as fallback). Writes go to
 * the primary only. Starting/stopping the stores is the owner's job.
 */
export class FallbackOffsetBackingStore implements OffsetBackingStore {
  constructor(
    private readonly primary: OffsetBackingStore,
    private readonly fallback: OffsetBackingStore,
  ) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async get(keys: readonly string[]): Promise<Map<string, string>> {
    const found = await this.primary.get(keys);
    const missing = keys.filter((k) => !found.has(k));
    if (missing.length > 0) for (const [k, v] of await this.fallback.get(missing)) found.set(k, v);
    return found;
  }

  set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    return this.primary.set(entries);
  }

  async entries(): Promise<Map<string, string>> {
    return new Map([...(await this.fallback.entries()), ...(await this.primary.entries())]);
  }
}
