import { DataException, Struct, type Schema } from '@tsconnect/sdk';
import { branchName, isNamed, type AvroNode, type JsonValue } from './avro-node.js';
import { toAvroLogical, toConnectLogical } from './logical.js';

/** Avro's JSON form of bytes: one char per byte (ISO-8859-1), as Avro and Confluent write defaults. */
export const bytesToLatin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
export const latin1ToBytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

/** A Connect default value in Avro's JSON default form (Java's defaultValueFromConnect). */
export function defaultValueFromConnect(schema: Schema, value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  const v = toAvroLogical(schema, value, 'default value');
  switch (schema.type) {
    case 'int8': case 'int16': case 'int32': case 'float32': case 'float64': case 'boolean': case 'string':
      return v as number | boolean | string;
    case 'int64':
      return typeof v === 'bigint' ? (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v) : (v as number);
    case 'bytes':
      return bytesToLatin1(v as Uint8Array);
    case 'array':
      return (v as unknown[]).map((e) => defaultValueFromConnect(schema.valueSchema!, e));
    case 'map': {
      const map = v as Map<unknown, unknown>;
      if (schema.keySchema!.type === 'string' && !schema.keySchema!.optional) {
        return Object.fromEntries([...map].map(([k, e]) => [String(k), defaultValueFromConnect(schema.valueSchema!, e)]));
      }
      return [...map].map(([k, e]) => [defaultValueFromConnect(schema.keySchema!, k), defaultValueFromConnect(schema.valueSchema!, e)]);
    }
    case 'struct': {
      const struct = v as Struct;
      const out: Record<string, JsonValue> = {};
      for (const f of schema.fields ?? []) out[f.name] = defaultValueFromConnect(f.schema, struct.get(f.name));
      return out;
    }
  }
}

/** Whether `value` is a valid Avro default for `node` (a union's default must fit its first branch). */
export function isValidDefault(node: AvroNode, value: JsonValue): boolean {
  switch (node.type) {
    case 'null': return value === null;
    case 'boolean': return typeof value === 'boolean';
    case 'int': return typeof value === 'number' && Number.isInteger(value);
    case 'long': return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
    case 'float': case 'double': return typeof value === 'number';
    case 'bytes': case 'string': case 'fixed': case 'enum': return typeof value === 'string';
    case 'array': return Array.isArray(value) && value.every((e) => isValidDefault(node.items, e));
    case 'map': return isObject(value) && Object.values(value).every((e) => isValidDefault(node.values, e));
    case 'record':
      return isObject(value) && node.fields.every((f) => (f.name in value ? isValidDefault(f.type, value[f.name]!) : f.hasDefault));
    case 'union': return node.types.length > 0 && isValidDefault(node.types[0]!, value);
  }
}

const isObject = (v: JsonValue): v is Record<string, JsonValue> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An Avro JSON default as a Connect value for `schema` (Java's defaultValueFromAvro). */
export function defaultValueFromAvro(schema: Schema, node: AvroNode, value: JsonValue | undefined): unknown {
  if (value === null || value === undefined) return null;
  return toConnectLogical(schema, fromJson(schema, node, value));
}

function fromJson(schema: Schema, node: AvroNode, value: JsonValue): unknown {
  switch (node.type) {
    case 'int': case 'float': case 'double':
      return Number(value);
    case 'long':
      return BigInt(value as number | bigint);
    case 'boolean': return Boolean(value);
    case 'null': return null;
    case 'string': case 'enum': return String(value);
    case 'bytes': case 'fixed': return latin1ToBytes(String(value));
    case 'array':
      if (!Array.isArray(value)) throw new DataException('Invalid JSON for array default value');
      if (schema.type === 'map') return new Map(value.map((e) => mapEntry(schema, node.items, e)));
      return value.map((e) => defaultValueFromAvro(schema.valueSchema!, node.items, e));
    case 'map':
      if (!isObject(value)) throw new DataException('Invalid JSON for map default value');
      return new Map(Object.entries(value).map(([k, e]) => [k, defaultValueFromAvro(schema.valueSchema!, node.values, e)]));
    case 'record': {
      if (!isObject(value)) throw new DataException('Invalid JSON for record default value');
      const struct = new Struct(schema);
      for (const f of node.fields) struct.put(f.name, defaultValueFromAvro(schema.fields!.find((x) => x.name === f.name)!.schema, f.type, value[f.name]));
      return struct;
    }
    case 'union': {
      const first = node.types[0]!;
      if (first.type === 'null') return null;
      if (schema.fields && schema.name?.endsWith('.Union')) {
        const name = isNamed(first) ? first.name : branchName(first);
        const f = schema.fields.find((x) => x.name === name)!;
        return new Struct(schema).put(name, defaultValueFromAvro(f.schema, first, value));
      }
      return fromJson(schema, first, value);
    }
  }
}

// Maps with non-string keys: Java writes their defaults as [[key, value], …].
function mapEntry(schema: Schema, entryNode: AvroNode, e: JsonValue): [unknown, unknown] {
  const fields = entryNode.type === 'record' ? entryNode.fields : [];
  const [k, v] = Array.isArray(e) ? e : [(e as Record<string, JsonValue>)['key'] ?? null, (e as Record<string, JsonValue>)['value'] ?? null];
  return [defaultValueFromAvro(schema.keySchema!, fields[0]!.type, k ?? null), defaultValueFromAvro(schema.valueSchema!, fields[1]!.type, v ?? null)];
}
