import { DataException } from '../../errors/data-exception.js';
import type { SchemaAndValue } from '../../storage/converter.js';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../logical-types.js';
import type { Schema } from '../schema.js';

const MILLIS_PER_DAY = 86_400_000;
/** Numeric types from narrowest to widest: two of them merge into the wider (Values.mergeSchemas). */
const NUMERIC_RANK: Partial<Record<Schema['type'], number>> = { int8: 1, int16: 2, int32: 3, int64: 4, float32: 5, float64: 6 };

/**
 * Values.SchemaMerger: the schema common to the elements of a parsed list (or the keys/values of a
 * map). null values are ignored; numbers widen (int8 … int64, float32, float64); any other
 * mismatch leaves no common schema for good.
 */
export class SchemaMerger {
  private common: Schema | null = null;
  private compatible = true;

  merge(latest: SchemaAndValue | null): void {
    if (latest === null || latest.schema === null || !this.compatible) return;
    this.common = this.common === null ? latest.schema : mergeSchemas(this.common, latest.schema);
    this.compatible = this.common !== null;
  }

  /** The common schema, null when every value was null or they have none. */
  get schema(): Schema | null {
    return this.common;
  }
}

function mergeSchemas(previous: Schema, next: Schema): Schema | null {
  if (previous.type !== next.type) {
    const a = NUMERIC_RANK[previous.type];
    const b = NUMERIC_RANK[next.type];
    if (a === undefined || b === undefined) return null;
    return b > a ? next : previous; // the wider one, logical name and all (int8 then a Date gives Date)
  }
  // Parsed schemas are never optional: the same type keeps the latest schema, as Java does.
  if (previous.optional === next.optional) return previous.optional ? previous : next;
  return null;
}

/**
 * Values.convertTo(schema, null, value) for a parsed element and its list's common schema: numbers
 * take the common type (int64 as bigint), numbers under a Date/Time/Timestamp schema become dates.
 * A null (the common schema is never optional) or a date under a plain number schema throws, which
 * makes the whole list or map fall back to a string.
 */
export function alignValue(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) throw new DataException('Unable to convert a null value to a schema that requires a value');
  switch (schema.name) {
    case ConnectDate.LOGICAL_NAME:
    case ConnectTime.LOGICAL_NAME:
    case ConnectTimestamp.LOGICAL_NAME: {
      if (value instanceof Date) return value;
      const n = Number(value);
      return new Date(schema.name === ConnectDate.LOGICAL_NAME ? Math.trunc(n) * MILLIS_PER_DAY : n);
    }
    case Decimal.LOGICAL_NAME:
      return value;
  }
  if (NUMERIC_RANK[schema.type] === undefined) return value;
  if (typeof value !== 'number' && typeof value !== 'bigint') {
    throw new DataException(`Unable to convert ${typeof value} ${String(value)} to a number`);
  }
  switch (schema.type) {
    case 'int64': return typeof value === 'bigint' ? value : BigInt(value);
    case 'float32': return Math.fround(Number(value));
    default: return Number(value); // int8/16/32 (already in range: the common type is the widest) and float64
  }
}
