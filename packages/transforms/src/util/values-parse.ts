import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal, DecimalValue, Schemas, type Schema } from '@tsconnect/sdk';
import { SimpleDateFormat } from './simple-date-format.js';

export interface SchemaAndValue {
  readonly schema: Schema | null;
  readonly value: unknown;
}

const DATE = new SimpleDateFormat('yyyy-MM-dd');
const TIME = new SimpleDateFormat("HH:mm:ss.SSS'Z'");
const TIMESTAMP = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

/**
 * Connect's Values.parseString for a single literal: booleans, the smallest integer type that fits,
 * float32/float64 for decimals, ISO-8601 date/time/timestamp, else the string itself. Array and map
 * literals ("[1,2]", "{a:1}") are not inferred and stay strings.
 */
export function parseString(text: string | null): SchemaAndValue {
  if (text === null) return { schema: null, value: null };
  if (text === '') return { schema: Schemas.STRING, value: text };
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') return { schema: Schemas.BOOLEAN, value: trimmed === 'true' };
  if (trimmed === 'null') return { schema: null, value: null };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(trimmed)) {
    return { schema: ConnectTimestamp.builder().build(), value: TIMESTAMP.parse(trimmed) };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return { schema: ConnectDate.builder().build(), value: DATE.parse(trimmed) };
  if (/^\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(trimmed)) return { schema: ConnectTime.builder().build(), value: TIME.parse(trimmed) };
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return parseNumber(trimmed);
  return { schema: Schemas.STRING, value: text };
}

function parseNumber(token: string): SchemaAndValue {
  const decimal = DecimalValue.parse(token);
  const divisor = decimal.scale > 0 ? 10n ** BigInt(decimal.scale) : 1n;
  // Integral values (also "1.0", "1e3") take the smallest integer type that holds them.
  if (decimal.unscaled % divisor === 0n) {
    const n = decimal.scale > 0 ? decimal.unscaled / divisor : decimal.unscaled * 10n ** BigInt(-decimal.scale);
    if (n >= -128n && n <= 127n) return { schema: Schemas.INT8, value: Number(n) };
    if (n >= -32768n && n <= 32767n) return { schema: Schemas.INT16, value: Number(n) };
    if (n >= -2147483648n && n <= 2147483647n) return { schema: Schemas.INT32, value: Number(n) };
    if (n >= -(2n ** 63n) && n <= 2n ** 63n - 1n) return { schema: Schemas.INT64, value: Number.isSafeInteger(Number(n)) ? Number(n) : n };
  }
  const n = Number(token);
  if (decimal.scale !== 0 && Number.isFinite(Math.fround(n))) return { schema: Schemas.FLOAT32, value: Math.fround(n) };
  if (decimal.scale !== 0 && Number.isFinite(n)) return { schema: Schemas.FLOAT64, value: n };
  return { schema: Decimal.builder(decimal.scale).build(), value: decimal };
}
