import { ConfigDef, DataException, SchemaBuilder, Struct, field, type ConnectRecord, type Schema, type Transformation } from '@tsconnect/sdk';
import { TransformValidators } from './util/config-util.js';
import { fieldValue, SchemaCache } from './util/schema-util.js';
import { mapGet, mapLike, requireMap, requireStruct } from './util/schemaless.js';

export const VALUE_TO_KEY_CONFIG_DEF = new ConfigDef()
  .define({
    name: 'fields', type: 'LIST', validator: TransformValidators.nonEmptyList(), importance: 'HIGH',
    documentation: 'Field names on the record value to extract as the record key.',
  })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true,
    documentation: 'Whether to replace fields that have a default value and that are null to the default value.',
  });

const PURPOSE = 'copying fields from value to key';

/** Kafka's ValueToKey: the key becomes a struct/map of the named value fields. */
export class ValueToKey implements Transformation {
  private fields: string[] = [];
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = VALUE_TO_KEY_CONFIG_DEF.parse(props);
    this.fields = config.list('fields');
    this.replaceNullWithDefault = config.boolean('replace.null.with.default');
  }

  apply<R extends ConnectRecord>(record: R): R {
    if (record.valueSchema === null) {
      const value = requireMap(record.value, PURPOSE);
      const key = mapLike(value, this.fields.map((f): [string, unknown] => [f, mapGet(value, f)]));
      return { ...record, keySchema: null, key };
    }
    const value = requireStruct(record.value, PURPOSE);
    const keySchema = this.cache.get(value.schema, () => this.keySchema(value.schema));
    const key = new Struct(keySchema);
    for (const f of this.fields) key.put(f, fieldValue(value, f, this.replaceNullWithDefault));
    return { ...record, keySchema, key, valueSchema: value.schema, value };
  }

  private keySchema(valueSchema: Schema): Schema {
    const builder = SchemaBuilder.struct();
    for (const name of this.fields) {
      const f = field(valueSchema, name);
      if (!f) throw new DataException(`Field does not exist: ${name}`);
      builder.field(name, f.schema);
    }
    return builder.build();
  }

  config(): ConfigDef {
    return VALUE_TO_KEY_CONFIG_DEF;
  }

  close(): void {
    this.cache.clear();
  }
}
