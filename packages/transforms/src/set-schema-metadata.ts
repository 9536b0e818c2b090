import { ConfigDef, DataException, Struct, type ConnectRecord, type Schema, type Transformation } from '@tsconnect/sdk';
import { configError } from './util/config-util.js';
import { newRecord, operatingSchema, operatingValue, type Side } from './util/operating.js';
import { fieldValue } from './util/schema-util.js';

export const SET_SCHEMA_METADATA_CONFIG_DEF = new ConfigDef()
  .define({ name: 'schema.name', type: 'STRING', defaultValue: null, importance: 'HIGH', documentation: 'Schema name to set.' })
  .define({ name: 'schema.version', type: 'INT', defaultValue: null, importance: 'HIGH', documentation: 'Schema version to set.' })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true,
    documentation: 'Whether to replace fields that have a default value and that are null to the default value.',
  });

/** Kafka's SetSchemaMetadata: sets the key or value schema's name and/or version (structs are re-pointed). */
export class SetSchemaMetadata implements Transformation {
  private schemaName: string | null = null;
  private schemaVersion: number | null = null;
  private replaceNullWithDefault = true;

  constructor(private readonly side: Side) {}

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = SET_SCHEMA_METADATA_CONFIG_DEF.parse(props);
    this.schemaName = config.optionalString('schema.name');
    this.schemaVersion = config.int('schema.version') ?? null;
    this.replaceNullWithDefault = config.boolean('replace.null.with.default');
    if (this.schemaName === null && this.schemaVersion === null) {
      throw configError('schema.name', null, 'Neither schema name nor version configured: set schema.name and/or schema.version');
    }
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.side);
    const schema = operatingSchema(record, this.side);
    if ((value === null || value === undefined) && schema === null) return record;
    if (schema === null) throw new DataException('Schema required for [updating schema metadata]');
    const name = this.schemaName ?? schema.name;
    const version = this.schemaVersion ?? schema.version;
    const { name: _n, version: _v, ...rest } = schema;
    const updatedSchema: Schema = {
      ...rest,
      ...(name !== undefined && { name }),
      ...(version !== undefined && { version }),
    };
    return newRecord(record, this.side, updatedSchema, this.updateSchemaIn(value, updatedSchema));
  }

  /** A struct keeps a reference to its schema, so it is copied onto the renamed one. */
  private updateSchemaIn(value: unknown, updatedSchema: Schema): unknown {
    if (!(value instanceof Struct)) return value;
    const updated = new Struct(updatedSchema);
    for (const f of updatedSchema.fields ?? []) updated.put(f.name, fieldValue(value, f.name, this.replaceNullWithDefault));
    return updated;
  }

  config(): ConfigDef {
    return SET_SCHEMA_METADATA_CONFIG_DEF;
  }
}

export class SetSchemaMetadataKey extends SetSchemaMetadata {
  constructor() { super('key'); }
}
export class SetSchemaMetadataValue extends SetSchemaMetadata {
  constructor() { super('value'); }
}
