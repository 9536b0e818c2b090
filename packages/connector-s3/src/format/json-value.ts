import { DataException, DecimalValue, Struct, type Schema } from '@tsconnect/sdk';

export type DecimalFormat = 'BASE64' | 'NUMERIC';

const DECIMAL = 'org.apache.kafka.connect.data.Decimal';
const DATE = 'org.apache.kafka.connect.data.Date';
const TIME = 'org.apache.kafka.connect.data.Time';
const TIMESTAMP = 'org.apache.kafka.connect.data.Timestamp';

/**
 * A Connect value as JSON text, the way Kafka's JsonConverter writes it with schemas.enable=false
 * (which is what Confluent's JsonFormat uses): structs become objects in field order, bytes
 * base64, Date/Time/Timestamp their int encoding, Decimal base64 of the unscaled value (or a
 * number with json.decimal.format=NUMERIC), maps with non-string keys arrays of [key, value].
 * int64 bigints are written digit for digit, never through a double.
 */
export function toJsonText(schema: Schema | null, value: unknown, decimalFormat: DecimalFormat = 'BASE64'): string {
  return write(schema, value, decimalFormat);
}

function write(schema: Schema | null, value: unknown, df: DecimalFormat): string {
  if (value === null || value === undefined) {
    if (schema && schema.defaultValue !== undefined && schema.defaultValue !== null) return write(schema, schema.defaultValue, df);
    return 'null';
  }
  if (schema === null) return writeSchemaless(value, df);
  switch (schema.name) {
    case DECIMAL:
      return writeDecimal(value, df);
    case DATE:
      return String(Math.floor(asDate(value).getTime() / 86_400_000));
    case TIME:
      return String(((asDate(value).getTime() % 86_400_000) + 86_400_000) % 86_400_000);
    case TIMESTAMP:
      return String(asDate(value).getTime());
  }
  switch (schema.type) {
    case 'int8': case 'int16': case 'int32': case 'int64':
      return typeof value === 'bigint' ? value.toString() : writeNumber(value);
    case 'float32': case 'float64':
      return writeNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(String(value));
    case 'bytes':
      return JSON.stringify(Buffer.from(value as Uint8Array).toString('base64'));
    case 'array':
      return `[${(value as unknown[]).map((v) => write(schema.valueSchema ?? null, v, df)).join(',')}]`;
    case 'map': {
      const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : Object.entries(value as object);
      if (schema.keySchema?.type === 'string') {
        return `{${entries.map(([k, v]) => `${JSON.stringify(String(k))}:${write(schema.valueSchema ?? null, v, df)}`).join(',')}}`;
      }
      return `[${entries.map(([k, v]) => `[${write(schema.keySchema ?? null, k, df)},${write(schema.valueSchema ?? null, v, df)}]`).join(',')}]`;
    }
    case 'struct': {
      if (!(value instanceof Struct)) throw new DataException(`Expected a Struct for schema ${schema.name ?? 'struct'}, got ${typeof value}`);
      return `{${(schema.fields ?? []).map((f) => `${JSON.stringify(f.name)}:${write(f.schema, value.get(f.name), df)}`).join(',')}}`;
    }
  }
}

/** Values without a schema: what Jackson's ObjectMapper would make of the Java equivalents. */
function writeSchemaless(value: unknown, df: DecimalFormat): string {
  if (value instanceof Struct) return write(value.schema, value, df);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return writeNumber(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'));
  if (value instanceof DecimalValue) return value.toString();
  if (value instanceof Date) return String(value.getTime());
  if (Array.isArray(value)) return `[${value.map((v) => writeSchemaless(v ?? null, df)).join(',')}]`;
  if (value instanceof Map) {
    return `{${[...(value as Map<unknown, unknown>)].map(([k, v]) => `${JSON.stringify(String(k))}:${writeSchemaless(v ?? null, df)}`).join(',')}}`;
  }
  if (value === null) return 'null';
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${writeSchemaless(v ?? null, df)}`).join(',')}}`;
  }
  throw new DataException(`Cannot write a ${typeof value} as JSON`);
}

function writeNumber(value: unknown): string {
  if (typeof value !== 'number') throw new DataException(`Expected a number, got ${typeof value}`);
  // Jackson quotes non-finite doubles (QUOTE_NON_NUMERIC_NUMBERS).
  if (!Number.isFinite(value)) return JSON.stringify(String(value));
  return String(value);
}

function writeDecimal(value: unknown, df: DecimalFormat): string {
  const d = value instanceof DecimalValue ? value : DecimalValue.parse(String(value));
  if (df === 'NUMERIC') return d.toString();
  return JSON.stringify(Buffer.from(twosComplement(d.unscaled)).toString('base64'));
}

function asDate(value: unknown): Date {
  if (value instanceof Date) return value;
  throw new DataException(`Expected a Date, got ${typeof value}`);
}

/** Big-endian two's complement in the fewest bytes, as Java's BigInteger.toByteArray(). */
export function twosComplement(n: bigint): Uint8Array {
  const bytes: number[] = [];
  let v = n;
  for (;;) {
    const byte = Number(v & 0xffn);
    bytes.unshift(byte);
    v >>= 8n;
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(bytes);
}
