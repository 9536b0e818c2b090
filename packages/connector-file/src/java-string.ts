import { DecimalValue, Struct, javaBigDecimalToString, javaDoubleToString, javaFloatToString, type Schema } from '@tsconnect/sdk';

/**
 * The text Kafka's FileStreamSinkTask writes for a value: Java's `String.valueOf(value)` of the
 * Connect representation (`Struct{a=1,b=x}`, `[1, 2]`, `{k=v}`, `1.0`, `null`). The schema, when
 * present, tells float from integer the way Java's boxed types would.
 */
export function javaString(value: unknown, schema: Schema | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'number') return javaNumber(value, schema);
  if (value instanceof DecimalValue) return javaBigDecimalToString(value.unscaled, value.scale);
  if (value instanceof Date) return javaDate(value);
  if (value instanceof Struct) return javaStruct(value);
  if (value instanceof Uint8Array) return `[${Array.from(new Int8Array(value.buffer, value.byteOffset, value.length)).join(', ')}]`;
  if (Array.isArray(value)) return `[${value.map((v) => javaString(v, schema?.valueSchema)).join(', ')}]`;
  if (value instanceof Map) {
    const entries = [...value.entries()].map(([k, v]) => `${javaString(k, schema?.keySchema)}=${javaString(v, schema?.valueSchema)}`);
    return `{${entries.join(', ')}}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${k}=${javaString(v, schema?.valueSchema)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

/** Java's Struct.toString: fields that are set, in schema order, no spaces. */
function javaStruct(struct: Struct): string {
  const parts: string[] = [];
  for (const f of struct.schema.fields ?? []) {
    const v = struct.getWithoutDefault(f.name);
    if (v !== null && v !== undefined) parts.push(`${f.name}=${javaString(v, f.schema)}`);
  }
  return `Struct{${parts.join(',')}}`;
}

function javaNumber(n: number, schema: Schema | null | undefined): string {
  if (schema?.type === 'float32') return javaFloatToString(n);
  // Schemaless numbers that are not integers are Java Doubles; integers are Longs.
  if (schema?.type === 'float64' || (!schema && !Number.isInteger(n))) return javaDoubleToString(n);
  return String(n);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** java.util.Date.toString on a worker running in UTC, e.g. "Thu Jan 01 00:00:00 UTC 1970". */
function javaDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
