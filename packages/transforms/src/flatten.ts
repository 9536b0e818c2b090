import { ConfigDef, DataException, SchemaBuilder, Struct, type ConnectRecord, type Schema, type Transformation } from '@tsconnect/sdk';
import { newRecord, operatingSchema, operatingValue, type Side } from './util/operating.js';
import { copySchemaBasics, SchemaCache } from './util/schema-util.js';
import { isSchemalessMap, javaClassName, mapEntries, mapLike, requireMap, requireStructOrNull, type SchemalessMap } from './util/schemaless.js';

export const FLATTEN_CONFIG_DEF = new ConfigDef().define({
  name: 'delimiter', type: 'STRING', defaultValue: '.',
  documentation: 'Delimiter to insert between field names from the input record when generating field names for the output record',
});

const PURPOSE = 'flattening';
const FLAT_TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes', 'array']);

/** Kafka's Flatten: nested structs/maps become top-level fields named `outer<delimiter>inner`; arrays stay as they are. */
export class Flatten implements Transformation {
  private delimiter = '.';
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  configure(props: Readonly<Record<string, unknown>>): void {
    this.delimiter = FLATTEN_CONFIG_DEF.parse(props).string('delimiter');
  }

  private fieldName(prefix: string, name: string): string {
    return prefix === '' ? name : `${prefix}${this.delimiter}${name}`;
  }

  apply<R extends ConnectRecord>(record: R): R {
    const raw = operatingValue(record, this.side);
    if (raw === null || raw === undefined) return record;
    const schema = operatingSchema(record, this.side);
    if (schema === null) {
      const value = requireMap(raw, PURPOSE);
      const out: [string, unknown][] = [];
      this.flattenSchemaless(value, '', out);
      return newRecord(record, this.side, null, mapLike(value, out));
    }
    const value = requireStructOrNull(raw, PURPOSE);
    const updatedSchema = this.cache.get(schema, () => {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct());
      this.buildSchema(schema, '', builder, schema.optional, (schema.defaultValue as Struct | undefined) ?? null);
      return builder.build();
    });
    if (value === null) return newRecord(record, this.side, updatedSchema, null);
    const updated = new Struct(updatedSchema);
    this.buildValue(value, '', updated);
    return newRecord(record, this.side, updatedSchema, updated);
  }

  private flattenSchemaless(map: SchemalessMap, prefix: string, out: [string, unknown][]): void {
    for (const [key, value] of mapEntries(map)) {
      const name = this.fieldName(prefix, key);
      if (value === null || value === undefined) {
        out.push([name, null]);
      } else if (isSchemalessMap(value)) {
        this.flattenSchemaless(value, name, out);
      } else if (
        typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ||
        typeof value === 'string' || value instanceof Uint8Array || Array.isArray(value)
      ) {
        out.push([name, value]);
      } else if (value instanceof Struct) {
        throw new DataException(`Flatten transformation does not support class ${javaClassName(value)} for record without schemas (for field ${name}).`);
      } else {
        throw new DataException(`Flatten transformation was passed a value of type class ${javaClassName(value)} which is not supported by Connect's data API`);
      }
    }
  }

  /** Optionality and defaults of ancestors carry down to the flattened leaf fields. */
  private buildSchema(schema: Schema, prefix: string, builder: SchemaBuilder, optional: boolean, parentDefault: Struct | null): void {
    for (const f of schema.fields ?? []) {
      const name = this.fieldName(prefix, f.name);
      const fieldOptional = optional || f.schema.optional;
      let fieldDefault: unknown = null;
      if (f.schema.defaultValue !== undefined && f.schema.defaultValue !== null) fieldDefault = f.schema.defaultValue;
      else if (parentDefault !== null) fieldDefault = parentDefault.get(f.name);
      if (FLAT_TYPES.has(f.schema.type)) {
        const fb = copySchemaBasics(f.schema);
        if (fieldOptional) fb.optional();
        if (fieldDefault !== null) fb.defaultValue(fieldDefault);
        builder.field(name, fb.build());
      } else if (f.schema.type === 'struct') {
        this.buildSchema(f.schema, name, builder, fieldOptional, fieldDefault as Struct | null);
      } else {
        throw new DataException(`Flatten transformation does not support ${f.schema.type.toUpperCase()} for record with schemas (for field ${name}).`);
      }
    }
  }

  private buildValue(struct: Struct | null, prefix: string, out: Struct): void {
    if (struct === null) return;
    for (const f of struct.schema.fields ?? []) {
      const name = this.fieldName(prefix, f.name);
      if (FLAT_TYPES.has(f.schema.type)) out.put(name, struct.get(f.name));
      else if (f.schema.type === 'struct') this.buildValue(struct.get(f.name) as Struct | null, name, out);
      else throw new DataException(`Flatten transformation does not support ${f.schema.type.toUpperCase()} for record with schemas (for field ${name}).`);
    }
  }

  config(): ConfigDef {
    return FLATTEN_CONFIG_DEF;
  }

  close(): void {
    this.cache.clear();
  }
}

export class FlattenKey extends Flatten {
  constructor() { super('key'); }
}
export class FlattenValue extends Flatten {
  constructor() { super('value'); }
}
