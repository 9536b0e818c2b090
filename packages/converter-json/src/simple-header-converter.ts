import { ConfigDef, ConnectDate, ConnectTime, ConnectTimestamp, DataException, Decimal, DecimalValue, Schemas, Struct, type HeaderConverter, type Schema, type SchemaAndValue, javaBigDecimalToString, javaDoubleToString, javaFloatToString } from '@tsconnect/sdk';
import { base64 } from './jackson-text.js';
import { describe } from './errors.js';

const MILLIS_PER_DAY = 86_400_000;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const NULL: SchemaAndValue = Object.freeze({ schema: null, value: null });

/**
 * Kafka's SimpleHeaderConverter (Values.convertToString / Values.parseString) for scalar headers:
 * null, booleans, numbers (narrowest int type, then float32, float64, Decimal as Java picks them),
 * ISO-8601 dates/times/timestamps (UTC) and strings. Header text that looks like a Connect array or
 * map (`[..]`, `{..}`) is read back as a string, not parsed into a list/map as Java would.
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
    return parseString(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8'));
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

/** Values.parseString for scalar text. */
export function parseString(text: string): SchemaAndValue {
  if (text === '') return { schema: Schemas.STRING, value: '' };
  const token = text.trim();
  if (token === '') return { schema: Schemas.STRING, value: text };
  if (token === 'null') return NULL;
  if (token === 'true') return { schema: Schemas.BOOLEAN, value: true };
  if (token === 'false') return { schema: Schemas.BOOLEAN, value: false };
  const temporal = parseTemporal(token);
  if (temporal) return temporal;
  if (/^[\d+-]/.test(token) && NUMBER.test(token)) return parseNumber(token);
  return { schema: Schemas.STRING, value: text };
}

function parseTemporal(token: string): SchemaAndValue | null {
  if (token.length === 13 && /^\d\d:\d\d:\d\d\.\d{3}Z$/.test(token)) {
    return { schema: ConnectTime.builder().build(), value: new Date(`1970-01-01T${token}`) };
  }
  if (token.length === 24 && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(token)) {
    return { schema: ConnectTimestamp.builder().build(), value: new Date(token) };
  }
  if (token.length === 10 && /^\d{4}-\d\d-\d\d$/.test(token)) {
    return { schema: ConnectDate.builder().build(), value: new Date(`${token}T00:00:00.000Z`) };
  }
  return null;
}

/** Values.parseAsNumber: narrowest exact integer type, else float32, float64, then Decimal. */
function parseNumber(token: string): SchemaAndValue {
  const decimal = DecimalValue.parse(token.startsWith('+') ? token.slice(1) : token);
  const abs = decimal.unscaled < 0n ? -decimal.unscaled : decimal.unscaled;
  const isZero = abs === 0n;
  const whole = isZero || decimal.scale <= 0 || abs % 10n ** BigInt(decimal.scale) === 0n;
  const integer = whole ? (decimal.scale <= 0 ? decimal.unscaled * 10n ** BigInt(-decimal.scale) : decimal.unscaled / 10n ** BigInt(decimal.scale)) : 0n;
  const absInt = integer < 0n ? -integer : integer;
  // Exact integers from 1 to 1e19 (or zero) that fit a long.
  if (whole && (isZero || absInt >= 1n) && absInt <= 10n ** 19n && integer >= LONG_MIN && integer <= LONG_MAX) {
    if (integer >= -128n && integer <= 127n) return { schema: Schemas.INT8, value: Number(integer) };
    if (integer >= -32768n && integer <= 32767n) return { schema: Schemas.INT16, value: Number(integer) };
    if (integer >= -2147483648n && integer <= 2147483647n) return { schema: Schemas.INT32, value: Number(integer) };
    return { schema: Schemas.INT64, value: integer };
  }
  const d = Number(token);
  if (decimal.scale !== 0 && Number.isFinite(Math.fround(d))) return { schema: Schemas.FLOAT32, value: Math.fround(d) };
  if (decimal.scale !== 0 && Number.isFinite(d)) return { schema: Schemas.FLOAT64, value: d };
  return { schema: Decimal.builder(decimal.scale).build(), value: decimal };
}
