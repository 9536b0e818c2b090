import { DataException, DecimalValue, Struct, schemaEquals, type Schema, javaBigDecimalToString, javaDoubleToString, javaFloatToString } from '@tsconnect/sdk';
import type { JsonConverterSettings } from './json-converter-config.js';
import { base64, quote, toTwosComplement } from './jackson-text.js';
import { describe, inPath } from './errors.js';
import { decimalScale, LOGICAL } from './logical.js';

const INT_RANGE = { int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647] } as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MILLIS_PER_DAY = 86_400_000;
/** Jackson's JSON type names for Connect types (float32 is "float", float64 "double"). */
const TYPE_NAME: Record<Schema['type'], string> = {
  int8: 'int8', int16: 'int16', int32: 'int32', int64: 'int64', float32: 'float', float64: 'double',
  boolean: 'boolean', string: 'string', bytes: 'bytes', array: 'array', map: 'map', struct: 'struct',
};

/**
 * Connect data → JSON text, built directly as strings (no intermediate tree), following
 * JsonConverter.convertToJson / asJsonSchema. Schema JSON is cached per schema object.
 */
export class JsonWriter {
  private readonly schemaCache = new WeakMap<Schema, string>();
  private readonly prefixCache = new WeakMap<Schema, string[]>();

  constructor(private readonly config: JsonConverterSettings) {}

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
      out += `,"default":${this.value(schema, schema.defaultValue)}`;
    }
    out += '}';
    this.schemaCache.set(schema, out);
    return out;
  }

  /** JsonConverter.convertToJson; `schema` null infers the type from the JS value. */
  value(schema: Schema | null, value: unknown): string {
    if (value === null || value === undefined) {
      if (schema === null) return 'null';
      if (schema.defaultValue !== undefined && schema.defaultValue !== null && this.config.replaceNullWithDefault) {
        return this.value(schema, schema.defaultValue);
      }
      if (schema.optional) return 'null';
      throw new DataException('Conversion error: null value for field that is required and has no default value');
    }
    if (schema === null) return this.schemaless(value);
    if (schema.name !== undefined) {
      const logical = this.logical(schema, value);
      if (logical !== undefined) return logical;
    }
    switch (schema.type) {
      case 'int8':
      case 'int16':
      case 'int32': {
        const [min, max] = INT_RANGE[schema.type];
        if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(schema, value);
        return String(value);
      }
      case 'int64':
        return int64Text(value) ?? throwInvalid(schema, value);
      case 'float32':
        if (typeof value !== 'number') throw invalid(schema, value);
        return Number.isFinite(value) ? javaFloatToString(value) : `"${javaFloatToString(value)}"`;
      case 'float64':
        if (typeof value !== 'number') throw invalid(schema, value);
        return Number.isFinite(value) ? javaDoubleToString(value) : `"${javaDoubleToString(value)}"`;
      case 'boolean':
        if (typeof value !== 'boolean') throw invalid(schema, value);
        return value ? 'true' : 'false';
      case 'string':
        if (typeof value !== 'string') throw invalid(schema, value);
        return quote(value);
      case 'bytes':
        if (!(value instanceof Uint8Array)) throw invalid(schema, value);
        return `"${base64(value)}"`;
      case 'array':
        if (!Array.isArray(value)) throw invalid(schema, value);
        return this.array(schema.valueSchema ?? null, value);
      case 'map':
        return this.map(schema, value);
      case 'struct':
        return this.struct(schema, value);
    }
  }

  private logical(schema: Schema, value: unknown): string | undefined {
    switch (schema.name) {
      case LOGICAL.DECIMAL: {
        if (!(value instanceof DecimalValue)) {
          throw new DataException(`Invalid type for Decimal, expected DecimalValue but was ${describe(value)}`);
        }
        if (this.config.decimalFormat === 'NUMERIC') return javaBigDecimalToString(value.unscaled, value.scale);
        const scale = decimalScale(schema);
        if (value.scale !== scale) {
          throw new DataException(
            `Decimal value has mismatching scale for given Decimal schema. Schema has scale ${scale}, value has scale ${value.scale}.`,
          );
        }
        return `"${base64(toTwosComplement(value.unscaled))}"`;
      }
      case LOGICAL.DATE: {
        const ms = dateMillis(value, 'Date');
        if (ms % MILLIS_PER_DAY !== 0) {
          throw new DataException(`Kafka Connect Date type should not have any time fields set to non-zero values: ${(value as Date).toISOString()}`);
        }
        return String(ms / MILLIS_PER_DAY);
      }
      case LOGICAL.TIME: {
        const ms = dateMillis(value, 'Time');
        if (ms < 0 || ms > MILLIS_PER_DAY) {
          throw new DataException(`Kafka Connect Time type should not have any date fields set to non-zero values: ${(value as Date).toISOString()}`);
        }
        return String(ms);
      }
      case LOGICAL.TIMESTAMP:
        return String(dateMillis(value, 'Timestamp'));
      default:
        return undefined;
    }
  }

  private array(elementSchema: Schema | null, value: readonly unknown[]): string {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      try {
        out += this.value(elementSchema, value[i]);
      } catch (e) {
        throw inPath(e, `[${i}]`);
      }
    }
    return `${out}]`;
  }

  private map(schema: Schema | null, value: unknown): string {
    const entries = mapEntries(value);
    if (entries === null) throw schema ? invalid(schema, value) : new DataException(`Invalid map value: ${describe(value)}`);
    const keySchema = schema?.keySchema ?? null;
    const valueSchema = schema?.valueSchema ?? null;
    // String keys → JSON object; any other key type → array of [key, value] pairs.
    const objectMode = schema ? keySchema?.type === 'string' : entries.every(([k]) => typeof k === 'string');
    const parts: string[] = [];
    const seen = objectMode ? new Map<string, number>() : null;
    for (const [k, v] of entries) {
      let keyJson: string;
      let valueJson: string;
      try {
        keyJson = this.value(keySchema, k);
        valueJson = this.value(valueSchema, v);
      } catch (e) {
        throw inPath(e, String(k));
      }
      if (!objectMode) {
        parts.push(`[${keyJson},${valueJson}]`);
        continue;
      }
      // ObjectNode.set(key.asText()): a repeated name keeps its first position, last value wins.
      const name = typeof k === 'string' ? k : k === null || k === undefined ? 'null' : keyJson;
      const entry = `${quote(name)}:${valueJson}`;
      const at = seen!.get(name);
      if (at === undefined) { seen!.set(name, parts.length); parts.push(entry); } else parts[at] = entry;
    }
    return objectMode ? `{${parts.join(',')}}` : `[${parts.join(',')}]`;
  }

  private struct(schema: Schema, value: unknown): string {
    if (!(value instanceof Struct)) throw invalid(schema, value);
    // Identity first: the deep comparison is only needed for a struct built with an equal copy of the schema.
    if (value.schema !== schema && !schemaEquals(value.schema, schema)) {
      throw new DataException(`Mismatching schema: struct of schema ${value.schema.name ?? '(unnamed)'} written with schema ${schema.name ?? '(unnamed)'}`);
    }
    let out = '{';
    const fields = schema.fields ?? [];
    const prefixes = this.fieldPrefixes(schema);
    const values = value.valuesInFieldOrder();
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      try {
        out += prefixes[i]! + this.value(f.schema, values[i] ?? null);
      } catch (e) {
        throw inPath(e, f.name);
      }
    }
    return `${out}}`;
  }

  /** `"name":` (with the separating comma after the first) per field, quoted once per schema. */
  private fieldPrefixes(schema: Schema): string[] {
    let prefixes = this.prefixCache.get(schema);
    if (!prefixes) {
      prefixes = (schema.fields ?? []).map((f, i) => `${i > 0 ? ',' : ''}${quote(f.name)}:`);
      this.prefixCache.set(schema, prefixes);
    }
    return prefixes;
  }

  /** Java picks the type from the value's class (ConnectSchema.schemaType); JS values map as documented. */
  private schemaless(value: unknown): string {
    switch (typeof value) {
      case 'string': return quote(value);
      case 'boolean': return value ? 'true' : 'false';
      case 'bigint': return int64Text(value) ?? String(value);
      case 'number':
        if (Number.isInteger(value)) return int64Text(value) ?? javaDoubleToString(value);
        return Number.isFinite(value) ? javaDoubleToString(value) : `"${javaDoubleToString(value)}"`;
    }
    if (value instanceof Uint8Array) return `"${base64(value)}"`;
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
  if (typeof value === 'bigint') return value >= INT64_MIN && value <= INT64_MAX ? value.toString() : undefined;
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

function throwInvalid(schema: Schema, value: unknown): never {
  throw invalid(schema, value);
}
