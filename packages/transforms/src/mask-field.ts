import {
  ConfigDef, DataException, DecimalValue, Struct, Validators,
  type ConnectRecord, type Schema, type Transformation,
} from '@tsconnect/sdk';
import { TransformValidators } from './util/config-util.js';
import { javaNarrow, javaParseDouble, type IntegerType } from './util/java-numbers.js';
import { newRecord, operatingSchema, operatingValue, type Side } from './util/operating.js';
import { fieldValue } from './util/schema-util.js';
import { isSchemalessMap, javaClassName, mapGet, mapWith, requireMap, requireStruct } from './util/schemaless.js';

export const MASK_FIELD_CONFIG_DEF = new ConfigDef()
  .define({ name: 'fields', type: 'LIST', validator: TransformValidators.nonEmptyList(), importance: 'HIGH', documentation: 'Names of fields to mask.' })
  .define({
    name: 'replacement', type: 'STRING', defaultValue: null, validator: Validators.nonEmptyString(), importance: 'LOW',
    documentation: "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).",
  })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true,
    documentation: 'Whether to replace fields that have a default value and that are null to the default value.',
  });

const PURPOSE = 'mask fields';
const DECIMAL = 'org.apache.kafka.connect.data.Decimal';

/** What Java class a value would have, from its schema when known (JS numbers do not say int vs double). */
type Kind = 'boolean' | IntegerType | 'float32' | 'float64' | 'decimal' | 'date' | 'string' | 'array' | 'map' | 'other';

function kindOf(value: unknown, schema: Schema | null): Kind {
  if (schema) {
    if (schema.name === DECIMAL) return 'decimal';
    if (value instanceof Date) return 'date';
    switch (schema.type) {
      case 'boolean': case 'int8': case 'int16': case 'int32': case 'int64':
      case 'float32': case 'float64': case 'string': case 'array': case 'map':
        return schema.type;
      default: return 'other';
    }
  }
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'bigint') return 'int64';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'string') return 'string';
  if (value instanceof DecimalValue) return 'decimal';
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return 'array';
  if (isSchemalessMap(value)) return 'map';
  return 'other';
}

/** Kafka's MaskField: replaces fields with the type's "null" value (0, false, "" …) or a custom replacement. */
export class MaskField implements Transformation {
  private maskedFields = new Set<string>();
  private replacement: string | null = null;
  private replaceNullWithDefault = true;

  constructor(private readonly side: Side) {}

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = MASK_FIELD_CONFIG_DEF.parse(props);
    this.maskedFields = new Set(config.list('fields'));
    this.replacement = config.optionalString('replacement');
    this.replaceNullWithDefault = config.boolean('replace.null.with.default');
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.side);
    const raw = operatingValue(record, this.side);
    if (schema === null) {
      const value = requireMap(raw, PURPOSE);
      const updates = [...this.maskedFields].map((f): [string, unknown] => [f, this.masked(mapGet(value, f), null)]);
      return newRecord(record, this.side, null, mapWith(value, updates));
    }
    const value = requireStruct(raw, PURPOSE);
    const updated = new Struct(value.schema);
    for (const f of value.schema.fields ?? []) {
      const orig = fieldValue(value, f.name, this.replaceNullWithDefault);
      updated.put(f.name, this.maskedFields.has(f.name) ? this.masked(orig, f.schema) : orig);
    }
    return newRecord(record, this.side, schema, updated);
  }

  private masked(value: unknown, schema: Schema | null): unknown {
    if (value === null || value === undefined) return null;
    const kind = kindOf(value, schema);
    return this.replacement === null ? maskWithNull(value, kind, schema) : maskWithReplacement(value, kind, this.replacement);
  }

  config(): ConfigDef {
    return MASK_FIELD_CONFIG_DEF;
  }
}

function maskWithNull(value: unknown, kind: Kind, schema: Schema | null): unknown {
  switch (kind) {
    case 'boolean': return false;
    case 'int8': case 'int16': case 'int32': case 'int64': case 'float32': case 'float64': return 0;
    // BigDecimal.ZERO; keep the schema's scale so the value still fits its Decimal schema.
    case 'decimal': return new DecimalValue(0n, Number(schema?.parameters?.['scale'] ?? 0));
    case 'date': return new Date(0);
    case 'string': return '';
    case 'array': return [];
    case 'map': return value instanceof Map ? new Map() : {};
    default: throw new DataException(`Cannot mask value of type: class ${javaClassName(value)}`);
  }
}

function maskWithReplacement(value: unknown, kind: Kind, replacement: string): unknown {
  const number = () => {
    const n = javaParseDouble(replacement);
    if (n === null) throw new DataException(`Unable to convert ${replacement} (class java.lang.String) to number`);
    return n;
  };
  switch (kind) {
    case 'string': return replacement;
    case 'int8': case 'int16': case 'int32': case 'int64': return javaNarrow(number(), kind, true);
    case 'float32': return Math.fround(number());
    case 'float64': return number();
    case 'decimal':
      try {
        return DecimalValue.parse(replacement);
      } catch {
        throw new DataException(`Unable to convert ${replacement} (class java.lang.String) to number`);
      }
    default:
      throw new DataException(`Cannot mask value of type class ${javaClassName(value)} with custom replacement.`);
  }
}

export class MaskFieldKey extends MaskField {
  constructor() { super('key'); }
}
export class MaskFieldValue extends MaskField {
  constructor() { super('value'); }
}
