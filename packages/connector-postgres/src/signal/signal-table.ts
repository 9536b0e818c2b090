import { ConfigException } from '@tsconnect/sdk';
import type { RawRow } from '../schema/table-schema.js';

/** A row of the signal table (Debezium's SignalRecord: id, type, data). */
export interface Signal {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export interface ExecuteSnapshot {
  readonly dataCollections: string[];
  readonly type: string;
  /** Extra WHERE condition per data collection ("additional-conditions"). */
  readonly conditions: ReadonlyMap<string, string>;
}

/** `schema.table` of signal.data.collection, split (quotes not supported, as Debezium's simple form). */
export function signalTableId(value: string): { schema: string; name: string } {
  const parts = value.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new ConfigException('signal.data.collection', value, 'Expected "<schema>.<table>"');
  }
  return { schema: parts[0], name: parts[1] };
}

export function parseSignal(row: RawRow): Signal {
  const text = typeof row['data'] === 'string' ? row['data'] : null;
  let data: Record<string, unknown> = {};
  if (text) {
    try {
      data = JSON.parse(text) as Record<string, unknown>;
    } catch {
      data = {};
    }
  }
  return { id: String(row['id'] ?? ''), type: String(row['type'] ?? ''), data };
}

/** The payload of an `execute-snapshot` signal; throws naming what is wrong. */
export function parseExecuteSnapshot(signal: Signal): ExecuteSnapshot {
  const collections = signal.data['data-collections'];
  if (!Array.isArray(collections) || collections.length === 0 || !collections.every((c) => typeof c === 'string')) {
    throw new Error(`Signal ${signal.id}: "data-collections" must be a non-empty array of "schema.table" names, got ${JSON.stringify(collections)}`);
  }
  const conditions = new Map<string, string>();
  const extra = signal.data['additional-conditions'];
  for (const c of Array.isArray(extra) ? extra : []) {
    const entry = c as Record<string, unknown>;
    if (typeof entry['data-collection'] === 'string' && typeof entry['filter'] === 'string') {
      conditions.set(entry['data-collection'], entry['filter']);
    }
  }
  return { dataCollections: collections as string[], type: String(signal.data['type'] ?? 'incremental').toLowerCase(), conditions };
}

export interface StopSnapshot {
  readonly type: string;
  /** Regexes of `schema.table` to stop; empty: stop the whole snapshot. */
  readonly dataCollections: string[];
}

/** The payload of a `stop-snapshot` signal (Debezium: `{"type": "incremental", "data-collections": [...]}`, both optional). */
export function parseStopSnapshot(signal: Signal): StopSnapshot {
  const collections = signal.data['data-collections'] ?? [];
  if (!Array.isArray(collections) || !collections.every((c) => typeof c === 'string')) {
    throw new Error(`Signal ${signal.id}: "data-collections" must be an array of "schema.table" names, got ${JSON.stringify(collections)}`);
  }
  return { type: String(signal.data['type'] ?? 'incremental').toLowerCase(), dataCollections: collections as string[] };
}
