import { JsonDecimal, type JsonNode, type JsonObject } from '@tsconnect/converter-json';
import { DataException, SchemaBuilder, Schemas, type Schema } from '@tsconnect/sdk';
import { CONNECT_INDEX, CONNECT_PARAMETERS, CONNECT_TYPE, CONNECT_VERSION } from './from-connect-schema.js';
import { readValue } from './values.js';

export interface ToConnectOptions {
  /** use.optional.for.nonrequired: properties missing from "required" become optional fields. */
  readonly optionalForNonRequired: boolean;
}

const get = (o: JsonObject, k: string): JsonNode | undefined => o.get(k);
const str = (o: JsonObject, k: string): string | undefined => {
  const v = o.get(k);
  return typeof v === 'string' ? v : undefined;
};
const int = (v: JsonNode | undefined): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;

/**
 * JSON Schema → Connect schema, as JsonSchemaData.toConnectSchema for the schemas it writes itself
 * and for plain hand-written ones (no connect.* keywords: integer → int64, number → float64, object
 * → struct). `version` (the subject version) applies to the top level unless it has connect.version.
 */
export function toConnectSchema(json: JsonNode, options: ToConnectOptions, version?: number): Schema {
  return convert(json, options, version, false, 'schema');
}

function convert(json: JsonNode | undefined, options: ToConnectOptions, version: number | undefined, forceOptional: boolean, where: string): Schema {
  if (!(json instanceof Map)) throw new DataException(`Unsupported JSON Schema at ${where}: ${JSON.stringify(json ?? null)} is not an object`);
  const oneOf = get(json, 'oneOf') ?? get(json, 'anyOf');
  if (Array.isArray(oneOf)) {
    const nonNull = oneOf.filter((s) => !(s instanceof Map && s.get('type') === 'null'));
    if (oneOf.length === 2 && nonNull.length === 1) return convert(nonNull[0], options, version, true, where);
    if (oneOf.length === 1) return convert(oneOf[0], options, version, forceOptional, where);
    throw new DataException(`Unsupported JSON Schema at ${where}: oneOf/anyOf other than [null, T] (Connect unions) is not supported yet`);
  }
  for (const k of ['$ref', 'allOf', 'enum', 'const']) {
    if (json.has(k)) throw new DataException(`Unsupported JSON Schema at ${where}: "${k}" is not supported yet`);
  }
  const type = get(json, 'type');
  const connectType = str(json, CONNECT_TYPE);
  let builder: SchemaBuilder;
  switch (type) {
    case 'boolean':
      builder = SchemaBuilder.bool();
      break;
    case 'integer':
    case 'number':
      switch (connectType) {
        case undefined: builder = type === 'integer' ? SchemaBuilder.int64() : SchemaBuilder.float64(); break;
        case 'int8': builder = SchemaBuilder.int8(); break;
        case 'int16': builder = SchemaBuilder.int16(); break;
        case 'int32': builder = SchemaBuilder.int32(); break;
        case 'int64': builder = SchemaBuilder.int64(); break;
        case 'float32': builder = SchemaBuilder.float32(); break;
        case 'float64': builder = SchemaBuilder.float64(); break;
        case 'bytes': builder = SchemaBuilder.bytes(); break; // a NUMERIC decimal
        default: throw new DataException(`Unsupported JSON Schema at ${where}: ${CONNECT_TYPE} ${JSON.stringify(connectType)}`);
      }
      break;
    case 'string':
      builder = connectType === 'bytes' ? SchemaBuilder.bytes() : SchemaBuilder.string();
      break;
    case 'array': {
      const items = get(json, 'items');
      if (items === undefined) throw new DataException(`Array schema did not specify the items type at ${where}`);
      if (connectType === 'map' && items instanceof Map && get(items, 'properties') instanceof Map) {
        const p = get(items, 'properties') as JsonObject;
        builder = SchemaBuilder.map(convert(p.get('key'), options, undefined, false, `${where}.key`), convert(p.get('value'), options, undefined, false, `${where}.value`));
      } else {
        builder = SchemaBuilder.array(convert(items, options, undefined, false, `${where}[]`));
      }
      break;
    }
    case 'object':
      if (connectType === 'map') {
        builder = SchemaBuilder.map(Schemas.STRING, convert(get(json, 'additionalProperties'), options, undefined, false, `${where}{}`));
      } else {
        builder = SchemaBuilder.struct();
        const properties = get(json, 'properties');
        const entries = properties instanceof Map ? [...properties] : [];
        const required = get(json, 'required');
        const requiredNames = new Set(Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : []);
        // connect.index fixes the field order (properties are printed in hash order); else document order.
        const indexed = entries.map(([name, s], i) => ({ name, s, index: s instanceof Map ? (int(s.get(CONNECT_INDEX)) ?? i) : i }));
        indexed.sort((a, b) => a.index - b.index);
        for (const { name, s } of indexed) {
          const optional = options.optionalForNonRequired && !requiredNames.has(name);
          builder.field(name, convert(s, options, undefined, optional, `${where}.${name}`));
        }
      }
      break;
    default:
      throw new DataException(`Unsupported JSON Schema at ${where}: type ${JSON.stringify(type ?? null)}`);
  }
  const title = str(json, 'title');
  if (title !== undefined) builder.name(title);
  const connectVersion = int(get(json, CONNECT_VERSION));
  if (connectVersion !== undefined) builder.version(connectVersion);
  else if (version !== undefined) builder.version(version);
  const description = str(json, 'description');
  if (description !== undefined) builder.doc(description);
  const params = get(json, CONNECT_PARAMETERS);
  if (params instanceof Map) {
    for (const [k, v] of params) builder.parameter(k, v instanceof JsonDecimal ? v.text : String(v));
  }
  if (forceOptional) builder.optional();
  if (get(json, 'default') !== undefined && get(json, 'default') !== null) builder.defaultValue(readValue(builder.build(), get(json, 'default') ?? null, `default of ${where}`));
  return builder.build();
}
