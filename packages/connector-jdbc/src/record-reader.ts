import { DataException, Schemas, Struct, type Schema, type SinkRecord } from '@tsconnect/sdk';
import { sinkColumn, type SinkColumn } from './column-kind.js';
import type { TableId } from './dialect/dialect.js';
import type { JdbcSinkConfig } from './jdbc-sink-config.js';
import { keyIdentity } from './key-identity.js';
import type { RowShape, SinkOp, WriteOp } from './sink-op.js';

const KAFKA_PK_DEFAULTS = ['__connect_topic', '__connect_partition', '__connect_offset'];
const KAFKA_PK_SCHEMAS = [Schemas.STRING, Schemas.INT32, Schemas.INT64];

type ReaderConfig = Pick<JdbcSinkConfig, 'pkMode' | 'pkFields' | 'fieldsWhitelist' | 'deleteEnabled' | 'truncateEnabled' | 'tableNameFormat'>;

/** True for a Debezium change event value: a struct with op, before and after. */
export function isDebeziumEnvelope(schema: Schema | null): boolean {
  if (!schema || schema.type !== 'struct') return false;
  const names = new Set((schema.fields ?? []).map((f) => f.name));
  return names.has('op') && names.has('after') && names.has('before');
}

/** `${topic}` substituted; dots qualify the name as schema.table (Confluent's parsing). */
export function tableIdFor(format: string, topic: string): TableId {
  const name = format.split('${topic}').join(topic);
  const parts = name.split('.');
  if (parts.some((p) => p === '') || parts.length > 2) {
    throw new DataException(
      `Table name "${name}" (table.name.format "${format}", topic "${topic}") must be "table" or "schema.table"; ` +
        'set table.name.format or rename the topic with a RegexRouter transform',
    );
  }
  return parts.length === 2 ? { schema: parts[0]!, table: parts[1]! } : { schema: null, table: parts[0]! };
}

/**
 * Turns SinkRecords into row operations: unwraps Debezium envelopes, extracts the primary key per
 * pk.mode, maps tombstones and op=d to deletes. Returns null for records that are skipped.
 */
export class RecordReader {
  private readonly shapes = new WeakMap<Schema, Map<Schema | null, RowShape>>();
  // Per-topic and per-schema answers are cached: read() runs for every record.
  private readonly tables = new Map<string, TableId>();
  private readonly envelopes = new WeakMap<Schema, boolean>();
  /** Position in the value schema of each non-key column of a shape. */
  private readonly valueIndex = new WeakMap<RowShape, number[]>();

  constructor(private readonly config: ReaderConfig) {}

  read(record: SinkRecord): SinkOp | null {
    const source = new LazySource(record);
    let table = this.tables.get(record.topic);
    if (!table) this.tables.set(record.topic, (table = tableIdFor(this.config.tableNameFormat, record.topic)));
    if (record.value === null || record.value === undefined) {
      return this.config.deleteEnabled ? this.deleteOp(record, table, source) : null;
    }
    if (!record.valueSchema) {
      throw new DataException(
        `Record ${source} has a value without a schema; the JDBC sink needs schemas ` +
          '(e.g. JsonConverter with schemas.enable=true, or Avro)',
      );
    }
    let schema: Schema = record.valueSchema;
    let value = this.struct(record.value, source, 'value');
    let envelope = this.envelopes.get(schema);
    if (envelope === undefined) this.envelopes.set(schema, (envelope = isDebeziumEnvelope(schema)));
    if (envelope) {
      const op = value.get('op');
      switch (op) {
        case 'd':
          return this.config.deleteEnabled ? this.deleteOp(record, table, source) : null;
        case 't':
          return this.config.truncateEnabled ? { type: 'truncate', table, source: String(source), record } : null;
        case 'c':
        case 'u':
        case 'r': {
          value = this.struct(value.get('after'), source, `"after" of op=${op}`);
          schema = value.schema;
          break;
        }
        default:
          return null; // 'm' (logical decoding messages) and future ops carry no row
      }
    }
    const shape = this.shape(schema, record.keySchema, source);
    const keyValues = this.keyValues(record, shape.keys, value, source);
    // keys then non-keys, read by position when the value's schema is the one the shape was made from
    const nk = shape.nonKeys.length;
    const values = new Array<unknown>(keyValues.length + nk);
    for (let i = 0; i < keyValues.length; i++) values[i] = keyValues[i];
    const index = this.valueIndex.get(shape);
    if (index && value.schema === schema) {
      const fields = value.valuesInFieldOrder();
      for (let i = 0; i < nk; i++) {
        const v = fields[index[i]!];
        // as Struct.get: an unset or null field reads as its schema default
        values[keyValues.length + i] = v === undefined || v === null ? (shape.nonKeys[i]!.schema.defaultValue ?? null) : v;
      }
    } else {
      for (let i = 0; i < nk; i++) values[keyValues.length + i] = value.get(shape.nonKeys[i]!.name);
    }
    const keyId = shape.keys.length === 0 ? null : keyIdentity(keyValues);
    return new Write(table, record, shape, values, keyId);
  }

  private struct(value: unknown, source: Source, what: string): Struct {
    if (value instanceof Struct) return value;
    throw new DataException(`Record ${source}: expected a Struct ${what}, got ${value === null ? 'null' : typeof value}`);
  }

  private deleteOp(record: SinkRecord, table: TableId, source: Source): SinkOp {
    // delete.enabled implies pk.mode=record_key (checked in config).
    if (record.key === null || record.key === undefined) {
      throw new DataException(`Record ${source} is a delete without a key; deletes need the record key (pk.mode record_key)`);
    }
    const keys = this.keyColumns(record.keySchema, source);
    const keyValues = this.keyValues(record, keys, null, source);
    return { type: 'delete', table, source: String(source), record, keys, keyValues, keyId: keyIdentity(keyValues) };
  }

  private shape(valueSchema: Schema, keySchema: Schema | null, source: Source): RowShape {
    let byKey = this.shapes.get(valueSchema);
    if (!byKey) this.shapes.set(valueSchema, (byKey = new Map()));
    let shape = byKey.get(keySchema);
    if (!shape) {
      byKey.set(keySchema, (shape = this.buildShape(valueSchema, keySchema, source)));
      const fields = valueSchema.fields ?? [];
      const index = shape.nonKeys.map((c) => fields.find((f) => f.name === c.name)?.index ?? -1);
      if (index.every((i) => i >= 0)) this.valueIndex.set(shape, index);
    }
    return shape;
  }

  private buildShape(valueSchema: Schema, keySchema: Schema | null, source: Source): RowShape {
    const { pkMode, pkFields, fieldsWhitelist } = this.config;
    const valueFields = valueSchema.fields ?? [];
    let keys: SinkColumn[];
    switch (pkMode) {
      case 'none':
        keys = [];
        break;
      case 'kafka':
        keys = (pkFields.length ? pkFields : KAFKA_PK_DEFAULTS).map((n, i) => sinkColumn(n, KAFKA_PK_SCHEMAS[i]!, true));
        break;
      case 'record_key':
        keys = this.keyColumns(keySchema, source);
        break;
      case 'record_value': {
        const names = pkFields.length ? pkFields : valueFields.map((f) => f.name);
        keys = names.map((n) => {
          const f = valueFields.find((x) => x.name === n);
          if (!f) throw new DataException(`Record ${source}: pk.fields names "${n}", which is not a field of the value (fields: ${valueFields.map((x) => x.name).join(', ')})`);
          return sinkColumn(n, f.schema, true);
        });
        break;
      }
    }
    const keyNames = new Set(keys.map((k) => k.name));
    const nonKeys = valueFields
      .filter((f) => !keyNames.has(f.name) && (fieldsWhitelist.length === 0 || fieldsWhitelist.includes(f.name)))
      .map((f) => sinkColumn(f.name, f.schema, false));
    const signature = [...keys, ...nonKeys].map((c) => `${c.name}:${c.kind}:${c.optional ? 'o' : 'r'}`).join(',');
    return { keys, nonKeys, signature };
  }

  /** Key columns from the record key (pk.mode record_key). */
  private keyColumns(keySchema: Schema | null, source: Source): SinkColumn[] {
    if (!keySchema) throw new DataException(`Record ${source} has no key schema; pk.mode record_key needs keys with schemas`);
    const { pkFields } = this.config;
    if (keySchema.type !== 'struct') {
      if (pkFields.length !== 1) {
        throw new DataException(
          `Record ${source}: the key is a primitive (${keySchema.type}), so pk.fields must name exactly one column, but it is [${pkFields.join(', ')}]`,
        );
      }
      return [sinkColumn(pkFields[0]!, keySchema, true)];
    }
    const fields = keySchema.fields ?? [];
    const names = pkFields.length ? pkFields : fields.map((f) => f.name);
    if (names.length === 0) throw new DataException(`Record ${source}: the key struct has no fields to use as primary key`);
    return names.map((n) => {
      const f = fields.find((x) => x.name === n);
      if (!f) throw new DataException(`Record ${source}: pk.fields names "${n}", which is not a field of the key (fields: ${fields.map((x) => x.name).join(', ')})`);
      return sinkColumn(n, f.schema, true);
    });
  }

  private keyValues(record: SinkRecord, keys: readonly SinkColumn[], value: Struct | null, source: Source): unknown[] {
    switch (this.config.pkMode) {
      case 'none':
        return [];
      case 'kafka':
        return [record.topic, record.kafkaPartition, record.kafkaOffset];
      case 'record_value':
        return keys.map((k) => value!.get(k.name));
      case 'record_key': {
        if (record.key === null || record.key === undefined) throw new DataException(`Record ${source} has a null key; pk.mode record_key needs a key`);
        if (!(record.key instanceof Struct)) return [record.key];
        const key = record.key;
        if (keys.length === 1) return [key.get(keys[0]!.name)];
        return keys.map((k) => key.get(k.name));
      }
    }
  }
}

/** "<topic>-<partition>@<offset>" for messages; built only when a message needs it (read runs per record). */
type Source = LazySource;

class LazySource {
  constructor(private readonly record: SinkRecord) {}

  toString(): string {
    return recordSource(this.record);
  }
}

export function recordSource(r: SinkRecord): string {
  return `${r.topic}-${r.kafkaPartition}@${r.kafkaOffset}`;
}

/** A write op; `source` is derived on demand. */
class Write implements WriteOp {
  readonly type = 'write' as const;

  constructor(
    readonly table: TableId,
    readonly record: SinkRecord,
    readonly shape: RowShape,
    readonly values: readonly unknown[],
    readonly keyId: string | null,
  ) {}

  get source(): string {
    return recordSource(this.record);
  }
}
