import { SchemaBuilder, type Schema, type Struct } from '@tsconnect/sdk';

/** A builder of the same type as `source` (array/map keep their element schemas). */
export function builderOfType(source: Schema): SchemaBuilder {
  if (source.type === 'array') return SchemaBuilder.array(source.valueSchema!);
  if (source.type === 'map') return SchemaBuilder.map(source.keySchema!, source.valueSchema!);
  return SchemaBuilder.type(source.type);
}

/** Kafka's SchemaUtil.copySchemaBasics: name, version, doc and parameters (not optionality/default). */
export function copySchemaBasics(source: Schema, builder: SchemaBuilder = builderOfType(source)): SchemaBuilder {
  if (source.name !== undefined) builder.name(source.name);
  if (source.version !== undefined) builder.version(source.version);
  if (source.doc !== undefined) builder.doc(source.doc);
  if (source.parameters !== undefined) builder.parameters({ ...source.parameters });
  return builder;
}

/** A field's value honouring `replace.null.with.default` (true: fall back to the schema default). */
export function fieldValue(struct: Struct, name: string, replaceNullWithDefault: boolean): unknown {
  return replaceNullWithDefault ? struct.get(name) : struct.getWithoutDefault(name);
}

/** Per-transform schema cache keyed by the input schema object (Kafka keeps an LRU of 16). */
export class SchemaCache {
  private cache = new WeakMap<Schema, Schema>();
  get(schema: Schema, build: () => Schema): Schema {
    let updated = this.cache.get(schema);
    if (updated === undefined) {
      updated = build();
      this.cache.set(schema, updated);
    }
    return updated;
  }
  clear(): void {
    this.cache = new WeakMap();
  }
}
