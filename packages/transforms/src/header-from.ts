import {
  ConfigDef, DataException, SchemaBuilder, Struct, Validators, field,
  type ConnectRecord, type Header, type Schema, type Transformation,
} from '@tsconnect/sdk';
import { configError, TransformValidators } from './util/config-util.js';
import { newRecord, operatingSchema, operatingValue, type Side } from './util/operating.js';
import { copySchemaBasics, fieldValue, SchemaCache } from './util/schema-util.js';
import { mapEntries, mapGet, mapLike, requireMap, requireStruct } from './util/schemaless.js';

export const HEADER_FROM_CONFIG_DEF = new ConfigDef()
  .define({
    name: 'fields', type: 'LIST', validator: TransformValidators.nonEmptyList(), importance: 'HIGH',
    documentation: 'Field names in the record whose values are to be copied or moved to headers.',
  })
  .define({
    name: 'headers', type: 'LIST', validator: TransformValidators.nonEmptyList(), importance: 'HIGH',
    documentation: 'Header names, in the same order as the field names listed in the fields configuration property.',
  })
  .define({
    name: 'operation', type: 'STRING', validator: Validators.in(['move', 'copy']), importance: 'HIGH',
    documentation: 'Either move if the fields are to be moved to the headers (removed from the key/value), or copy if the fields are to be copied to the headers (retained in the key/value).',
  })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true,
    documentation: 'Whether to replace fields that have a default value and that are null to the default value.',
  });

/** Kafka's HeaderFrom: copies or moves key/value fields into headers (appended after existing ones). */
export class HeaderFrom implements Transformation {
  private fields: string[] = [];
  private headers: string[] = [];
  private operation: 'move' | 'copy' = 'copy';
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = HEADER_FROM_CONFIG_DEF.parse(props);
    this.fields = config.list('fields');
    this.headers = config.list('headers');
    if (this.headers.length !== this.fields.length) {
      throw configError('headers', this.headers.join(','), "'fields' config must have the same number of elements as 'headers' config.");
    }
    this.operation = config.string('operation') as 'move' | 'copy';
    this.replaceNullWithDefault = config.boolean('replace.null.with.default');
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.side);
    const raw = operatingValue(record, this.side);
    const headers: Header[] = [...record.headers];
    if (schema === null) {
      const value = requireMap(raw, `header ${this.operation}`);
      this.fields.forEach((f, i) => headers.push({ key: this.headers[i]!, schema: null, value: mapGet(value, f) }));
      const updated = this.operation === 'move' ? mapLike(value, mapEntries(value).filter(([k]) => !this.fields.includes(k))) : mapLike(value, mapEntries(value));
      return { ...newRecord(record, this.side, null, updated), headers };
    }
    const value = requireStruct(raw, `header ${this.operation}`);
    let updatedSchema: Schema = schema;
    let updatedValue: Struct = value;
    if (this.operation === 'move') {
      updatedSchema = this.cache.get(schema, () => this.moveSchema(schema));
      updatedValue = new Struct(updatedSchema);
      for (const f of updatedSchema.fields ?? []) updatedValue.put(f.name, fieldValue(value, f.name, this.replaceNullWithDefault));
    }
    this.fields.forEach((name, i) => {
      // Kafka fails (NPE) on a field the schema lacks; say which one.
      const f = field(schema, name);
      if (!f) throw new DataException(`Field does not exist: ${name}`);
      headers.push({ key: this.headers[i]!, schema: f.schema, value: fieldValue(value, name, this.replaceNullWithDefault) });
    });
    return { ...newRecord(record, this.side, updatedSchema, updatedValue), headers };
  }

  private moveSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields ?? []) if (!this.fields.includes(f.name)) builder.field(f.name, f.schema);
    return builder.build();
  }

  config(): ConfigDef {
    return HEADER_FROM_CONFIG_DEF;
  }

  close(): void {
    this.cache.clear();
  }
}

export class HeaderFromKey extends HeaderFrom {
  constructor() { super('key'); }
}
export class HeaderFromValue extends HeaderFrom {
  constructor() { super('value'); }
}
