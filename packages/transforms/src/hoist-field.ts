import { ConfigDef, SchemaBuilder, Struct, type ConnectRecord, type Transformation } from '@tsconnect/sdk';
import { newRecord, operatingSchema, operatingValue, type Side } from './util/operating.js';
import { SchemaCache } from './util/schema-util.js';

export const HOIST_FIELD_CONFIG_DEF = new ConfigDef().define({
  name: 'field', type: 'STRING',
  documentation: 'Field name for the single field that will be created in the resulting Struct or Map.',
});

/** Kafka's HoistField: wraps the key or value in a struct/map with one field. */
export class HoistField implements Transformation {
  private fieldName = '';
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  configure(props: Readonly<Record<string, unknown>>): void {
    this.fieldName = HOIST_FIELD_CONFIG_DEF.parse(props).string('field');
  }

  apply<R extends ConnectRecord>(record: R): R {
    const schema = operatingSchema(record, this.side);
    const value = operatingValue(record, this.side);
    if (schema === null) {
      // Schemaless data from the JSON converter is Map-based; answer in kind.
      return newRecord(record, this.side, null, new Map([[this.fieldName, value ?? null]]));
    }
    const updatedSchema = this.cache.get(schema, () => SchemaBuilder.struct().field(this.fieldName, schema).build());
    return newRecord(record, this.side, updatedSchema, new Struct(updatedSchema).put(this.fieldName, value));
  }

  config(): ConfigDef {
    return HOIST_FIELD_CONFIG_DEF;
  }

  close(): void {
    this.cache.clear();
  }
}

export class HoistFieldKey extends HoistField {
  constructor() { super('key'); }
}
export class HoistFieldValue extends HoistField {
  constructor() { super('value'); }
}
