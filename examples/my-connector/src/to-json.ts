import { Struct } from '@tsconnect/sdk';

/**
 * A Connect value as plain JSON: structs become objects (field order kept), maps objects, bytes
 * base64, dates ISO strings; an int64 bigint becomes a number when exact, else a decimal string.
 */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Struct) {
    return Object.fromEntries((value.schema.fields ?? []).map((f) => [f.name, toJson(value.get(f.name))]));
  }
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJson(v)]));
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}
