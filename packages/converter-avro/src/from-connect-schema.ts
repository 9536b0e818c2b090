import { ConnectDate, ConnectTime, ConnectTimestamp, DataException, Decimal, schemaEquals, type Schema } from '@tsconnect/sdk';
import type { AvroField, AvroNode, JsonValue, Props } from './avro-node.js';
import { splitName } from './avro-node.js';
import { defaultValueFromConnect, isValidDefault } from './defaults.js';
import {
  AVRO_ENUM_DEFAULT_PREFIX_PROP, AVRO_ENUM_DOC_PREFIX_PROP, AVRO_FIELD_DEFAULT_FLAG_PROP, AVRO_FIELD_DOC_PREFIX_PROP,
  AVRO_LOGICAL_TYPE_PROP, AVRO_NAMESPACE, AVRO_RECORD_DOC_PROP, AVRO_TYPE_ENUM, AVRO_TYPE_UNION, CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT,
  CONNECT_AVRO_DECIMAL_PRECISION_PROP, CONNECT_AVRO_FIXED_SIZE_PROP, CONNECT_DEFAULT_VALUE_PROP, CONNECT_DOC_PROP,
  CONNECT_INTERNAL_TYPE_NAME, CONNECT_NAME_PROP, CONNECT_PARAMETERS_PROP, CONNECT_TYPE_PROP, CONNECT_VERSION_PROP,
  DEFAULT_SCHEMA_NAME, MAP_ENTRY_TYPE_NAME,
} from './logical.js';

/** State of one conversion: reused non-optional schemas map to one Avro node (written once, then by name). */
class FromConnectContext {
  readonly converted: [Schema, AvroNode][] = [];
  private nameIndex = 0;

  lookup(schema: Schema): AvroNode | undefined {
    return this.converted.find(([s]) => s === schema || schemaEquals(s, schema))?.[1];
  }

  /** Explicit name split into namespace/name, or ConnectDefault, ConnectDefault2, … */
  names(name: string | undefined): { namespace?: string; name: string } {
    if (name !== undefined) {
      const [namespace, short] = splitName(name);
      return namespace === undefined ? { name: short } : { namespace, name: short };
    }
    this.nameIndex += 1;
    return { namespace: AVRO_NAMESPACE, name: DEFAULT_SCHEMA_NAME + (this.nameIndex > 1 ? String(this.nameIndex) : '') };
  }
}

export const isUnionSchema = (schema: Schema): boolean => schema.name === AVRO_TYPE_UNION;
const isEnumSchema = (schema: Schema): boolean => schema.type === 'string' && schema.parameters?.[AVRO_TYPE_ENUM] !== undefined;
const isFixedSchema = (schema: Schema): boolean => schema.type === 'bytes' && schema.parameters?.[CONNECT_AVRO_FIXED_SIZE_PROP] !== undefined;
const nonOptional = (schema: Schema): Schema => ({ ...schema, optional: false });

/** Connect schema → Avro schema, as Confluent's AvroData.fromConnectSchema (connect.meta.data=true). */
export function fromConnectSchema(schema: Schema): AvroNode {
  return convert(schema, new FromConnectContext(), false);
}

function convert(schema: Schema, ctx: FromConnectContext, ignoreOptional: boolean): AvroNode {
  if (!isUnionSchema(schema) && !schema.optional) {
    const cached = ctx.lookup(schema);
    if (cached) return cached;
  }
  const props: Props = {};
  let connectType: string | undefined;
  let base: AvroNode;
  switch (schema.type) {
    case 'int8':
    case 'int16':
      connectType = schema.type;
      base = { type: 'int', props };
      break;
    case 'int32': base = { type: 'int', props }; break;
    case 'int64': base = { type: 'long', props }; break;
    case 'float32': base = { type: 'float', props }; break;
    case 'float64': base = { type: 'double', props }; break;
    case 'boolean': base = { type: 'boolean', props }; break;
    case 'string':
      if (isEnumSchema(schema)) {
        const params = schema.parameters!;
        const symbols = Object.keys(params).filter((k) => k.startsWith(`${AVRO_TYPE_ENUM}.`)).map((k) => k.slice(AVRO_TYPE_ENUM.length + 1));
        const names = ctx.names(schema.name);
        const [namespace, name] = splitName(params[AVRO_TYPE_ENUM]!);
        const doc = params[AVRO_ENUM_DOC_PREFIX_PROP + names.name];
        const dflt = params[AVRO_ENUM_DEFAULT_PREFIX_PROP + names.name];
        base = { type: 'enum', name, ...(namespace !== undefined && { namespace }), ...(doc !== undefined && { doc }), symbols,
          ...(dflt !== undefined && { default: dflt }), props };
      } else {
        base = { type: 'string', props };
      }
      break;
    case 'bytes':
      base = isFixedSchema(schema)
        ? { type: 'fixed', ...ctx.names(schema.name), size: parseIntParam(schema, CONNECT_AVRO_FIXED_SIZE_PROP), props }
        : { type: 'bytes', props };
      if (schema.name === Decimal.LOGICAL_NAME) {
        props['scale'] = parseIntParam(schema, Decimal.SCALE_FIELD);
        props['precision'] = schema.parameters?.[CONNECT_AVRO_DECIMAL_PRECISION_PROP] !== undefined
          ? parseIntParam(schema, CONNECT_AVRO_DECIMAL_PRECISION_PROP) : CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT;
      }
      break;
    case 'array':
      base = { type: 'array', items: convert(schema.valueSchema!, ctx, false), props };
      break;
    case 'map':
      // Avro maps have string keys only; other keys become an array of key/value records.
      if (schema.keySchema!.type === 'string' && !schema.keySchema!.optional) {
        base = { type: 'map', values: convert(schema.valueSchema!, ctx, false), props };
      } else {
        const entryProps: Props = {};
        const entry: AvroNode = schema.name === undefined
          ? { type: 'record', name: MAP_ENTRY_TYPE_NAME, namespace: AVRO_NAMESPACE, fields: [], props: entryProps }
          : { type: 'record', ...ctx.names(schema.name), fields: [], props: entryProps };
        if (schema.name !== undefined) entryProps[CONNECT_INTERNAL_TYPE_NAME] = MAP_ENTRY_TYPE_NAME;
        entry.fields.push(recordField('key', schema.keySchema!, undefined, ctx), recordField('value', schema.valueSchema!, undefined, ctx));
        base = { type: 'array', items: entry, props };
      }
      break;
    case 'struct':
      if (isUnionSchema(schema)) {
        const types: AvroNode[] = schema.optional ? [{ type: 'null', props: {} }] : [];
        for (const f of schema.fields ?? []) types.push(convert(nonOptional(f.schema), ctx, true));
        base = { type: 'union', types };
      } else if (schema.optional) {
        base = { type: 'union', types: [{ type: 'null', props: {} }, convert(nonOptional(schema), ctx, false)] };
      } else {
        const names = ctx.names(schema.name);
        const doc = schema.parameters?.[AVRO_RECORD_DOC_PROP];
        const record: AvroNode = { type: 'record', ...names, ...(doc !== undefined && { doc }), fields: [], props };
        ctx.converted.push([schema, record]); // before the fields, so a reused nested schema refers to it
        for (const f of schema.fields ?? []) {
          record.fields.push(recordField(f.name, f.schema, schema.parameters?.[AVRO_FIELD_DOC_PREFIX_PROP + f.name], ctx));
        }
        base = record;
      }
      break;
  }

  if (base.type === 'union') {
    if (!schema.optional) ctx.converted.push([schema, base]);
    return base;
  }
  addConnectMetadata(schema, props, connectType);
  addLogicalType(schema, props);
  for (const [k, v] of Object.entries(schema.parameters ?? {})) if (k.startsWith('avro')) props[k] = v;
  const result = ignoreOptional ? base : maybeMakeOptional(schema, base);
  if (!schema.optional && !ctx.lookup(schema)) ctx.converted.push([schema, result]);
  return result;
}

function addConnectMetadata(schema: Schema, props: Props, connectType: string | undefined): void {
  if (schema.doc !== undefined) props[CONNECT_DOC_PROP] = schema.doc;
  if (schema.version !== undefined) props[CONNECT_VERSION_PROP] = schema.version;
  const params = Object.entries(schema.parameters ?? {}).filter(([k]) => k !== AVRO_FIELD_DEFAULT_FLAG_PROP);
  if (params.length > 0) props[CONNECT_PARAMETERS_PROP] = Object.fromEntries(params);
  if (schema.defaultValue !== undefined && schema.defaultValue !== null && schema.parameters?.[AVRO_FIELD_DEFAULT_FLAG_PROP] === undefined) {
    props[CONNECT_DEFAULT_VALUE_PROP] = defaultValueFromConnect(schema, schema.defaultValue);
  }
  if (schema.name !== undefined) props[CONNECT_NAME_PROP] = schema.name;
  if (connectType !== undefined) props[CONNECT_TYPE_PROP] = connectType;
}

/** Avro logical type annotations; a decimal whose scale Avro cannot express keeps only the legacy prop. */
function addLogicalType(schema: Schema, props: Props): void {
  switch (schema.name) {
    // Java adds it through LogicalTypes.decimal() when the scale is valid and as a legacy prop otherwise.
    case Decimal.LOGICAL_NAME: props[AVRO_LOGICAL_TYPE_PROP] = 'decimal'; break;
    case ConnectTime.LOGICAL_NAME: props[AVRO_LOGICAL_TYPE_PROP] = 'time-millis'; break;
    case ConnectTimestamp.LOGICAL_NAME: props[AVRO_LOGICAL_TYPE_PROP] = 'timestamp-millis'; break;
    case ConnectDate.LOGICAL_NAME: props[AVRO_LOGICAL_TYPE_PROP] = 'date'; break;
  }
}

/** Optional = union with null; null goes second when the default is not null (defaults match the first branch). */
function maybeMakeOptional(schema: Schema, base: AvroNode): AvroNode {
  if (!schema.optional) return base;
  const nul: AvroNode = { type: 'null', props: {} };
  return { type: 'union', types: schema.defaultValue !== undefined && schema.defaultValue !== null ? [base, nul] : [nul, base] };
}

function recordField(name: string, schema: Schema, doc: string | undefined, ctx: FromConnectContext): AvroField {
  let dflt: JsonValue | undefined;
  if (schema.defaultValue !== undefined && schema.defaultValue !== null) dflt = defaultValueFromConnect(schema, schema.defaultValue);
  else if (schema.optional) dflt = null;
  const type = convert(schema, ctx, false);
  // Avro rejects a default that does not fit the field type (Java logs and drops it).
  const hasDefault = dflt !== undefined && isValidDefault(type, dflt);
  return { name, type, ...(doc !== undefined && { doc }), ...(hasDefault && { default: dflt }), hasDefault, props: {} };
}

function parseIntParam(schema: Schema, key: string): number {
  const text = schema.parameters?.[key];
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n)) {
    throw new DataException(`Schema ${schema.name ?? schema.type} needs an integer parameter "${key}", got ${JSON.stringify(text)}`);
  }
  return n;
}
