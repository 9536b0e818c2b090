import { ConfigDef, SchemaBuilder, Struct, type ConnectRecord, type Schema, type Transformation } from '@tsconnect/sdk';
import { parseColonPairs } from './util/config-util.js';
import { newRecord, operatingSchema, operatingValue, type Side } from './util/operating.js';
import { copySchemaBasics, fieldValue, SchemaCache } from './util/schema-util.js';
import { mapEntries, mapLike, requireMap, requireStruct } from './util/schemaless.js';

export const REPLACE_FIELD_CONFIG_DEF = new ConfigDef()
  .define({ name: 'exclude', type: 'LIST', defaultValue: [], documentation: 'Fields to exclude. This takes precedence over the fields to include.' })
  .define({ name: 'include', type: 'LIST', defaultValue: [], documentation: 'Fields to include. If specified, only these fields will be used.' })
  .define({
    name: 'renames', type: 'LIST', defaultValue: [],
    validator: {
      ensureValid: (name, value) => void parseColonPairs(name, (value as string[] | null) ?? []),
      toString: () => 'list of colon-delimited pairs, e.g. foo:bar,abc:xyz',
    },
    documentation: 'Field rename mappings.',
  })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true,
    documentation: 'Whether to replace fields that have a default value and that are null to the default value.',
  });

const PURPOSE = 'field replacement';

/** Kafka's ReplaceField: filter (include/exclude) and rename fields of the key or value. */
export class ReplaceField implements Transformation {
  private exclude = new Set<string>();
  private include = new Set<string>();
  private renames = new Map<string, string>();
  private reverseRenames = new Map<string, string>();
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  configure(props: Readonly<Record<string, unknown>>): void {
    // Kafka 2.x names, still seen in old configs; the current names win when both are set.
    const translated = { ...props };
    if (translated['exclude'] === undefined && props['blacklist'] !== undefined) translated['exclude'] = props['blacklist'];
    if (translated['include'] === undefined && props['whitelist'] !== undefined) translated['include'] = props['whitelist'];
    const config = REPLACE_FIELD_CONFIG_DEF.parse(translated);
    this.exclude = new Set(config.list('exclude'));
    this.include = new Set(config.list('include'));
    this.renames = parseColonPairs('renames', config.list('renames'));
    this.reverseRenames = new Map([...this.renames].map(([from, to]) => [to, from]));
    this.replaceNullWithDefault = config.boolean('replace.null.with.default');
  }

  private filter(name: string): boolean {
    return !this.exclude.has(name) && (this.include.size === 0 || this.include.has(name));
  }

  private renamed(name: string): string {
    return this.renames.get(name) ?? name;
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.side);
    if (value === null || value === undefined) return record;
    if (operatingSchema(record, this.side) === null) {
      const map = requireMap(value, PURPOSE);
      const entries = mapEntries(map).filter(([k]) => this.filter(k)).map(([k, v]): [string, unknown] => [this.renamed(k), v]);
      return newRecord(record, this.side, null, mapLike(map, entries));
    }
    const struct = requireStruct(value, PURPOSE);
    const schema = this.cache.get(struct.schema, () => this.makeUpdatedSchema(struct.schema));
    const updated = new Struct(schema);
    for (const f of schema.fields ?? []) {
      updated.put(f.name, fieldValue(struct, this.reverseRenames.get(f.name) ?? f.name, this.replaceNullWithDefault));
    }
    return newRecord(record, this.side, schema, updated);
  }

  private makeUpdatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields ?? []) if (this.filter(f.name)) builder.field(this.renamed(f.name), f.schema);
    return builder.build();
  }

  config(): ConfigDef {
    return REPLACE_FIELD_CONFIG_DEF;
  }

  close(): void {
    this.cache.clear();
  }
}

export class ReplaceFieldKey extends ReplaceField {
  constructor() { super('key'); }
}
export class ReplaceFieldValue extends ReplaceField {
  constructor() { super('value'); }
}
