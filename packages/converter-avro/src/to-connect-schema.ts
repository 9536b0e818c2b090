import { ConnectDate, ConnectTime, ConnectTimestamp, DataException, Decimal, SchemaBuilder, type Schema } from '@tsconnect/sdk';
import { fullName, type AvroNode, type JsonValue } from './avro-node.js';
import { defaultValueFromAvro } from './defaults.js';
import {
  AVRO_ENUM_DEFAULT_PREFIX_PROP, AVRO_ENUM_DOC_PREFIX_PROP, AVRO_FIELD_DEFAULT_FLAG_PROP, AVRO_FIELD_DOC_PREFIX_PROP,
  AVRO_LOGICAL_TYPE_PROP, AVRO_RECORD_DOC_PROP, AVRO_TYPE_ENUM, AVRO_TYPE_UNION, CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT,
  CONNECT_AVRO_DECIMAL_PRECISION_PROP, CONNECT_AVRO_FIXED_SIZE_PROP, CONNECT_DEFAULT_VALUE_PROP, CONNECT_DOC_PROP,
  CONNECT_NAME_PROP, CONNECT_PARAMETERS_PROP, CONNECT_TYPE_PROP, CONNECT_VERSION_PROP, DEFAULT_SCHEMA_FULL_NAME,
  MAP_ENTRY_TYPE_NAME, CONNECT_INTERNAL_TYPE_NAME, AVRO_NAMESPACE,
} from './logical.js';

/**
 * Avro schema → Connect schema, as Confluent's AvroData.toConnectSchema with its default config.
 * `version` is the registry's version of the schema, used when it carries no `connect.version`.
 */
export function toConnectSchema(node: AvroNode, version?: number): Schema {
  return convert(node, false, undefined, version, []);
}

/** The Connect field name of a union member (short name for named types, else the Avro type). */
export function unionMemberFieldName(node: AvroNode): string {
  return node.type === 'record' || node.type === 'enum' || node.type === 'fixed' ? node.name : node.type;
}

const isMapEntry = (node: AvroNode): boolean =>
  node.type === 'record' && ((node.namespace === AVRO_NAMESPACE && node.name === MAP_ENTRY_TYPE_NAME) || node.props[CONNECT_INTERNAL_TYPE_NAME] === MAP_ENTRY_TYPE_NAME);

function convert(node: AvroNode, forceOptional: boolean, fieldDefault: { value: JsonValue } | undefined, version: number | undefined, stack: AvroNode[]): Schema {
  if (stack.includes(node)) throw new DataException(`Recursive Avro schema ${'name' in node ? node.name : node.type} is not supported`);
  const inner = [...stack, node];
  const props = node.type === 'union' ? {} : node.props;
  const logicalType = props[AVRO_LOGICAL_TYPE_PROP];
  let builder: SchemaBuilder;
  switch (node.type) {
    case 'boolean': builder = SchemaBuilder.bool(); break;
    case 'bytes':
    case 'fixed':
      if (logicalType === 'decimal') {
        const scale = typeof props['scale'] === 'number' ? props['scale'] : 0;
        builder = Decimal.builder(scale);
        const precision = props['precision'];
        if (precision !== undefined && precision !== null) {
          if (typeof precision !== 'number') throw new DataException(`precision property must be a JSON Integer, got ${JSON.stringify(precision)}`);
          if (precision !== CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT) builder.parameter(CONNECT_AVRO_DECIMAL_PRECISION_PROP, String(precision));
        }
      } else {
        builder = SchemaBuilder.bytes();
      }
      if (node.type === 'fixed') builder.parameter(CONNECT_AVRO_FIXED_SIZE_PROP, String(node.size));
      break;
    case 'double': builder = SchemaBuilder.float64(); break;
    case 'float': builder = SchemaBuilder.float32(); break;
    case 'int': {
      const connectType = props[CONNECT_TYPE_PROP];
      if (logicalType === 'date') builder = ConnectDate.builder();
      else if (logicalType === 'time-millis') builder = ConnectTime.builder();
      else if (logicalType === undefined && connectType === 'int8') builder = SchemaBuilder.int8();
      else if (logicalType === undefined && connectType === 'int16') builder = SchemaBuilder.int16();
      else if (logicalType === undefined && connectType !== undefined) throw new DataException(`Unknown connect.type "${String(connectType)}" on an Avro int`);
      else builder = SchemaBuilder.int32();
      break;
    }
    case 'long':
      builder = logicalType === 'timestamp-millis' ? ConnectTimestamp.builder() : SchemaBuilder.int64();
      break;
    case 'string': builder = SchemaBuilder.string(); break;
    case 'array':
      if (isMapEntry(node.items) && node.items.type === 'record') {
        const key = node.items.fields.find((f) => f.name === 'key');
        const value = node.items.fields.find((f) => f.name === 'value');
        if (node.items.fields.length !== 2 || !key || !value) {
          throw new DataException('Found map encoded as array of key-value pairs, but array elements do not match the expected format.');
        }
        builder = SchemaBuilder.map(convert(key.type, false, undefined, undefined, inner), convert(value.type, false, undefined, undefined, inner));
      } else {
        builder = SchemaBuilder.array(convert(node.items, false, undefined, undefined, inner));
      }
      break;
    case 'map':
      builder = SchemaBuilder.map(SchemaBuilder.string().build(), convert(node.values, false, undefined, undefined, inner));
      break;
    case 'record':
      builder = SchemaBuilder.struct();
      if (node.doc !== undefined) builder.parameter(AVRO_RECORD_DOC_PROP, node.doc);
      for (const f of node.fields) {
        if (f.doc !== undefined) builder.parameter(AVRO_FIELD_DOC_PREFIX_PROP + f.name, f.doc);
        builder.field(f.name, convert(f.type, false, f.hasDefault ? { value: f.default ?? null } : undefined, undefined, inner));
      }
      break;
    case 'enum':
      // Enums become strings; the parameters keep the symbols so the Avro enum can be rebuilt.
      builder = SchemaBuilder.string();
      if (node.doc !== undefined) builder.parameter(AVRO_ENUM_DOC_PREFIX_PROP + node.name, node.doc);
      if (node.default !== undefined) builder.parameter(AVRO_ENUM_DEFAULT_PREFIX_PROP + node.name, node.default);
      builder.parameter(AVRO_TYPE_ENUM, fullName(node));
      for (const symbol of node.symbols) builder.parameter(`${AVRO_TYPE_ENUM}.${symbol}`, symbol);
      break;
    case 'union': {
      if (node.types.length === 2 && node.types.some((t) => t.type === 'null')) {
        const member = node.types.find((t) => t.type !== 'null')!;
        return convert(member, true, undefined, undefined, stack);
      }
      builder = SchemaBuilder.struct().name(AVRO_TYPE_UNION);
      const names = new Set<string>();
      for (const member of node.types) {
        if (member.type === 'null') { builder.optional(); continue; }
        const name = unionMemberFieldName(member);
        if (names.has(name)) throw new DataException(`Multiple union schemas map to the Connect union field name "${name}"`);
        names.add(name);
        builder.field(name, convert(member, true, undefined, undefined, inner));
      }
      break;
    }
    case 'null':
      throw new DataException('Standalone null schemas are not supported by this converter');
  }

  const doc = props[CONNECT_DOC_PROP];
  if (typeof doc === 'string') builder.doc(doc);
  const versionProp = props[CONNECT_VERSION_PROP];
  if (versionProp !== undefined && typeof versionProp !== 'number') throw new DataException(`Invalid Connect version found: ${JSON.stringify(versionProp)}`);
  const v = versionProp ?? version;
  if (v !== undefined && v >= 0 && builder.build().version === undefined) builder.version(v);
  const params = props[CONNECT_PARAMETERS_PROP];
  if (params !== undefined) {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new DataException(`Expected JSON object for schema parameters but found: ${JSON.stringify(params)}`);
    for (const [k, value] of Object.entries(params)) {
      if (typeof value !== 'string') throw new DataException(`Expected schema parameter values to be strings but found: ${JSON.stringify(value)}`);
      builder.parameter(k, value);
    }
  }
  for (const [k, value] of Object.entries(props)) if (k.startsWith('avro')) builder.parameter(k, typeof value === 'string' ? value : JSON.stringify(value));

  const connectDefault = props[CONNECT_DEFAULT_VALUE_PROP];
  let dflt = fieldDefault;
  if (dflt === undefined) dflt = connectDefault === undefined ? undefined : { value: connectDefault };
  else if (connectDefault === undefined) builder.parameter(AVRO_FIELD_DEFAULT_FLAG_PROP, 'true');

  let name: string | undefined;
  const connectName = props[CONNECT_NAME_PROP];
  if (connectName !== undefined) {
    if (typeof connectName !== 'string') throw new DataException(`Invalid schema name: ${JSON.stringify(connectName)}`);
    name = connectName;
  } else if (node.type === 'record' || node.type === 'enum') {
    name = fullName(node);
  } else if (node.type === 'fixed' && builder.build().name !== Decimal.LOGICAL_NAME) {
    name = fullName(node);
  }
  if (name !== undefined && !name.startsWith(DEFAULT_SCHEMA_FULL_NAME)) {
    const current = builder.build().name;
    if (current !== undefined && current !== name) {
      throw new DataException(`Mismatched names: name already added to SchemaBuilder (${current}) differs from name in source schema (${name})`);
    }
    builder.name(name);
  }
  if (forceOptional) builder.optional();
  if (dflt !== undefined && dflt.value !== null) {
    try {
      builder.defaultValue(defaultValueFromAvro(builder.build(), node, dflt.value));
    } catch {
      // Java logs and ignores an invalid default.
    }
  }
  return builder.build();
}

