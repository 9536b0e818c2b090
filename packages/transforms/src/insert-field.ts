import {
  ConfigDef, ConfigException, ConnectTimestamp, DataException, SchemaBuilder, Schemas, Struct,
  type ConnectRecord, type Schema, type SinkRecord, type Transformation,
} from '@tsconnect/sdk';
import { configError } from './util/config-util.js';
import { newRecord, operatingSchema, operatingValue, type Side } from './util/operating.js';
import { copySchemaBasics, fieldValue, SchemaCache } from './util/schema-util.js';
import { mapWith, requireMap, requireStruct } from './util/schemaless.js';

const OPTIONALITY_DOC = 'Suffix with ! to make this a required field, or ? to keep it optional (the default).';

export const INSERT_FIELD_CONFIG_DEF = new ConfigDef()
  .define({ name: 'topic.field', type: 'STRING', defaultValue: null, documentation: `Field name for Kafka topic. ${OPTIONALITY_DOC}` })
  .define({ name: 'partition.field', type: 'STRING', defaultValue: null, documentation: `Field name for Kafka partition. ${OPTIONALITY_DOC}` })
  .define({ name: 'offset.field', type: 'STRING', defaultValue: null, documentation: `Field name for Kafka offset - only applicable to sink connectors. ${OPTIONALITY_DOC}` })
  .define({ name: 'timestamp.field', type: 'STRING', defaultValue: null, documentation: `Field name for record timestamp. ${OPTIONALITY_DOC}` })
  .define({ name: 'static.field', type: 'STRING', defaultValue: null, documentation: `Field name for static data field. ${OPTIONALITY_DOC}` })
  .define({ name: 'static.value', type: 'STRING', defaultValue: null, documentation: 'Static field value, if field name configured.' })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true,
    documentation: 'Whether to replace fields that have a default value and that are null to the default value.',
  });

const PURPOSE = 'field insertion';
const OPTIONAL_TIMESTAMP = ConnectTimestamp.builder().optional().build();
const TIMESTAMP = ConnectTimestamp.builder().build();

interface InsertionSpec { name: string; optional: boolean }

/** "name" / "name?" → optional, "name!" → required. */
function parseSpec(spec: string | null): InsertionSpec | null {
  if (spec === null) return null;
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true };
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false };
  return { name: spec, optional: true };
}

/** Kafka's InsertField: adds topic/partition/offset/timestamp/static fields to the key or value. */
export class InsertField implements Transformation {
  private topicField: InsertionSpec | null = null;
  private partitionField: InsertionSpec | null = null;
  private offsetField: InsertionSpec | null = null;
  private timestampField: InsertionSpec | null = null;
  private staticField: InsertionSpec | null = null;
  private staticValue: string | null = null;
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = INSERT_FIELD_CONFIG_DEF.parse(props);
    this.topicField = parseSpec(config.optionalString('topic.field'));
    this.partitionField = parseSpec(config.optionalString('partition.field'));
    this.offsetField = parseSpec(config.optionalString('offset.field'));
    this.timestampField = parseSpec(config.optionalString('timestamp.field'));
    this.staticField = parseSpec(config.optionalString('static.field'));
    this.staticValue = config.optionalString('static.value');
    this.replaceNullWithDefault = config.boolean('replace.null.with.default');
    if (!this.topicField && !this.partitionField && !this.offsetField && !this.timestampField && !this.staticField) {
      throw configError('topic.field', null, 'No field insertion configured: set one of topic.field, partition.field, offset.field, timestamp.field, static.field');
    }
    if (this.staticField && this.staticValue === null) {
      throw new ConfigException('static.value', null, `No value specified for static field: ${this.staticField.name}`);
    }
  }

  apply<R extends ConnectRecord>(record: R): R {
    const value = operatingValue(record, this.side);
    if (value === null || value === undefined) return record;
    return operatingSchema(record, this.side) === null ? this.applySchemaless(record, value) : this.applyWithSchema(record, value);
  }

  private applySchemaless<R extends ConnectRecord>(record: R, raw: unknown): R {
    const value = requireMap(raw, PURPOSE);
    const updates: [string, unknown][] = [];
    if (this.topicField) updates.push([this.topicField.name, record.topic]);
    if (this.partitionField && record.kafkaPartition !== null) updates.push([this.partitionField.name, record.kafkaPartition]);
    if (this.offsetField) updates.push([this.offsetField.name, requireSinkRecord(record).kafkaOffset]);
    if (this.timestampField && record.timestamp !== null) updates.push([this.timestampField.name, record.timestamp]);
    if (this.staticField && this.staticValue !== null) updates.push([this.staticField.name, this.staticValue]);
    return newRecord(record, this.side, null, mapWith(value, updates));
  }

  private applyWithSchema<R extends ConnectRecord>(record: R, raw: unknown): R {
    const value = requireStruct(raw, PURPOSE);
    const schema = this.cache.get(value.schema, () => this.makeUpdatedSchema(value.schema));
    const updated = new Struct(schema);
    for (const f of value.schema.fields ?? []) updated.put(f.name, fieldValue(value, f.name, this.replaceNullWithDefault));
    if (this.topicField) updated.put(this.topicField.name, record.topic);
    if (this.partitionField && record.kafkaPartition !== null) updated.put(this.partitionField.name, record.kafkaPartition);
    if (this.offsetField) updated.put(this.offsetField.name, requireSinkRecord(record).kafkaOffset);
    if (this.timestampField && record.timestamp !== null) updated.put(this.timestampField.name, new Date(record.timestamp));
    if (this.staticField && this.staticValue !== null) updated.put(this.staticField.name, this.staticValue);
    return newRecord(record, this.side, schema, updated);
  }

  private makeUpdatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields ?? []) builder.field(f.name, f.schema);
    const add = (spec: InsertionSpec | null, optional: Schema, required: Schema) => {
      if (spec) builder.field(spec.name, spec.optional ? optional : required);
    };
    add(this.topicField, Schemas.OPTIONAL_STRING, Schemas.STRING);
    add(this.partitionField, Schemas.OPTIONAL_INT32, Schemas.INT32);
    add(this.offsetField, Schemas.OPTIONAL_INT64, Schemas.INT64);
    add(this.timestampField, OPTIONAL_TIMESTAMP, TIMESTAMP);
    add(this.staticField, Schemas.OPTIONAL_STRING, Schemas.STRING);
    return builder.build();
  }

  config(): ConfigDef {
    return INSERT_FIELD_CONFIG_DEF;
  }

  close(): void {
    this.cache.clear();
  }
}

function requireSinkRecord(record: ConnectRecord): SinkRecord {
  if (typeof (record as Partial<SinkRecord>).kafkaOffset !== 'number') {
    throw new DataException(`Only SinkRecord supported for [${PURPOSE}], found: ${'sourcePartition' in record ? 'org.apache.kafka.connect.source.SourceRecord' : 'ConnectRecord'}`);
  }
  return record as SinkRecord;
}

export class InsertFieldKey extends InsertField {
  constructor() { super('key'); }
}
export class InsertFieldValue extends InsertField {
  constructor() { super('value'); }
}
