import { parseJson, type JsonNode, type JsonObject } from '@tsconnect/converter-json';
import { Decimal, type Schema } from '@tsconnect/sdk';
import { copiedHashMapOrder, hashMapOrder, sizedHashMapOrder } from './java-hash-order.js';
import { writeJson } from './schema-json.js';
import { writeValue } from './values.js';

/** JsonSchemaData's keywords and namespace. */
export const CONNECT_TYPE = 'connect.type';
export const CONNECT_VERSION = 'connect.version';
export const CONNECT_PARAMETERS = 'connect.parameters';
export const CONNECT_INDEX = 'connect.index';
export const NAMESPACE = 'io.confluent.connect.json';

export interface FromConnectOptions {
  /** decimal.format=NUMERIC: Decimal schemas become `"type":"number"`. */
  readonly decimalNumeric: boolean;
  /** object.additional.properties=false: structs get `"additionalProperties":false`. */
  readonly additionalProperties: boolean;
}

/** The everit schema kinds JsonSchemaData builds; each prints its keywords in its own order. */
type Kind = 'integer' | 'number' | 'boolean' | 'string' | 'array' | 'object' | 'map-object';

/**
 * Connect schema → JSON Schema, as Confluent's JsonSchemaData.fromConnectSchema, with keys in the
 * order Java prints them (everit's ToStringVisitor, HashMap order for properties and connect.*).
 */
export function fromConnectSchema(schema: Schema, options: FromConnectOptions): JsonObject {
  return convert(schema, options, undefined, false);
}

/** The schema text Java registers: compact, keys in Java's order. */
export function fromConnectSchemaText(schema: Schema, options: FromConnectOptions): string {
  return writeJson(fromConnectSchema(schema, options));
}

function convert(schema: Schema, options: FromConnectOptions, index: number | undefined, ignoreOptional: boolean): JsonObject {
  if (schema.type === 'struct' && schema.optional && !ignoreOptional) {
    // Optional structs are oneOf [null, the struct]; the title etc. stay on the struct.
    return oneOfNull(convert({ ...schema, optional: false }, options, undefined, false), index);
  }
  // Unprocessed properties in the order JsonSchemaData puts them into its HashMap.
  const props = new Map<string, JsonNode>();
  const body = new Map<string, JsonNode>();
  let kind: Kind;
  switch (schema.type) {
    case 'int8': case 'int16': case 'int32': case 'int64':
      kind = 'integer';
      props.set(CONNECT_TYPE, schema.type);
      break;
    case 'float32': case 'float64':
      kind = 'number';
      props.set(CONNECT_TYPE, schema.type);
      break;
    case 'boolean':
      kind = 'boolean';
      break;
    case 'string':
      kind = 'string';
      break;
    case 'bytes':
      kind = schema.name === Decimal.LOGICAL_NAME && options.decimalNumeric ? 'number' : 'string';
      props.set(CONNECT_TYPE, 'bytes');
      break;
    case 'array':
      kind = 'array';
      body.set('items', convert(schema.valueSchema!, options, undefined, false));
      break;
    case 'map':
      if (schema.keySchema!.type === 'string' && !schema.keySchema!.optional) {
        kind = 'map-object';
        body.set('additionalProperties', convert(schema.valueSchema!, options, undefined, false));
      } else {
        kind = 'array';
        const entry = new Map<string, JsonNode>([['type', 'object']]);
        const entryProps = new Map<string, JsonNode>();
        const parts: Record<string, JsonObject> = {
          key: convert(schema.keySchema!, options, 0, false),
          value: convert(schema.valueSchema!, options, 1, false),
        };
        for (const k of hashMapOrder(['key', 'value'])) entryProps.set(k, parts[k]!);
        entry.set('properties', entryProps);
        body.set('items', entry);
      }
      props.set(CONNECT_TYPE, 'map');
      break;
    case 'struct': {
      kind = 'object';
      const fields = schema.fields ?? [];
      if (fields.length > 0) {
        const byName = new Map(fields.map((f) => [f.name, f]));
        const properties = new Map<string, JsonNode>();
        for (const name of hashMapOrder(fields.map((f) => f.name))) {
          const f = byName.get(name)!;
          properties.set(name, convert(f.schema, options, f.index, false));
        }
        body.set('properties', properties);
      }
      break;
    }
  }

  if (schema.version !== undefined) props.set(CONNECT_VERSION, schema.version);
  const params = Object.entries(schema.parameters ?? {}).filter(([k]) => !k.startsWith(NAMESPACE));
  if (params.length > 0) {
    // A Map value is printed through org.json's JSONObject: a HashMap sized for the entries.
    const values = new Map(params);
    props.set(CONNECT_PARAMETERS, new Map(sizedHashMapOrder(hashMapOrder(params.map(([k]) => k))).map((k) => [k, values.get(k)!])));
  }
  let result = print(kind, schema, options, props, body);
  if (schema.optional && !ignoreOptional) {
    result = oneOfNull(result, index);
  } else if (index !== undefined) {
    props.set(CONNECT_INDEX, index);
    result = print(kind, schema, options, props, body);
  }
  return result;
}

function oneOfNull(inner: JsonObject, index: number | undefined): JsonObject {
  const out = new Map<string, JsonNode>();
  if (index !== undefined) out.set(CONNECT_INDEX, index);
  out.set('oneOf', [new Map([['type', 'null']]), inner]);
  return out;
}

/** One everit schema printed as ToStringVisitor does. */
function print(kind: Kind, schema: Schema, options: FromConnectOptions, props: Map<string, JsonNode>, body: Map<string, JsonNode>): JsonObject {
  const out = new Map<string, JsonNode>();
  const common = (): void => {
    if (schema.name !== undefined) out.set('title', schema.name);
    if (schema.doc !== undefined) out.set('description', schema.doc);
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) {
      out.set('default', parseJson(writeValue(schema, schema.defaultValue, options.decimalNumeric, 'default value')) ?? null);
    }
    // everit copies the builder's HashMap (new HashMap<>(map)), which may re-order it.
    for (const k of copiedHashMapOrder([...props.keys()])) out.set(k, props.get(k)!);
  };
  switch (kind) {
    case 'boolean':
      common();
      out.set('type', 'boolean'); // everit prints the boolean type last
      return out;
    case 'object':
      out.set('type', 'object');
      if (!options.additionalProperties) out.set('additionalProperties', false);
      common();
      for (const [k, v] of body) out.set(k, v);
      return out;
    case 'map-object':
      out.set('type', 'object');
      common();
      for (const [k, v] of body) out.set(k, v);
      return out;
    default:
      out.set('type', kind);
      common();
      for (const [k, v] of body) out.set(k, v);
      return out;
  }
}

export { writeJson };
