import { DataException } from '../errors/data-exception.js';
import { DecimalValue } from './decimal-value.js';
import type { Schema } from './schema.js';
import { Struct } from './struct.js';

const INT_RANGES = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
} as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Date-valued logical types; every other schema takes the JS representation of its type. */
const DATE_LOGICAL_TYPES = new Set([
  'org.apache.kafka.connect.data.Date',
  'org.apache.kafka.connect.data.Time',
  'org.apache.kafka.connect.data.Timestamp',
]);

/**
 * Checks that `value` fits `schema` (Java's ConnectSchema.validateValue). JS representation:
 * int8/16/32 number, int64 bigint or safe-integer number, float number, bytes Uint8Array,
 * array Array, map Map, struct Struct, Decimal DecimalValue, Date/Time/Timestamp Date.
 */
export function validateValue(schema: Schema, value: unknown, what: string): void {
  if (value === null || value === undefined) {
    if (schema.optional || schema.defaultValue !== undefined) return;
    throw new DataException(`Invalid value: null used for required ${what}, schema type: ${schema.type}`);
  }
  if (schema.name === 'org.apache.kafka.connect.data.Decimal') {
    if (!(value instanceof DecimalValue)) fail(schema, value, what);
    return;
  }
  if (schema.name && DATE_LOGICAL_TYPES.has(schema.name)) {
    if (!(value instanceof Date)) fail(schema, value, what);
    return;
  }
  switch (schema.type) {
    case 'int8':
    case 'int16':
    case 'int32': {
      const [min, max] = INT_RANGES[schema.type];
      if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) fail(schema, value, what);
      return;
    }
    case 'int64':
      if (typeof value === 'bigint' ? value < INT64_MIN || value > INT64_MAX : !Number.isSafeInteger(value)) {
        fail(schema, value, what);
      }
      return;
    case 'float32':
    case 'float64':
      if (typeof value !== 'number') fail(schema, value, what);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail(schema, value, what);
      return;
    case 'string':
      if (typeof value !== 'string') fail(schema, value, what);
      return;
    case 'bytes':
      if (!(value instanceof Uint8Array)) fail(schema, value, what);
      return;
    case 'array':
      if (!Array.isArray(value)) fail(schema, value, what);
      for (const element of value as unknown[]) validateValue(schema.valueSchema!, element, `element of ${what}`);
      return;
    case 'map':
      if (!(value instanceof Map)) fail(schema, value, what);
      for (const [k, v] of value as Map<unknown, unknown>) {
        validateValue(schema.keySchema!, k, `key of ${what}`);
        validateValue(schema.valueSchema!, v, `value of ${what}`);
      }
      return;
    case 'struct':
      if (!(value instanceof Struct)) fail(schema, value, what);
      if ((value as Struct).schema !== schema && (value as Struct).schema.name !== schema.name) {
        throw new DataException(`Struct schemas do not match for ${what}`);
      }
      for (const f of schema.fields ?? []) {
        validateValue(f.schema, (value as Struct).getWithoutDefault(f.name), `field "${f.name}"`);
      }
      return;
  }
}

function fail(schema: Schema, value: unknown, what: string): never {
  const shown = typeof value === 'bigint' ? `${value}n` : value instanceof Object ? value.constructor.name : JSON.stringify(value);
  throw new DataException(
    `Invalid Java object for schema ${schema.name ? `"${schema.name}" ` : ''}with type ${schema.type.toUpperCase()}: ${shown} for ${what}`,
  );
}
