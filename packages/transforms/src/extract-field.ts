import { ConfigDef, DataException, type ConnectRecord, type Transformation } from '@tsconnect/sdk';
import { appendFieldSyntaxVersion, fieldSyntaxVersion, SingleFieldPath } from './util/field-path.js';
import { newRecord, operatingSchema, operatingValue, type Side } from './util/operating.js';
import { requireMapOrNull, requireStructOrNull } from './util/schemaless.js';

export const EXTRACT_FIELD_CONFIG_DEF = appendFieldSyntaxVersion(
  new ConfigDef()
    .define({ name: 'field', type: 'STRING', documentation: 'Field name to extract.' })
    .define({
      name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true,
      documentation: 'Whether to replace fields that have a default value and that are null to the default value.',
    }),
);

const PURPOSE = 'field extraction';

/** Kafka's ExtractField: replaces the key or value with one of its fields (nested with V2 paths). */
export class ExtractField implements Transformation {
  private path!: SingleFieldPath;
  private originalPath = '';
  private replaceNullWithDefault = true;

  constructor(private readonly side: Side) {}

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = EXTRACT_FIELD_CONFIG_DEF.parse(props);
    this.originalPath = config.string('field');
    this.path = new SingleFieldPath(this.originalPath, fieldSyntaxVersion(config));
    this.replaceNullWithDefault = config.boolean('replace.null.with.default');
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.side);
    const raw = operatingValue(record, this.side);
    if (schema === null) {
      const value = requireMapOrNull(raw, PURPOSE);
      return newRecord(record, this.side, null, value === null ? null : this.path.valueFromMap(value));
    }
    const value = requireStructOrNull(raw, PURPOSE);
    const f = this.path.fieldFrom(schema);
    // Java throws IllegalArgumentException here; a DataException is what our runtime reports per record.
    if (!f) throw new DataException(`Unknown field: ${this.originalPath}`);
    return newRecord(record, this.side, f.schema, value === null ? null : this.path.valueFromStruct(value, this.replaceNullWithDefault));
  }

  config(): ConfigDef {
    return EXTRACT_FIELD_CONFIG_DEF;
  }
}

export class ExtractFieldKey extends ExtractField {
  constructor() { super('key'); }
}
export class ExtractFieldValue extends ExtractField {
  constructor() { super('value'); }
}
