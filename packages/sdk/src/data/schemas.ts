import type { Schema } from './schema.js';

const primitive = (type: Schema['type'], optional: boolean): Schema => Object.freeze({ type, optional });

/** Ready-made primitive schemas, as Kafka Connect's `Schema.INT32_SCHEMA`, `OPTIONAL_STRING_SCHEMA` … */
export const Schemas = {
  INT8: primitive('int8', false),
  INT16: primitive('int16', false),
  INT32: primitive('int32', false),
  INT64: primitive('int64', false),
  FLOAT32: primitive('float32', false),
  FLOAT64: primitive('float64', false),
  BOOLEAN: primitive('boolean', false),
  STRING: primitive('string', false),
  BYTES: primitive('bytes', false),
  OPTIONAL_INT8: primitive('int8', true),
  OPTIONAL_INT16: primitive('int16', true),
  OPTIONAL_INT32: primitive('int32', true),
  OPTIONAL_INT64: primitive('int64', true),
  OPTIONAL_FLOAT32: primitive('float32', true),
  OPTIONAL_FLOAT64: primitive('float64', true),
  OPTIONAL_BOOLEAN: primitive('boolean', true),
  OPTIONAL_STRING: primitive('string', true),
  OPTIONAL_BYTES: primitive('bytes', true),
} as const;
