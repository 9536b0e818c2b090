import { DataException, DecimalValue, Struct, schemaEquals, type Schema, javaBigDecimalToString, javaDoubleToString, javaFloatToString } from '@tsconnect/sdk';
import type { JsonConverterSettings } from './json-converter-config.js';
import { quote, toTwosComplement } from './jackson-text.js';
import { describe, inPath } from './errors.js';
import { decimalScale, LOGICAL } from './logical.js';
import { ByteSink } from './byte-sink.js';
import { KIND, writePlan, type WritePlan } from './write-plan.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MILLIS_PER_DAY = 86_400_000;
/** Unscaled Decimal values below this (in magnitude) are encoded with double arithmetic, not BigInt text. */
const SMALL_DECIMAL = 2 ** 47;
/** Jackson's JSON type names for Connect types (float32 is "float", float64 "double"). */
const TYPE_NAME: Record<Schema['type'], string> = {
  int8: 'int8', int16: 'int16', int32: 'int32', int64: 'int64', float32: 'float', float64: 'double',
  boolean: 'boolean', string: 'string', bytes: 'bytes', array: 'array', map: 'map', struct: 'struct',
};
const utf8 = new TextEncoder();
const ENVELOPE_START = utf8.encode('{"schema":');
const ENVELOPE_PAYLOAD = utf8.encode(',"payload":');
const NULL_BYTES = utf8.encode('null');

/**
 * Connect data → JSON bytes, written straight into a reused byte buffer (no intermediate tree or
 * string, no separate UTF-8 pass), following JsonConverter.convertToJson / asJsonSchema.
 * Schema JSON is cached per schema object. Not re-entrant: one record at a time.
 */
export class JsonWriter extends ByteSink {
  private readonly schemaCache = new WeakMap<Schema, string>();
  private readonly schemaBytesCache = new WeakMap<Schema, Uint8Array>();
  private readonly scaleCache = new WeakMap<Schema, number>();
  private readonly scratch = new Uint8Array(8);

  constructor(private readonly config: JsonConverterSettings, slabSize?: number) {
    super(slabSize);
  }

  /** JsonConverter.fromConnectData's bytes: the value, in the schemas.enable envelope when `envelope`. */
  encode(schema: Schema | null, value: unknown, envelope: boolean): Buffer {
    // Schema bytes first: building them may encode default values (with another writer).
    const schemaBytes = envelope ? (schema === null ? NULL_BYTES : this.schemaBytes(schema)) : null;
    this.reset();
    if (schemaBytes !== null) {
      this.raw(ENVELOPE_START);
      this.raw(schemaBytes);
      this.raw(ENVELOPE_PAYLOAD);
      this.value(schema, value);
      this.byte(125);
    } else {
      this.value(schema, value);
    }
    return this.take();
  }

  /** JsonConverter.asJsonSchema: type, items | keys,values | fields, optional, name, version, doc, parameters, default. */
  schemaJson(schema: Schema): string {
    const cached = this.schemaCache.get(schema);
    if (cached !== undefined) return cached;
    let out = `{"type":"${TYPE_NAME[schema.type]}"`;
    switch (schema.type) {
      case 'array':
        out += `,"items":${this.schemaJson(required(schema.valueSchema, 'array value'))}`;
        break;
      case 'map':
        out += `,"keys":${this.schemaJson(required(schema.keySchema, 'map key'))}` +
          `,"values":${this.schemaJson(required(schema.valueSchema, 'map value'))}`;
        break;
      case 'struct':
        out += ',"fields":[' + (schema.fields ?? []).map((f) =>
          // Java deep-copies the field's schema and appends "field" last.
          `${this.schemaJson(f.schema).slice(0, -1)},"field":${quote(f.name)}}`).join(',') + ']';
        break;
    }
    out += schema.optional ? ',"optional":true' : ',"optional":false';
    if (schema.name !== undefined) out += `,"name":${quote(schema.name)}`;
    if (schema.version !== undefined) out += `,"version":${schema.version}`;
    if (schema.doc !== undefined) out += `,"doc":${quote(schema.doc)}`;
    if (schema.parameters !== undefined) {
      out += ',"parameters":{' + Object.entries(schema.parameters).map(([k, v]) => `${quote(k)}:${quote(v)}`).join(',') + '}';
    }
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) {
      out += `,"default":${this.valueText(schema, schema.defaultValue)}`;
    }
    out += '}';
    this.schemaCache.set(schema, out);
    return out;
  }

  /** schemaJson as UTF-8, cached. */
  private schemaBytes(schema: Schema): Uint8Array {
    let bytes = this.schemaBytesCache.get(schema);
    if (bytes === undefined) {
      bytes = utf8.encode(this.schemaJson(schema));
      this.schemaBytesCache.set(schema, bytes);
    }
    return bytes;
  }

  /** The JSON text of one value, written by a separate writer so this one's buffer is untouched. */
  private valueText(schema: Schema | null, value: unknown): string {
    return new JsonWriter(this.config, 256).encode(schema, value, false).toString('utf8');
  }

  /** JsonConverter.convertToJson; `schema` null infers the type from the JS value. */
  private value(schema: Schema | null, value: unknown): void {
    if (value === null || value === undefined) {
      if (schema === null) return this.raw(NULL_BYTES);
      if (schema.defaultValue !== undefined && schema.defaultValue !== null && this.config.replaceNullWithDefault) {
        return this.value(schema, schema.defaultValue);
      }
      if (schema.optional) return this.raw(NULL_BYTES);
      throw new DataException('Conversion error: null value for field that is required and has no default value');
    }
    if (schema === null) return this.schemaless(value);
    if (schema.name !== undefined && this.logical(schema, value)) return;
    switch (schema.type) {
      case 'int32':
        if (typeof value !== 'number' || (value | 0) !== value) throw invalid(schema, value);
        return this.integer(value);
      case 'int8':
      case 'int16': {
        const max = schema.type === 'int8' ? 127 : 32767;
        if (typeof value !== 'number' || !Number.isInteger(value) || value < -max - 1 || value > max) throw invalid(schema, value);
        return this.ascii(String(value));
      }
      case 'int64':
        if (!this.int64(value)) throw invalid(schema, value);
        return;
      case 'float32':
        if (typeof value !== 'number') throw invalid(schema, value);
        return this.number(javaFloatToString(value), value);
      case 'float64':
        if (typeof value !== 'number') throw invalid(schema, value);
        return this.double(value);
      case 'boolean':
        if (typeof value !== 'boolean') throw invalid(schema, value);
        return this.ascii(value ? 'true' : 'false');
      case 'string':
        if (typeof value !== 'string') throw invalid(schema, value);
        return this.quoted(value);
      case 'bytes':
        if (!(value instanceof Uint8Array)) throw invalid(schema, value);
        return this.base64(value, value.length);
      case 'array':
        if (!Array.isArray(value)) throw invalid(schema, value);
        return this.array(schema.valueSchema ?? null, value);
      case 'map':
        return this.map(schema, value);
      case 'struct':
        return this.struct(schema, value);
    }
  }

  /**
   * Java's Double.toString. In Java's plain range [1e-3, 1e7) a double that k fraction digits
   * (15 significant at most) read back exactly prints as those digits: no shorter decimal reads
   * back (the smallest k is taken) and no other of at most 15 digits does (doubles hold 15), so
   * they are the shortest digits JS and Java print — found with a few multiplications, where
   * String(double) runs the general shortest-digits search.
   */
  private double(d: number): void {
    const abs = d < 0 ? -d : d;
    if (abs >= 1e-3 && abs < 1e7) {
      if (Number.isInteger(abs)) {
        this.ascii(String(d));
        this.ascii('.0');
        return;
      }
      for (let k = 1, p = 10; k <= 15; k++, p *= 10) {
        const m = Math.round(abs * p);
        if (m >= 1e15) break;
        if (m / p === abs) {
          if (d < 0) this.byte(45);
          return this.decimalDigits(String(m), k);
        }
      }
    }
    this.number(javaDoubleToString(d), d);
  }

  /** The integer `digits` × 10^-scale (scale > 0) in plain notation. */
  private decimalDigits(digits: string, scale: number): void {
    const intLength = digits.length - scale;
    if (intLength <= 0) {
      this.ascii('0.');
      for (let i = intLength; i < 0; i++) this.byte(48);
      return this.ascii(digits);
    }
    this.ascii(digits.slice(0, intLength));
    this.byte(46);
    this.ascii(digits.slice(intLength));
  }

  /** Writes an int64 (bigint, or integral number) and returns true; false (nothing written) when out of range. */
  private int64(value: unknown): boolean {
    if (typeof value === 'bigint') {
      const n = Number(value);
      if (Number.isSafeInteger(n)) this.integer(n);
      else if (value >= INT64_MIN && value <= INT64_MAX) this.ascii(value.toString());
      else return false;
      return true;
    }
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      this.integer(value);
      return true;
    }
    const text = int64Text(value);
    if (text === undefined) return false;
    this.ascii(text);
    return true;
  }

  /** Java quotes the non-finite doubles ("NaN", "Infinity"). */
  private number(text: string, value: number): void {
    if (Number.isFinite(value)) this.ascii(text);
    else { this.byte(34); this.ascii(text); this.byte(34); }
  }

  /** Writes a logical-type value and returns true, or false for a name that is no logical type. */
  private logical(schema: Schema, value: unknown): boolean {
    switch (schema.name) {
      case LOGICAL.DECIMAL: {
        if (!(value instanceof DecimalValue)) {
          throw new DataException(`Invalid type for Decimal, expected DecimalValue but was ${describe(value)}`);
        }
        if (this.config.decimalFormat === 'NUMERIC') {
          this.ascii(javaBigDecimalToString(value.unscaled, value.scale));
          return true;
        }
        const scale = this.scale(schema);
        if (value.scale !== scale) {
          throw new DataException(
            `Decimal value has mismatching scale for given Decimal schema. Schema has scale ${scale}, value has scale ${value.scale}.`,
          );
        }
        this.decimalBytes(value.unscaled);
        return true;
      }
      case LOGICAL.DATE: {
        const ms = dateMillis(value, 'Date');
        if (ms % MILLIS_PER_DAY !== 0) {
          throw new DataException(`Kafka Connect Date type should not have any time fields set to non-zero values: ${(value as Date).toISOString()}`);
        }
        this.integer(ms / MILLIS_PER_DAY);
        return true;
      }
      case LOGICAL.TIME: {
        const ms = dateMillis(value, 'Time');
        if (ms < 0 || ms > MILLIS_PER_DAY) {
          throw new DataException(`Kafka Connect Time type should not have any date fields set to non-zero values: ${(value as Date).toISOString()}`);
        }
        this.integer(ms);
        return true;
      }
      case LOGICAL.TIMESTAMP:
        this.integer(dateMillis(value, 'Timestamp'));
        return true;
      default:
        return false;
    }
  }

  private scale(schema: Schema): number {
    let scale = this.scaleCache.get(schema);
    if (scale === undefined) {
      scale = decimalScale(schema);
      this.scaleCache.set(schema, scale);
    }
    return scale;
  }

  /** Base64 of Java's BigInteger.toByteArray(): minimal two's complement, big-endian. */
  private decimalBytes(unscaled: bigint): void {
    let n = Number(unscaled);
    if (!(n > -SMALL_DECIMAL && n < SMALL_DECIMAL)) {
      const bytes = toTwosComplement(unscaled);
      return this.base64(bytes, bytes.length);
    }
    let length = 1;
    let limit = 128;
    while (n >= limit || n < -limit) { length++; limit *= 256; }
    if (n < 0) n += limit * 2;
    const scratch = this.scratch;
    for (let k = length - 1; k >= 0; k--) {
      scratch[k] = n % 256;
      n = Math.floor(n / 256);
    }
    this.base64(scratch, length);
  }

  private array(elementSchema: Schema | null, value: readonly unknown[]): void {
    this.byte(91);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) this.byte(44);
      try {
        this.value(elementSchema, value[i]);
      } catch (e) {
        throw inPath(e, `[${i}]`);
      }
    }
    this.byte(93);
  }

  private map(schema: Schema | null, value: unknown): void {
    const entries = mapEntries(value);
    if (entries === null) throw schema ? invalid(schema, value) : new DataException(`Invalid map value: ${describe(value)}`);
    const keySchema = schema?.keySchema ?? null;
    const valueSchema = schema?.valueSchema ?? null;
    // String keys → JSON object; any other key type → array of [key, value] pairs.
    const objectMode = schema ? keySchema?.type === 'string' : entries.every(([k]) => typeof k === 'string');
    if (!objectMode) {
      this.byte(91);
      for (let i = 0; i < entries.length; i++) {
        const [k, v] = entries[i]!;
        if (i > 0) this.byte(44);
        this.byte(91);
        try {
          this.value(keySchema, k);
          this.byte(44);
          this.value(valueSchema, v);
        } catch (e) {
          throw inPath(e, String(k));
        }
        this.byte(93);
      }
      return this.byte(93);
    }
    // Distinct string keys under a plain string key schema: the key text is the quoted key itself.
    if ((keySchema === null || keySchema.name === undefined) && entries.every(([k]) => typeof k === 'string')) {
      this.byte(123);
      for (let i = 0; i < entries.length; i++) {
        const [k, v] = entries[i]!;
        if (i > 0) this.byte(44);
        this.quoted(k as string);
        this.byte(58);
        try {
          this.value(valueSchema, v);
        } catch (e) {
          throw inPath(e, k as string);
        }
      }
      return this.byte(125);
    }
    this.objectWithOddKeys(keySchema, valueSchema, entries);
  }

  /** Object-mode map whose keys may collide once printed (a null key and "null"). */
  private objectWithOddKeys(keySchema: Schema | null, valueSchema: Schema | null, entries: [unknown, unknown][]): void {
    const parts: string[] = [];
    const seen = new Map<string, number>();
    for (const [k, v] of entries) {
      let keyJson: string;
      let valueJson: string;
      try {
        keyJson = this.valueText(keySchema, k);
        valueJson = this.valueText(valueSchema, v);
      } catch (e) {
        throw inPath(e, String(k));
      }
      // ObjectNode.set(key.asText()): a repeated name keeps its first position, last value wins.
      const name = typeof k === 'string' ? k : k === null || k === undefined ? 'null' : keyJson;
      const entry = `${quote(name)}:${valueJson}`;
      const at = seen.get(name);
      if (at === undefined) { seen.set(name, parts.length); parts.push(entry); } else parts[at] = entry;
    }
    this.raw(utf8.encode(`{${parts.join(',')}}`));
  }

  private struct(schema: Schema, value: unknown): void {
    this.structOf(writePlan(schema), value);
  }

  private structOf(plan: WritePlan, value: unknown): void {
    const schema = plan.schema;
    if (!(value instanceof Struct)) throw invalid(schema, value);
    // Identity first: the deep comparison is only needed for a struct built with an equal copy of the schema.
    if (value.schema !== schema && !schemaEquals(value.schema, schema)) {
      throw new DataException(`Mismatching schema: struct of schema ${value.schema.name ?? '(unnamed)'} written with schema ${schema.name ?? '(unnamed)'}`);
    }
    this.byte(123);
    const fields = plan.fields;
    const prefixes = plan.prefixes;
    const values = value.valuesInFieldOrder();
    for (let i = 0; i < fields.length; i++) {
      this.ascii(prefixes[i]!);
      try {
        this.field(fields[i]!, values[i] ?? null);
      } catch (e) {
        throw inPath(e, plan.names[i]!);
      }
    }
    this.byte(125);
  }

  /** value() for a struct field, dispatching on its plan; nulls and the rarer types go to value(). */
  private field(plan: WritePlan, value: unknown): void {
    if (value === null) return this.value(plan.schema, value);
    switch (plan.kind) {
      case KIND.INT32:
        if (typeof value !== 'number' || (value | 0) !== value) throw invalid(plan.schema, value);
        return this.integer(value);
      case KIND.INT64:
        if (!this.int64(value)) throw invalid(plan.schema, value);
        return;
      case KIND.FLOAT64:
        if (typeof value !== 'number') throw invalid(plan.schema, value);
        return this.double(value);
      case KIND.BOOLEAN:
        if (typeof value !== 'boolean') throw invalid(plan.schema, value);
        return this.ascii(value ? 'true' : 'false');
      case KIND.STRING:
        if (typeof value !== 'string') throw invalid(plan.schema, value);
        return this.quoted(value);
      case KIND.STRUCT:
        return this.structOf(plan, value);
      case KIND.LOGICAL:
        this.logical(plan.schema, value);
        return;
      default:
        return this.value(plan.schema, value);
    }
  }

  /** Java picks the type from the value's class (ConnectSchema.schemaType); JS values map as documented. */
  private schemaless(value: unknown): void {
    switch (typeof value) {
      case 'string': return this.quoted(value);
      case 'boolean': return this.ascii(value ? 'true' : 'false');
      case 'bigint': return this.int64(value) ? undefined : this.ascii(String(value));
      case 'number':
        if (Number.isInteger(value)) return this.ascii(int64Text(value) ?? javaDoubleToString(value));
        return this.double(value);
    }
    if (value instanceof Uint8Array) return this.base64(value, value.length);
    if (Array.isArray(value)) return this.array(null, value);
    if (value instanceof Map || isPlainObject(value)) return this.map(null, value);
    if (value instanceof Struct) throw new DataException('Mismatching schema: a Struct needs its schema, but the schema is null');
    throw new DataException(`${describe(value)} does not have corresponding schema type.`);
  }
}

function required(schema: Schema | undefined, what: string): Schema {
  if (!schema) throw new DataException(`Schema has no ${what} schema`);
  return schema;
}

function int64Text(value: unknown): string | undefined {
  if (typeof value === 'bigint') {
    const n = Number(value); // printing a safe integer is cheaper than printing a bigint
    if (Number.isSafeInteger(n)) return String(n);
    return value >= INT64_MIN && value <= INT64_MAX ? value.toString() : undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  if (Number.isSafeInteger(value)) return String(value);
  const big = BigInt(value);
  return big >= INT64_MIN && big <= INT64_MAX ? big.toString() : undefined;
}

function dateMillis(value: unknown, type: string): number {
  if (!(value instanceof Date)) throw new DataException(`Invalid type for ${type}, expected Date but was ${describe(value)}`);
  const ms = value.getTime();
  if (Number.isNaN(ms)) throw new DataException(`Invalid Date (NaN) for ${type}`);
  return ms;
}

function mapEntries(value: unknown): [unknown, unknown][] | null {
  if (value instanceof Map) return [...(value as Map<unknown, unknown>).entries()];
  if (isPlainObject(value)) return Object.entries(value);
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function invalid(schema: Schema, value: unknown): DataException {
  return new DataException(`Invalid type for ${schema.type.toUpperCase()}: ${describe(value)}`);
}

