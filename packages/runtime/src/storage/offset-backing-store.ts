import type { OffsetMap } from '@tsconnect/sdk';

/**
 * Where source offsets live (Kafka's OffsetBackingStore). Keys and values are the JSON texts
 * Kafka Connect writes to its offsets topic — key `["<connector>",{partition}]`, value the
 * offset object — so a file store (standalone) and a topic store (distributed) are interchangeable.
 */
export interface OffsetBackingStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Values for the given serialized keys; absent keys are missing from the map. */
  get(keys: readonly string[]): Promise<Map<string, string>>;
  /** Durably stores the entries (a null value deletes the key) before resolving. */
  set(entries: ReadonlyMap<string, string | null>): Promise<void>;
  /** Every stored key/value (for GET /connectors/{c}/offsets later). */
  entries(): Promise<Map<string, string>>;
}

/** `["<connector>",{partition}]` with the partition's keys sorted, so equal partitions serialize equally. */
export function offsetKey(connector: string, partition: OffsetMap): string {
  return JSON.stringify([connector, sortKeys(partition)]);
}

export function offsetValue(offset: OffsetMap | null): string | null {
  return offset === null ? null : JSON.stringify(sortKeys(offset));
}

/** Splits a stored key back into connector name and partition; null for keys of another shape. */
export function parseOffsetKey(key: string): { connector: string; partition: OffsetMap } | null {
  try {
    const parsed: unknown = JSON.parse(key);
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' &&
        parsed[1] !== null && typeof parsed[1] === 'object') {
      return { connector: parsed[0], partition: parsed[1] as OffsetMap };
    }
  } catch {
    // not one of ours
  }
  return null;
}

function sortKeys(map: OffsetMap): OffsetMap {
  const out: Record<string, string | number | boolean | null> = {};
  for (const k of Object.keys(map).sort()) out[k] = map[k]!;
  return out;
}
