import type { OffsetMap } from '@tsconnect/sdk';

/**
 * The incremental snapshot's part of the source offset, under Debezium's names
 * (AbstractIncrementalSnapshotContext): every record emitted while a snapshot runs carries it, so
 * whatever offset the runtime stored last says where to continue after a restart.
 */
export const INCREMENTAL_OFFSET_KEYS = {
  /** Key of the last snapshot row emitted: the next chunk starts after it. */
  primaryKey: 'incremental_snapshot_primary_key',
  /** Largest key of the current table when its snapshot started (later rows are streamed anyway). */
  maximumKey: 'incremental_snapshot_maximum_key',
  /** JSON list of `{incremental_snapshot_collections_id, …_additional_condition, …_surrogate_key}`, current first. */
  collections: 'incremental_snapshot_collections',
  correlationId: 'incremental_snapshot_correlation_id',
} as const;

const COLLECTION_ID = 'incremental_snapshot_collections_id';
const COLLECTION_CONDITION = 'incremental_snapshot_collections_additional_condition';
const COLLECTION_SURROGATE_KEY = 'incremental_snapshot_collections_surrogate_key';

/** Debezium writes key arrays as hex of a Java serialization stream (magic 0xACED, version 5). */
const JAVA_SERIALIZED = /^aced0005/i;

export interface SnapshotCollection {
  /** `schema.table`. */
  readonly id: string;
  /** additional-conditions filter; null when none. */
  readonly condition: string | null;
}

export interface IncrementalSnapshotState {
  /** Tables still to snapshot; the first one is in progress. */
  readonly collections: readonly SnapshotCollection[];
  /** Primary key (PostgreSQL text per column) of the last snapshot row emitted; null before the first. */
  readonly lastKey: readonly unknown[] | null;
  readonly maximumKey: readonly unknown[] | null;
  readonly correlationId: string | null;
}

/** The collections list as Debezium's JSON (cached by the caller: it is in every offset while a snapshot runs). */
export function encodeCollections(collections: readonly SnapshotCollection[]): string {
  return JSON.stringify(collections.map((c) => ({
    [COLLECTION_ID]: c.id, [COLLECTION_CONDITION]: c.condition, [COLLECTION_SURROGATE_KEY]: null,
  })));
}

/** Our key encoding: a JSON array of the key columns' text values (readable, and what the chunk query binds). */
export function encodeKey(key: readonly unknown[] | null): string | null {
  return key ? JSON.stringify(key) : null;
}

/**
 * The incremental snapshot in progress according to a stored offset; null when none. A key
 * written by Debezium itself (Java-serialized) cannot be read here: that table restarts from its
 * first key, which re-emits rows but loses none. Anything else malformed is an error naming the key.
 */
export function decodeIncrementalState(offset: OffsetMap | null, onForeignKey: (key: string) => void = () => undefined): IncrementalSnapshotState | null {
  const raw = offset?.[INCREMENTAL_OFFSET_KEYS.collections];
  if (typeof raw !== 'string' || raw === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`Offset key ${INCREMENTAL_OFFSET_KEYS.collections}: not JSON: ${JSON.stringify(raw)}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`Offset key ${INCREMENTAL_OFFSET_KEYS.collections}: expected a JSON array, got ${raw}`);
  const collections = parsed.map((entry: unknown): SnapshotCollection => {
    // Our releases before this one wrote plain "schema.table" strings.
    if (typeof entry === 'string') return { id: entry, condition: null };
    const e = entry as Record<string, unknown> | null;
    const id = e?.[COLLECTION_ID];
    if (typeof id !== 'string') throw new Error(`Offset key ${INCREMENTAL_OFFSET_KEYS.collections}: entry without "${COLLECTION_ID}": ${JSON.stringify(entry)}`);
    const condition = e?.[COLLECTION_CONDITION];
    return { id, condition: typeof condition === 'string' && condition !== '' ? condition : null };
  });
  if (collections.length === 0) return null;
  const key = (name: string): unknown[] | null | 'foreign' => {
    const v = offset?.[name];
    if (v === null || v === undefined || v === '' || v === 'null') return null;
    if (typeof v === 'string' && JAVA_SERIALIZED.test(v)) {
      onForeignKey(name);
      return 'foreign';
    }
    try {
      const k = JSON.parse(String(v)) as unknown;
      if (Array.isArray(k)) return k;
    } catch {
      // reported below
    }
    throw new Error(`Offset key ${name}: expected a JSON array of key values, got ${JSON.stringify(v)}`);
  };
  const last = key(INCREMENTAL_OFFSET_KEYS.primaryKey);
  const max = key(INCREMENTAL_OFFSET_KEYS.maximumKey);
  const foreign = last === 'foreign' || max === 'foreign';
  const correlationId = offset?.[INCREMENTAL_OFFSET_KEYS.correlationId];
  return {
    collections,
    lastKey: foreign ? null : last as unknown[] | null,
    maximumKey: foreign ? null : max as unknown[] | null,
    correlationId: typeof correlationId === 'string' ? correlationId : null,
  };
}
