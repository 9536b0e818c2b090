import { JsonDecimal, base64, decodeBase64, fromTwosComplement, nodeType, quote, toTwosComplement, type JsonNode } from '@tsconnect/converter-json';
import { ConnectDate, ConnectTime, ConnectTimestamp, DataException, Decimal, DecimalValue, Struct, type Schema, javaBigDecimalToString, javaDoubleToString, javaFloatToString } from '@tsconnect/sdk';

const MS_PER_DAY = 86_400_000;
const INT_RANGE = { int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647] } as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function invalid(schema: Schema, value: unknown, what: string): never {
  const shown = typeof value === 'bigint' ? `${value}n` : value instanceof Object ? value.constructor.name : JSON.stringify(value);
  throw new DataException(`Invalid type for ${schema.type.toUpperCase()}${schema.name ? ` (${schema.name})` : ''}: ${shown} for ${what}`);
}

/**
 * Connect value → JSON text, as JsonSchemaData.fromConnectData + Jackson write it. Returns
 * undefined where Java returns a null node (a null for a required schema without default): a
 * struct then omits the field, and the top level writes no record at all.
 */
export function writeValue(schema: Schema, value: unknown, decimalNumeric: boolean, what: string): string {
  return write(schema, value, decimalNumeric, what) ?? 'null';
}

export function write(schema: Schema, value: unknown, decimalNumeric: boolean, what: string): string | undefined {
  if (value === null || value === undefined) {
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) return write(schema, schema.defaultValue, decimalNumeric, what);
    return schema.optional ? 'null' : undefined;
  }
  if (schema.name !== undefined) {
    switch (schema.name) {
      case Decimal.LOGICAL_NAME: {
        if (!(value instanceof DecimalValue)) invalid(schema, value, what);
        if (decimalNumeric) return javaBigDecimalToString(value.unscaled, value.scale);
        const scale = Number(schema.parameters?.[Decimal.SCALE_FIELD]);
        if (value.scale !== scale) {
          throw new DataException(`BigDecimal has mismatching scale value for given Decimal schema: ${value.toString()} has scale ${value.scale}, the schema ${scale}, for ${what}`);
        }
        return `"${base64(toTwosComplement(value.unscaled))}"`;
      }
      case ConnectDate.LOGICAL_NAME:
        if (!(value instanceof Date)) invalid(schema, value, what);
        return String(Math.floor(value.getTime() / MS_PER_DAY));
      case ConnectTime.LOGICAL_NAME:
        if (!(value instanceof Date)) invalid(schema, value, what);
        return String(value.getTime());
      case ConnectTimestamp.LOGICAL_NAME:
        if (!(value instanceof Date)) invalid(schema, value, what);
        return String(value.getTime());
    }
  }
  switch (schema.type) {
    case 'int8': case 'int16': case 'int32': {
      const [min, max] = INT_RANGE[schema.type];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) invalid(schema, value, what);
      return String(value);
    }
    case 'int64':
      if (typeof value === 'bigint' ? value < INT64_MIN || value > INT64_MAX : !Number.isSafeInteger(value)) invalid(schema, value, what);
      return String(value);
    case 'float32':
      if (typeof value !== 'number') invalid(schema, value, what);
      return number(javaFloatToString(value));
    case 'float64':
      if (typeof value !== 'number') invalid(schema, value, what);
      return number(javaDoubleToString(value));
    case 'boolean':
      if (typeof value !== 'boolean') invalid(schema, value, what);
      return value ? 'true' : 'false';
    case 'string':
      if (typeof value !== 'string') invalid(schema, value, what);
      return quote(value);
    case 'bytes':
      if (value instanceof Uint8Array) return `"${base64(value)}"`;
      if (value instanceof DecimalValue) return javaBigDecimalToString(value.unscaled, value.scale);
      return invalid(schema, value, what);
    case 'array': {
      if (!Array.isArray(value)) invalid(schema, value, what);
      const elementWhat = `element of ${what}`;
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) out += ',';
        out += write(schema.valueSchema!, value[i], decimalNumeric, elementWhat) ?? 'null';
      }
      return `${out}]`;
    }
    case 'map': {
      if (!(value instanceof Map)) invalid(schema, value, what);
      const objectMode = schema.keySchema!.type === 'string' && !schema.keySchema!.optional;
      let out = objectMode ? '{' : '[';
      let first = true;
      for (const [k, v] of value as Map<unknown, unknown>) {
        if (!first) out += ',';
        first = false;
        const key = write(schema.keySchema!, k, decimalNumeric, `key of ${what}`) ?? 'null';
        const val = write(schema.valueSchema!, v, decimalNumeric, `value of ${what}`) ?? 'null';
        out += objectMode ? `${key}:${val}` : `{"key":${key},"value":${val}}`;
      }
      return out + (objectMode ? '}' : ']');
    }
    case 'struct': {
      if (!(value instanceof Struct)) invalid(schema, value, what);
      let out = '{';
      for (const f of schema.fields ?? []) {
        const text = write(f.schema, value.get(f.name), decimalNumeric, `field "${f.name}"`);
        if (text === undefined) continue;
        out += `${out.length > 1 ? ',' : ''}${quote(f.name)}:${text}`;
      }
      return `${out}}`;
    }
  }
}

/** Jackson quotes NaN and the infinities (QUOTE_NON_NUMERIC_NUMBERS). */
function number(text: string): string {
  return text === 'NaN' || text.endsWith('Infinity') ? `"${text}"` : text;
}

function integral(node: JsonNode): bigint | undefined {
  if (typeof node === 'number') return Number.isInteger(node) ? BigInt(node) : undefined;
  if (typeof node === 'bigint') return node;
  return undefined;
}

function mismatch(schema: Schema, node: JsonNode, what: string): never {
  throw new DataException(`Invalid JSON for ${schema.type.toUpperCase()}${schema.name ? ` (${schema.name})` : ''}: found ${nodeType(node)} ${JSON.stringify(shortText(node))} for ${what}`);
}

function shortText(node: JsonNode): string {
  const text = node instanceof JsonDecimal ? node.text : typeof node === 'bigint' ? String(node) : node instanceof Map ? 'object' : JSON.stringify(node);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** JSON (parsed as Jackson does) → Connect value, as JsonSchemaData.toConnectData. */
export function readValue(schema: Schema, node: JsonNode | undefined, what: string): unknown {
  if (node === undefined || node === null) {
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) return schema.defaultValue;
    if (node === undefined || schema.optional) return null;
    throw new DataException(`Invalid null value for required ${schema.type.toUpperCase()} ${what}`);
  }
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      if (typeof node === 'number' || typeof node === 'bigint') return new DecimalValue(BigInt(node), 0);
      if (node instanceof JsonDecimal) return DecimalValue.parse(node.text);
      if (typeof node === 'string') {
        const bytes = decodeBase64(node);
        if (bytes === null || bytes.length === 0) throw new DataException(`Invalid bytes for Decimal ${what}: ${JSON.stringify(shortText(node))}`);
        return new DecimalValue(fromTwosComplement(bytes), Number(schema.parameters?.[Decimal.SCALE_FIELD] ?? 0));
      }
      return mismatch(schema, node, what);
    case ConnectDate.LOGICAL_NAME:
      if (typeof node !== 'number' || !Number.isInteger(node)) mismatch(schema, node, what);
      return new Date(node * MS_PER_DAY);
    case ConnectTime.LOGICAL_NAME:
      if (typeof node !== 'number' || !Number.isInteger(node)) mismatch(schema, node, what);
      return new Date(node);
    case ConnectTimestamp.LOGICAL_NAME: {
      const ms = integral(node);
      if (ms === undefined) mismatch(schema, node, what);
      return new Date(Number(ms));
    }
  }
  switch (schema.type) {
    case 'int8': case 'int16': case 'int32': {
      const [min, max] = INT_RANGE[schema.type];
      if (typeof node !== 'number' || !Number.isInteger(node) || node < min || node > max) mismatch(schema, node, what);
      return node;
    }
    case 'int64': {
      const v = integral(node);
      if (v === undefined || v < INT64_MIN || v > INT64_MAX) mismatch(schema, node, what);
      return v;
    }
    case 'float32': case 'float64':
      if (typeof node === 'number') return node;
      if (typeof node === 'bigint') return Number(node);
      if (node instanceof JsonDecimal) return Number(node.text);
      if (node === 'NaN' || node === 'Infinity' || node === '-Infinity') return Number(node);
      return mismatch(schema, node, what);
    case 'boolean':
      if (typeof node !== 'boolean') mismatch(schema, node, what);
      return node;
    case 'string':
      if (typeof node !== 'string') mismatch(schema, node, what);
      return node;
    case 'bytes': {
      if (node instanceof JsonDecimal) return DecimalValue.parse(node.text);
      const bytes = typeof node === 'string' ? decodeBase64(node) : null;
      if (bytes === null) mismatch(schema, node, what);
      return bytes;
    }
    case 'array': {
      if (!Array.isArray(node)) mismatch(schema, node, what);
      const elementWhat = `element of ${what}`;
      return node.map((e) => readValue(schema.valueSchema!, e, elementWhat));
    }
    case 'map': {
      const out = new Map<unknown, unknown>();
      if (schema.keySchema!.type === 'string' && !schema.keySchema!.optional) {
        if (!(node instanceof Map)) throw new DataException(`Maps with string fields should be encoded as JSON objects, but found ${nodeType(node)} for ${what}`);
        for (const [k, v] of node) out.set(k, readValue(schema.valueSchema!, v, `value of ${what}`));
        return out;
      }
      if (!Array.isArray(node)) throw new DataException(`Maps with non-string fields should be encoded as JSON array of objects, but found ${nodeType(node)} for ${what}`);
      for (const entry of node) {
        if (!(entry instanceof Map) || entry.size !== 2) throw new DataException(`Found invalid map entry ${shortText(entry)} (expected {"key":…,"value":…}) for ${what}`);
        out.set(readValue(schema.keySchema!, entry.get('key'), `key of ${what}`), readValue(schema.valueSchema!, entry.get('value'), `value of ${what}`));
      }
      return out;
    }
    case 'struct': {
      if (!(node instanceof Map)) throw new DataException(`Structs should be encoded as JSON objects, but found ${nodeType(node)} for ${what}`);
      const struct = new Struct(schema);
      for (const f of schema.fields ?? []) {
        const v = readValue(f.schema, node.get(f.name), `field "${f.name}"`);
        if (v !== null) struct.put(f.name, v);
      }
      return struct;
    }
  }
}
