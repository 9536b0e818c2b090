import { DataException, Struct, schemaEquals, type Schema, javaDoubleToString, javaFloatToString } from '@tsconnect/sdk';
import type { JsonConverterSettings } from './json-converter-config.js';
import { quote } from './jackson-text.js';
import { describe, inPath } from './errors.js';
import { KIND, writePlan, type WritePlan } from './write-plan.js';
import { LogicalWriter } from './logical-writer.js';
import { int64Text } from './number-writer.js';
import { SchemaJson } from './schema-json.js';

const utf8 = new TextEncoder();
const NULL_SCHEMA_ENVELOPE_START = utf8.encode('{"schema":null,"payload":');
const NULL_BYTES = utf8.encode('null');

/**
 * Connect data → JSON bytes, written straight into a reused byte buffer (no intermediate tree or
 * string, no separate UTF-8 pass), following JsonConverter.convertToJson / asJsonSchema.
 * Schema JSON is cached per schema object. Not re-entrant: one record at a time.
 */
export class JsonWriter extends LogicalWriter {
  private readonly schemas = new SchemaJson((schema, value) => this.valueText(schema, value));

  constructor(config: JsonConverterSettings, slabSize?: number) {
    super(config, slabSize);
  }

  /** JsonConverter.fromConnectData's bytes: the value, in the schemas.enable envelope when `envelope`. */
  encode(schema: Schema | null, value: unknown, envelope: boolean): Buffer {
    // Envelope bytes first: building them may encode default values (with another writer).
    const start = envelope ? (schema === null ? NULL_SCHEMA_ENVELOPE_START : this.schemas.envelopeStart(schema)) : null;
    this.reset();
    if (start !== null) {
      this.raw(start);
      this.value(schema, value);
      this.byte(125);
    } else {
      this.value(schema, value);
    }
    return this.take();
  }

  /** JsonConverter.asJsonSchema (cached per schema object). */
  schemaJson(schema: Schema): string {
    return this.schemas.text(schema);
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
    const prefixLengths = plan.prefixLengths;
    const values = value.valuesInFieldOrder();
    for (let i = 0; i < fields.length; i++) {
      this.words(prefixes[i]!, prefixLengths[i]!);
      const v = values[i] ?? null;
      const field = fields[i]!;
      // An optional field without default, null: `null` (most null fields of change events).
      if (v === null && field.nullIsNull) {
        this.nullLiteral();
        continue;
      }
      try {
        this.field(field, v);
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

