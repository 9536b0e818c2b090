import { DataException, DecimalValue, Struct, type Schema } from '@tsconnect/sdk';
import avro from 'avsc';
import { twosComplement } from './json-value.js';

const DECIMAL = 'org.apache.kafka.connect.data.Decimal';
const DATE = 'org.apache.kafka.connect.data.Date';
const TIME = 'org.apache.kafka.connect.data.Time';
const TIMESTAMP = 'org.apache.kafka.connect.data.Timestamp';
const NAMESPACE = 'io.confluent.connect.avro';

type AvroSchema = string | Record<string, unknown> | unknown[];

/**
 * Connect schema → Avro schema, following Confluent's AvroData conventions (connect.type for
 * int8/int16, Decimal/Date/Time/Timestamp as Avro logical types, optional as a union with null
 * first and default null, unnamed structs `io.confluent.connect.avro.ConnectDefault`, maps with
 * non-string keys as arrays of MapEntry records).
 */
export function toAvroSchema(schema: Schema): AvroSchema {
  const names = new Map<string, number>();
  const unique = (full: string): string => {
    const n = (names.get(full) ?? 0) + 1;
    names.set(full, n);
    return n === 1 ? full : `${full}${n}`;
  };
  const convert = (s: Schema, forceRequired = false): AvroSchema => {
    const base = nonOptional(s, unique, convert);
    return s.optional && !forceRequired ? ['null', base] : base;
  };
  return convert(schema, true);
}

function nonOptional(s: Schema, unique: (n: string) => string, convert: (s: Schema) => AvroSchema): AvroSchema {
  switch (s.name) {
    case DECIMAL: {
      const scale = Number(s.parameters?.['scale'] ?? '0');
      const precision = Number(s.parameters?.['connect.decimal.precision'] ?? '64');
      return { type: 'bytes', logicalType: 'decimal', precision, scale, 'connect.version': 1, 'connect.parameters': { scale: String(scale) }, 'connect.name': DECIMAL };
    }
    case DATE:
      return { type: 'int', logicalType: 'date', 'connect.version': 1, 'connect.name': DATE };
    case TIME:
      return { type: 'int', logicalType: 'time-millis', 'connect.version': 1, 'connect.name': TIME };
    case TIMESTAMP:
      return { type: 'long', logicalType: 'timestamp-millis', 'connect.version': 1, 'connect.name': TIMESTAMP };
  }
  switch (s.type) {
    case 'int8': return { type: 'int', 'connect.type': 'int8' };
    case 'int16': return { type: 'int', 'connect.type': 'int16' };
    case 'int32': return 'int';
    case 'int64': return 'long';
    case 'float32': return 'float';
    case 'float64': return 'double';
    case 'boolean': return 'boolean';
    case 'string': return 'string';
    case 'bytes': return 'bytes';
    case 'array': return { type: 'array', items: convert(s.valueSchema!) };
    case 'map':
      if (s.keySchema?.type === 'string' && !s.keySchema.optional) return { type: 'map', values: convert(s.valueSchema!) };
      return {
        type: 'array',
        items: { type: 'record', name: unique(`${NAMESPACE}.MapEntry`), fields: [{ name: 'key', type: convert(s.keySchema!) }, { name: 'value', type: convert(s.valueSchema!) }] },
      };
    case 'struct': {
      const full = unique(s.name ? sanitizeFullName(s.name) : `${NAMESPACE}.ConnectDefault`);
      return {
        type: 'record',
        name: full,
        fields: (s.fields ?? []).map((f) => (f.schema.optional ? { name: f.name, type: convert(f.schema), default: null } : { name: f.name, type: convert(f.schema) })),
      };
    }
  }
}

function sanitizeFullName(name: string): string {
  return name.split('.').map((part) => part.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_')).join('.');
}

/** A Connect value in the shape avsc expects for the schema toAvroSchema produced. */
export function toAvroValue(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) return toAvroValue(schema, schema.defaultValue);
    if (schema.optional) return null;
    throw new DataException(`null for a required ${schema.type} field`);
  }
  switch (schema.name) {
    case DECIMAL: {
      const scale = Number(schema.parameters?.['scale'] ?? '0');
      const d = value instanceof DecimalValue ? value : DecimalValue.parse(String(value));
      return Buffer.from(twosComplement(d.withScale(scale).unscaled));
    }
    case DATE: return Math.floor((value as Date).getTime() / 86_400_000);
    case TIME: return (((value as Date).getTime() % 86_400_000) + 86_400_000) % 86_400_000;
    // The logical long is a plain avsc LongType (the bigint registry only covers bare "long"); millis fit a double.
    case TIMESTAMP: return (value as Date).getTime();
  }
  switch (schema.type) {
    case 'int64': return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'bytes': return Buffer.from(value as Uint8Array);
    case 'array': return (value as unknown[]).map((v) => toAvroValue(schema.valueSchema!, v));
    case 'map': {
      const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : Object.entries(value as object);
      if (schema.keySchema?.type === 'string' && !schema.keySchema.optional) {
        return Object.fromEntries(entries.map(([k, v]) => [String(k), toAvroValue(schema.valueSchema!, v)]));
      }
      return entries.map(([k, v]) => ({ key: toAvroValue(schema.keySchema!, k), value: toAvroValue(schema.valueSchema!, v) }));
    }
    case 'struct': {
      if (!(value instanceof Struct)) throw new DataException(`Expected a Struct for ${schema.name ?? 'struct'}`);
      const out: Record<string, unknown> = {};
      for (const f of schema.fields ?? []) out[f.name] = toAvroValue(f.schema, value.get(f.name));
      return out;
    }
    default:
      return value;
  }
}

/** Avro long as bigint, so int64 values beyond 2^53 survive (avsc's default long is a JS number). */
export const BIGINT_LONG = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (v: number | string) => BigInt(v),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint' && n >= -(2n ** 63n) && n < 2n ** 63n,
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});
