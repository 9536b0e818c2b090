import { DataException, DecimalValue, SchemaBuilder, Struct, type Schema } from '@tsconnect/sdk';
import { decodeBase64, fromTwosComplement } from './jackson-text.js';
import { JsonDecimal, isJsonObject, nodeType, type JsonNode } from './json-node.js';
import { decimalScale, LOGICAL } from './logical.js';
import { inPath } from './errors.js';

const MILLIS_PER_DAY = 86_400_000;
const MAX_DATE_MILLIS = 8.64e15; // the JS Date range

/**
 * JSON tree → Connect data, following JsonConverter.convertToConnect including its leniency:
 * numbers are truncated and wrapped to the schema's width, and a non-number read with a number
 * schema gives 0 (a non-boolean gives false, a non-string null) exactly as Jackson's
 * JsonNode.intValue()/booleanValue()/textValue() do in Java.
 *
 * JS representation: int8/16/32 and float32/64 `number`, int64 `bigint`, bytes `Uint8Array`,
 * Decimal `DecimalValue`, Date/Time/Timestamp `Date`, array `Array`, map `Map`, struct `Struct`.
 * Without a schema: integers `bigint` (Java Long), other numbers `number` (Double), objects `Map`.
 */
export function toConnect(schema: Schema | null, node: JsonNode | undefined, replaceNullWithDefault: boolean): unknown {
  if (schema !== null) {
    if (node === null || node === undefined) {
      if (schema.defaultValue !== undefined && schema.defaultValue !== null && replaceNullWithDefault) return schema.defaultValue;
      if (schema.optional) return null;
      throw new DataException(`Invalid null value for required ${schema.type.toUpperCase()} field`);
    }
    switch (schema.name) {
      case LOGICAL.DECIMAL: return toDecimal(schema, node);
      case LOGICAL.DATE: {
        if (typeof node !== 'number') throw new DataException(`Invalid type for Date, underlying representation should be integer but was ${nodeType(node)}`);
        return toDate(node * MILLIS_PER_DAY, 'Date', node);
      }
      case LOGICAL.TIME: {
        if (typeof node !== 'number') throw new DataException(`Invalid type for Time, underlying representation should be integer but was ${nodeType(node)}`);
        if (node < 0 || node > MILLIS_PER_DAY) {
          throw new DataException(`Time values must use number of milliseconds greater than 0 and less than 86400000, got ${node}`);
        }
        return new Date(node);
      }
      case LOGICAL.TIMESTAMP: {
        if (typeof node !== 'number' && typeof node !== 'bigint') {
          throw new DataException(`Invalid type for Timestamp, underlying representation should be integral but was ${nodeType(node)}`);
        }
        return toDate(typeof node === 'number' ? node : Number(BigInt.asIntN(64, node)), 'Timestamp', node);
      }
    }
    return typed(schema, node, replaceNullWithDefault);
  }
  if (node === null || node === undefined) return null;
  switch (typeof node) {
    case 'boolean':
    case 'string': return node;
    case 'number': return BigInt(node);
    case 'bigint': return BigInt.asIntN(64, node);
  }
  if (node instanceof JsonDecimal) return decimalToDouble(node);
  if (Array.isArray(node)) return node.map((e, i) => nested(null, e, replaceNullWithDefault, `[${i}]`));
  const out = new Map<string, unknown>();
  for (const [k, v] of node) out.set(k, nested(null, v, replaceNullWithDefault, k));
  return out;
}

function nested(schema: Schema | null, node: JsonNode | undefined, replace: boolean, segment: string): unknown {
  try {
    return toConnect(schema, node, replace);
  } catch (e) {
    throw inPath(e, segment);
  }
}

function typed(schema: Schema, node: JsonNode, replace: boolean): unknown {
  switch (schema.type) {
    case 'boolean': return node === true;
    case 'int8': return Number(BigInt.asIntN(8, truncate(node)));
    case 'int16': return Number(BigInt.asIntN(16, truncate(node)));
    case 'int32': return typeof node === 'number' ? node : Number(BigInt.asIntN(32, truncate(node)));
    case 'int64': return typeof node === 'number' && Number.isSafeInteger(node) ? BigInt(node) : BigInt.asIntN(64, truncate(node));
    case 'float32': return Math.fround(toDouble(node));
    case 'float64': return toDouble(node);
    case 'string': return typeof node === 'string' ? node : null;
    case 'bytes': {
      if (typeof node !== 'string') return null; // JsonNode.binaryValue() of a non-text node
      const bytes = decodeBase64(node);
      if (bytes === null) throw new DataException(`Invalid bytes field: not Base64: ${JSON.stringify(node.slice(0, 40))}`);
      return bytes;
    }
    case 'array': {
      // Java iterates the node: an object's values, nothing for a scalar.
      const elements = Array.isArray(node) ? node : isJsonObject(node) ? [...node.values()] : [];
      return elements.map((e, i) => nested(schema.valueSchema ?? null, e, replace, `[${i}]`));
    }
    case 'map': return toMap(schema, node, replace);
    case 'struct': {
      if (!isJsonObject(node)) throw new DataException(`Structs should be encoded as JSON objects, but found ${nodeType(node)}`);
      const struct = new Struct(schema);
      for (const f of schema.fields ?? []) {
        const value = nested(f.schema, node.get(f.name), replace, f.name);
        try {
          struct.put(f.name, value);
        } catch (e) {
          throw inPath(e, f.name);
        }
      }
      return struct;
    }
  }
}

function toMap(schema: Schema, node: JsonNode, replace: boolean): Map<unknown, unknown> {
  const keySchema = schema.keySchema ?? null;
  const valueSchema = schema.valueSchema ?? null;
  const out = new Map<unknown, unknown>();
  if (keySchema === null || keySchema.type === 'string') {
    if (!isJsonObject(node)) throw new DataException(`Maps with string fields should be encoded as JSON objects, but found ${nodeType(node)}`);
    for (const [k, v] of node) out.set(k, nested(valueSchema, v, replace, k));
    return out;
  }
  if (!Array.isArray(node)) {
    throw new DataException(`Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeType(node)}`);
  }
  node.forEach((entry, i) => {
    if (!Array.isArray(entry)) throw new DataException(`Found invalid map entry instead of array tuple: ${nodeType(entry)}`);
    if (entry.length !== 2) throw new DataException(`Found invalid map entry, expected length 2 but found :${entry.length}`);
    out.set(nested(keySchema, entry[0], replace, `[${i}]`), nested(valueSchema, entry[1], replace, `[${i}]`));
  });
  return out;
}

function toDecimal(schema: Schema, node: JsonNode): DecimalValue {
  if (typeof node === 'number' || typeof node === 'bigint') return new DecimalValue(BigInt(node), 0);
  if (node instanceof JsonDecimal) return DecimalValue.parse(node.text); // keeps the scale as written, as Java
  if (typeof node === 'string') {
    const bytes = decodeBase64(node);
    if (bytes === null || bytes.length === 0) {
      throw new DataException(`Invalid bytes for Decimal field: ${JSON.stringify(node.slice(0, 40))}`);
    }
    return new DecimalValue(fromTwosComplement(bytes), decimalScale(schema));
  }
  throw new DataException(`Invalid type for Decimal, underlying representation should be numeric or bytes but was ${nodeType(node)}`);
}

function toDate(ms: number, type: string, raw: JsonNode): Date {
  if (!(Math.abs(ms) <= MAX_DATE_MILLIS)) {
    throw new DataException(`${type} value ${String(raw)} is outside the range a JavaScript Date can hold`);
  }
  return new Date(ms);
}

function decimalToDouble(node: JsonDecimal): number {
  const d = Number(node.text);
  return d === 0 ? 0 : d; // BigDecimal has no negative zero
}

function toDouble(node: JsonNode): number {
  if (typeof node === 'number') return node;
  if (typeof node === 'bigint') return Number(node);
  if (node instanceof JsonDecimal) return decimalToDouble(node);
  return 0; // JsonNode.doubleValue() of a non-number
}

/** The integer part of a number node (BigDecimal/BigInteger semantics), 0 for a non-number. */
function truncate(node: JsonNode): bigint {
  if (typeof node === 'number') return BigInt(node);
  if (typeof node === 'bigint') return node;
  if (!(node instanceof JsonDecimal)) return 0n;
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(node.text)!;
  const digits = m[2]! + (m[3] ?? '');
  const exp10 = Number(m[4] ?? 0) - (m[3]?.length ?? 0);
  let magnitude: bigint;
  if (exp10 >= 0) magnitude = exp10 >= 64 ? 0n : BigInt(digits) * 10n ** BigInt(exp10); // 10^64 is a multiple of 2^64
  else magnitude = -exp10 >= digits.length ? 0n : BigInt(digits.slice(0, digits.length + exp10));
  return m[1] === '-' ? -magnitude : magnitude;
}

/** JsonConverter.asConnectSchema: a Connect schema from its JSON form. */
export function toConnectSchema(node: JsonNode | undefined, replace: boolean): Schema | null {
  if (node === null) return null;
  const get = (key: string): JsonNode | undefined => (isJsonObject(node) ? node.get(key) : undefined);
  const type = get('type');
  if (typeof type !== 'string') throw new DataException("Schema must contain 'type' field");
  let builder: SchemaBuilder;
  switch (type) {
    case 'boolean': builder = SchemaBuilder.bool(); break;
    case 'int8': builder = SchemaBuilder.int8(); break;
    case 'int16': builder = SchemaBuilder.int16(); break;
    case 'int32': builder = SchemaBuilder.int32(); break;
    case 'int64': builder = SchemaBuilder.int64(); break;
    case 'float': builder = SchemaBuilder.float32(); break;
    case 'double': builder = SchemaBuilder.float64(); break;
    case 'bytes': builder = SchemaBuilder.bytes(); break;
    case 'string': builder = SchemaBuilder.string(); break;
    case 'array': {
      const items = get('items');
      if (items === undefined || items === null) throw new DataException('Array schema did not specify the element type');
      builder = SchemaBuilder.array(nonNull(toConnectSchema(items, replace), 'Array element schema'));
      break;
    }
    case 'map': {
      const keys = get('keys');
      if (keys === undefined) throw new DataException('Map schema did not specify the key type');
      const values = get('values');
      if (values === undefined) throw new DataException('Map schema did not specify the value type');
      builder = SchemaBuilder.map(
        nonNull(toConnectSchema(keys, replace), 'Map key schema'),
        nonNull(toConnectSchema(values, replace), 'Map value schema'),
      );
      break;
    }
    case 'struct': {
      builder = SchemaBuilder.struct();
      const fields = get('fields');
      if (!Array.isArray(fields)) throw new DataException('Struct schema\'s "fields" argument is not an array.');
      for (const f of fields) {
        const name = isJsonObject(f) ? f.get('field') : undefined;
        if (typeof name !== 'string') throw new DataException('Struct schema\'s field name not specified properly');
        builder.field(name, nonNull(toConnectSchema(f, replace), `Schema of field "${name}"`));
      }
      break;
    }
    default:
      throw new DataException(`Unknown schema type: ${type}`);
  }
  if (get('optional') === true) builder.optional();
  const name = get('name');
  if (typeof name === 'string') builder.name(name);
  const version = get('version');
  if (typeof version === 'number' || typeof version === 'bigint') builder.version(Number(BigInt.asIntN(32, BigInt(version))));
  const doc = get('doc');
  if (typeof doc === 'string') builder.doc(doc);
  const params = get('parameters');
  if (isJsonObject(params)) {
    for (const [k, v] of params) {
      if (typeof v !== 'string') throw new DataException(`Schema parameters must have string values, parameter "${k}" is ${nodeType(v)}`);
      builder.parameter(k, v);
    }
  }
  const defaultNode = get('default');
  if (defaultNode !== undefined) {
    const value = toConnect(builder.build(), defaultNode, replace);
    if (value !== null) builder.defaultValue(value);
  }
  return builder.build();
}

function nonNull(schema: Schema | null, what: string): Schema {
  if (schema === null) throw new DataException(`${what} must not be null`);
  return schema;
}
