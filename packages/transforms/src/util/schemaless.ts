import { DataException, Struct } from '@tsconnect/sdk';

/**
 * A schemaless "Map<String, Object>": the JSON converter yields a `Map`, hand-written records often
 * use plain objects. Transforms read both and answer with the same kind they were given.
 */
export type SchemalessMap = Map<string, unknown> | Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isSchemalessMap(value: unknown): value is SchemalessMap {
  return value instanceof Map || isPlainObject(value);
}

export function mapEntries(map: SchemalessMap): [string, unknown][] {
  return map instanceof Map ? [...map.entries()] : Object.entries(map);
}

export function mapGet(map: SchemalessMap, key: string): unknown {
  const v = map instanceof Map ? map.get(key) : Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  return v === undefined ? null : v;
}

export function mapHas(map: SchemalessMap, key: string): boolean {
  return map instanceof Map ? map.has(key) : Object.prototype.hasOwnProperty.call(map, key);
}

/** A new map of the same kind as `like` holding `entries`. */
export function mapLike(like: SchemalessMap, entries: Iterable<[string, unknown]>): SchemalessMap {
  if (like instanceof Map) return new Map(entries);
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** A copy of `map` with `updates` applied (null/undefined values are stored as null, as a HashMap put). */
export function mapWith(map: SchemalessMap, updates: Iterable<[string, unknown]>): SchemalessMap {
  const entries = new Map(mapEntries(map));
  for (const [k, v] of updates) entries.set(k, v ?? null);
  return mapLike(map, entries);
}

/** Java's class name for a value, as Kafka prints it in "found: …" messages. */
export function javaClassName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Struct) return 'org.apache.kafka.connect.data.Struct';
  if (value instanceof Map || isPlainObject(value)) return 'java.util.HashMap';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  if (value instanceof Uint8Array) return '[B';
  if (value instanceof Date) return 'java.util.Date';
  switch (typeof value) {
    case 'string': return 'java.lang.String';
    case 'boolean': return 'java.lang.Boolean';
    case 'bigint': return 'java.lang.Long';
    case 'number': return Number.isInteger(value) ? 'java.lang.Long' : 'java.lang.Double';
    default: return (value as object).constructor?.name ?? typeof value;
  }
}

export function requireMap(value: unknown, purpose: string): SchemalessMap {
  if (!isSchemalessMap(value)) {
    throw new DataException(
      `Only Map objects supported in absence of schema for [${purpose}], found: ${javaClassName(value)}`,
    );
  }
  return value;
}

export function requireMapOrNull(value: unknown, purpose: string): SchemalessMap | null {
  return value === null || value === undefined ? null : requireMap(value, purpose);
}

export function requireStruct(value: unknown, purpose: string): Struct {
  if (!(value instanceof Struct)) {
    throw new DataException(`Only Struct objects supported for [${purpose}], found: ${javaClassName(value)}`);
  }
  return value;
}

export function requireStructOrNull(value: unknown, purpose: string): Struct | null {
  return value === null || value === undefined ? null : requireStruct(value, purpose);
}
