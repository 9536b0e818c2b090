import { ConfigDef, DataException, DecimalValue, Schemas, Struct, Values, type HeaderConverter, type Schema, type SchemaAndValue, javaBigDecimalToString, javaDoubleToString, javaFloatToString } from '@tsconnect/sdk';
import { base64 } from './jackson-text.js';
import { describe } from './errors.js';

const MILLIS_PER_DAY = 86_400_000;
const NULL: SchemaAndValue = Object.freeze({ schema: null, value: null });

/**
 * Kafka's SimpleHeaderConverter: writes a header as Values.convertToString's text and reads it back
 * with Values.parseString (the sdk's `Values`), which infers the schema: null, booleans, numbers,
 * ISO-8601 dates/times/timestamps (UTC), lists, maps and strings.
 */
export class SimpleHeaderConverter implements HeaderConverter {
  config(): ConfigDef {
    return new ConfigDef();
  }

  configure(): void {}

  fromConnectHeader(_topic: string, _headerKey: string, schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(convertToString(schema, value, false), 'utf8');
  }

  toConnectHeader(_topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null || value === undefined) return NULL;
    try {
      return Values.parseString(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8'));
    } catch {
      // Java logs and keeps the raw bytes when parsing fails unexpectedly (parseString itself falls back to strings).
      return { schema: Schemas.BYTES, value };
    }
  }
}

/** Values.convertToString: the header text of a Connect value. */
export function convertToString(schema: Schema | null, value: unknown, embedded: boolean): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean': return String(value);
    case 'bigint': return value.toString();
    case 'number':
      if (schema?.type === 'float32') return javaFloatToString(value);
      if (schema?.type === 'float64' || !Number.isInteger(value)) return javaDoubleToString(value);
      return String(value);
    case 'string':
      return embedded ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : value;
  }
  if (value instanceof Uint8Array) return embedded ? `"${base64(value)}"` : base64(value);
  if (value instanceof DecimalValue) return javaBigDecimalToString(value.unscaled, value.scale);
  if (value instanceof Date) return formatDate(value);
  if (Array.isArray(value)) return `[${value.map((v) => convertToString(schema?.valueSchema ?? null, v, true)).join(',')}]`;
  if (value instanceof Map) {
    const parts = [...(value as Map<unknown, unknown>)].map(([k, v]) =>
      `${convertToString(schema?.keySchema ?? null, k, true)}:${convertToString(schema?.valueSchema ?? null, v, true)}`);
    return `{${parts.join(',')}}`;
  }
  if (value instanceof Struct) {
    const parts = (value.schema.fields ?? []).map((f) => `${convertToString(null, f.name, true)}:${convertToString(f.schema, value.get(f.name), true)}`);
    return `{${parts.join(',')}}`;
  }
  throw new DataException(`Failed to serialize unexpected value type ${describe(value)}`);
}

/** Values.dateFormatFor, in UTC: time-of-day, date, or timestamp text. */
function formatDate(value: Date): string {
  const ms = value.getTime();
  const iso = value.toISOString(); // yyyy-MM-ddTHH:mm:ss.SSSZ
  if (ms < MILLIS_PER_DAY) return iso.slice(11);
  if (ms % MILLIS_PER_DAY === 0) return iso.slice(0, 10);
  return iso;
}
