import { ConfigDef, ConfigException, DataException, DecimalValue, SchemaBuilder, Struct, type ConnectRecord, type Schema, type SchemaType, type Transformation, javaBigDecimalToString, javaDoubleToString, javaFloatToString } from '@tsconnect/sdk';
import { configError, javaList, javaSplit } from './util/config-util.js';
import { base64, javaDateString } from './util/java-format.js';
import { javaNarrow, javaParseDouble, javaParseInteger, type IntegerType } from './util/java-numbers.js';
import { newRecord, operatingSchema, operatingValue, type Side } from './util/operating.js';
import { copySchemaBasics, fieldValue, SchemaCache } from './util/schema-util.js';
import { isSchemalessMap, javaClassName, mapGet, mapWith, requireMap, requireStruct } from './util/schemaless.js';

const INPUT_TYPES: readonly SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes'];
const OUTPUT_TYPES: readonly SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string'];
const javaTypes = (types: readonly SchemaType[]) => `[${types.map((t) => t.toUpperCase()).join(', ')}]`;
/** Kafka keys the whole-value cast by a null field name. */
const WHOLE_VALUE = '\u0000whole';

/** Parses `field:type,…` or a single `type`; throws ConfigException naming `spec` and the bad entry. */
export function parseCastSpec(mappings: readonly string[]): Map<string, SchemaType> {
  const m = new Map<string, SchemaType>();
  let whole = false;
  for (const mapping of mappings) {
    const parts = javaSplit(mapping, ':');
    if (parts.length > 2 || parts.length === 0) throw new ConfigException('spec', javaList(mappings), `Invalid cast mapping: ${mapping}`);
    const typeText = parts[parts.length - 1]!.trim();
    const type = typeText.toLowerCase() as SchemaType;
    if (!(INPUT_TYPES as readonly string[]).concat('array', 'map', 'struct').includes(type)) {
      throw new ConfigException('spec', javaList(mappings), `Invalid type found in casting spec: ${typeText}`);
    }
    if (!OUTPUT_TYPES.includes(type)) {
      throw new ConfigException('spec', javaList(mappings),
        `Cast transformation does not support casting to ${type.toUpperCase()}; supported types are ${javaTypes(OUTPUT_TYPES)}`);
    }
    if (parts.length === 1) {
      m.set(WHOLE_VALUE, type);
      whole = true;
    } else {
      m.set(parts[0]!.trim(), type);
    }
  }
  if (whole && mappings.length > 1) {
    throw configError('spec', javaList(mappings),
      'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec');
  }
  return m;
}

export const CAST_CONFIG_DEF = new ConfigDef()
  .define({
    name: 'spec', type: 'LIST', importance: 'HIGH',
    validator: {
      ensureValid(name, value) {
        const list = (value as string[] | null) ?? [];
        if (list.length === 0) throw new ConfigException(name, javaList(list), 'Must specify at least one field to cast.');
        parseCastSpec(list);
      },
      toString: () => 'list of colon-delimited pairs, e.g. foo:bar,abc:xyz',
    },
    documentation:
      'List of fields and the type to cast them to of the form field1:type,field2:type, or a single type to cast the ' +
      'entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string.',
  })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true,
    documentation: 'Whether to replace fields that have a default value and that are null to the default value.',
  });

const PURPOSE = 'cast types';

/** Kafka's Cast: casts fields (or the whole key/value) between primitive types, bytes → base64 string. */
export class Cast implements Transformation {
  private casts = new Map<string, SchemaType>();
  private wholeValueCastType: SchemaType | null = null;
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = CAST_CONFIG_DEF.parse(props);
    this.casts = parseCastSpec(config.list('spec'));
    this.wholeValueCastType = this.casts.get(WHOLE_VALUE) ?? null;
    this.replaceNullWithDefault = config.boolean('replace.null.with.default');
  }

  apply<R extends ConnectRecord>(record: R): R {
    const raw = operatingValue(record, this.side);
    if (raw === null || raw === undefined) return record;
    const schema = operatingSchema(record, this.side);
    if (schema === null) {
      if (this.wholeValueCastType) return newRecord(record, this.side, null, castValueToType(null, raw, this.wholeValueCastType));
      const value = requireMap(raw, PURPOSE);
      const updates = [...this.casts].map(([f, t]): [string, unknown] => [f, castValueToType(null, mapGet(value, f), t)]);
      return newRecord(record, this.side, null, mapWith(value, updates));
    }
    const updatedSchema = this.cache.get(schema, () => this.buildSchema(schema));
    if (this.wholeValueCastType) return newRecord(record, this.side, updatedSchema, castValueToType(schema, raw, this.wholeValueCastType));
    const value = requireStruct(raw, PURPOSE);
    const updated = new Struct(updatedSchema);
    for (const f of value.schema.fields ?? []) {
      const orig = fieldValue(value, f.name, this.replaceNullWithDefault);
      const target = this.casts.get(f.name);
      updated.put(f.name, target ? castValueToType(f.schema, orig, target) : orig);
    }
    return newRecord(record, this.side, updatedSchema, updated);
  }

  private buildSchema(schema: Schema): Schema {
    let builder: SchemaBuilder;
    if (this.wholeValueCastType) {
      builder = copySchemaBasics(schema, SchemaBuilder.type(this.wholeValueCastType));
    } else {
      builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const f of schema.fields ?? []) {
        const target = this.casts.get(f.name);
        if (!target) {
          builder.field(f.name, f.schema);
          continue;
        }
        const fieldBuilder = SchemaBuilder.type(target);
        if (f.schema.optional) fieldBuilder.optional();
        if (f.schema.defaultValue !== undefined && f.schema.defaultValue !== null) {
          fieldBuilder.defaultValue(castValueToType(f.schema, f.schema.defaultValue, target));
        }
        builder.field(f.name, fieldBuilder.build());
      }
    }
    if (schema.optional) builder.optional();
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) {
      builder.defaultValue(this.wholeValueCastType ? castValueToType(schema, schema.defaultValue, this.wholeValueCastType) : schema.defaultValue);
    }
    return builder.build();
  }

  config(): ConfigDef {
    return CAST_CONFIG_DEF;
  }

  close(): void {
    this.cache.clear();
  }
}

/** The Connect type Java would infer for a schemaless value (ConnectSchema.schemaType), or null. */
function inferType(value: unknown): SchemaType | null {
  switch (typeof value) {
    case 'boolean': return 'boolean';
    case 'string': return 'string';
    case 'bigint': return 'int64';
    case 'number': return Number.isInteger(value) ? 'int64' : 'float64';
  }
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Struct) return 'struct';
  if (isSchemalessMap(value)) return 'map';
  return null;
}

const DAY_MS = 86_400_000;

/** Date/Time/Timestamp values become their int encodings before a numeric cast (Kafka's encodeLogicalType). */
function encodeLogical(schema: Schema, value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  switch (schema.name) {
    case 'org.apache.kafka.connect.data.Date': return Math.floor(value.getTime() / DAY_MS);
    case 'org.apache.kafka.connect.data.Time': return ((value.getTime() % DAY_MS) + DAY_MS) % DAY_MS;
    case 'org.apache.kafka.connect.data.Timestamp': return value.getTime();
    default: return value;
  }
}

export function castValueToType(schema: Schema | null, original: unknown, target: SchemaType): unknown {
  if (original === null || original === undefined) return null;
  const inferred = schema ? schema.type : inferType(original);
  if (inferred === null) {
    throw new DataException(`Cast transformation was passed a value of type class ${javaClassName(original)} which is not supported by Connect's data API`);
  }
  if (!INPUT_TYPES.includes(inferred)) {
    throw new DataException(`Cast transformation does not support casting from ${inferred.toUpperCase()}; supported types are ${javaTypes(INPUT_TYPES)}`);
  }
  const value = schema?.name && target !== 'string' ? encodeLogical(schema, original) : original;
  const fromFloat = inferred === 'float32' || inferred === 'float64';
  const outOfRange = (): never => {
    throw new DataException(`Value (${String(value)}) was out of range for requested data type`);
  };
  const unexpected = (): never => {
    throw new DataException(`Unexpected type in Cast transformation: class ${javaClassName(value)}`);
  };
  const isNumber = typeof value === 'number' || typeof value === 'bigint' || value instanceof DecimalValue;
  switch (target) {
    case 'int8': case 'int16': case 'int32': case 'int64': {
      if (isNumber) return javaNarrow(value as number | bigint | DecimalValue, target as IntegerType, fromFloat);
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string') return javaParseInteger(value, target as IntegerType) ?? outOfRange();
      return unexpected();
    }
    case 'float32': case 'float64': {
      let n: number;
      if (value instanceof DecimalValue) n = value.toNumber();
      else if (isNumber) n = Number(value);
      else if (typeof value === 'boolean') n = value ? 1 : 0;
      else if (typeof value === 'string') n = javaParseDouble(value) ?? outOfRange();
      else return unexpected();
      return target === 'float32' ? Math.fround(n) : n;
    }
    case 'boolean': {
      if (isNumber) return BigInt(javaNarrow(value as number | bigint | DecimalValue, 'int64', fromFloat)) !== 0n;
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') return value.toLowerCase() === 'true';
      return unexpected();
    }
    case 'string': {
      if (value instanceof Date) return javaDateString(value);
      if (value instanceof Uint8Array) return base64(value);
      if (value instanceof DecimalValue) return javaBigDecimalToString(value.unscaled, value.scale);
      if (typeof value === 'number' && (fromFloat || !Number.isInteger(value))) return inferred === 'float32' ? javaFloatToString(value) : javaDoubleToString(value);
      return String(value);
    }
    default:
      throw new DataException(`${target.toUpperCase()} is not supported in the Cast transformation.`);
  }
}

export class CastKey extends Cast {
  constructor() { super('key'); }
}
export class CastValue extends Cast {
  constructor() { super('value'); }
}
