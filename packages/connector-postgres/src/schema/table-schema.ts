import { DataException, SchemaBuilder, Struct, type Schema } from '@tsconnect/sdk';
import { UNCHANGED_TOAST } from '@tsconnect/pgoutput';
import type { TableFilter } from '../filters/table-filter.js';
import { fallbackValue } from '../values/fallback-value.js';
import { typeMapping, type TypeMapping, type ValueOptions } from '../values/type-mapping.js';
import { columnDefault } from './default-value.js';
import { envelopeSchema } from './envelope.js';
import { keyColumnsFor, type KeyColumnsRule } from './key-columns.js';
import { tableId, type ColumnMetadata, type TableMetadata } from './table-metadata.js';

/** A column value as it arrives: PostgreSQL text, SQL NULL, or pgoutput's unchanged-TOAST marker. */
export type RawValue = string | null | typeof UNCHANGED_TOAST;
export type RawRow = Readonly<Record<string, RawValue | unknown>>;

interface FieldPlan {
  readonly column: ColumnMetadata;
  readonly mapping: TypeMapping;
  readonly schema: Schema;
}

export interface TableSchemaOptions extends ValueOptions {
  readonly topicPrefix: string;
  readonly unavailableValuePlaceholder: string;
  readonly keyRules: readonly KeyColumnsRule[];
  readonly filter: TableFilter;
}

/**
 * Connect schemas of one table and the functions that turn rows into key and value structs
 * (Debezium's TableSchemaBuilder): `<prefix>.<schema>.<table>.Key` (null when there is no key),
 * optional `.Value` struct with the included columns in table order, and the `.Envelope`.
 */
export class TableSchema {
  readonly id: string;
  readonly topic: string;
  readonly keySchema: Schema | null;
  readonly valueSchema: Schema;
  readonly envelopeSchema: Schema;
  private readonly keyFields: FieldPlan[];
  private readonly valueFields: FieldPlan[];

  constructor(readonly table: TableMetadata, private readonly options: TableSchemaOptions) {
    this.id = tableId(table);
    this.topic = `${options.topicPrefix}.${this.id}`;
    const mapped = new Map<string, FieldPlan>();
    for (const column of table.columns) {
      const plan = planField(column, options);
      if (plan) mapped.set(column.name, plan);
    }
    const keyNames = keyColumnsFor(this.id, table.primaryKey, options.keyRules);
    this.keyFields = keyNames.map((name) => {
      const plan = mapped.get(name);
      if (!plan) throw new DataException(`Key column "${name}" of ${this.id} does not exist or has an unsupported type`);
      return plan;
    });
    this.valueFields = [...mapped.values()].filter((p) => options.filter.isColumnIncluded(table.schema, table.name, p.column.name));
    this.keySchema = this.keyFields.length ? structSchema(`${this.topic}.Key`, this.keyFields, false) : null;
    this.valueSchema = structSchema(`${this.topic}.Value`, this.valueFields, true);
    this.envelopeSchema = envelopeSchema(`${this.topic}.Envelope`, this.valueSchema);
  }

  /** Column names of the key, in key order. */
  get keyColumnNames(): string[] {
    return this.keyFields.map((f) => f.column.name);
  }

  /** The key struct of a row, or null for tables without a key. */
  key(row: RawRow): Struct | null {
    return this.keySchema ? Struct.fromTrustedValues(this.keySchema, this.fill(this.keyFields, row)) : null;
  }

  value(row: RawRow): Struct {
    return Struct.fromTrustedValues(this.valueSchema, this.fill(this.valueFields, row));
  }

  /**
   * Field values in schema order (the struct schemas are built from these same plans). Each
   * mapping produces what its schema accepts and nulls become the schema's fallback, so the
   * struct is built without Struct.put's per-field lookup and validation (the per-row hot path);
   * unset fields stay undefined, as put() leaves them.
   */
  private fill(fields: readonly FieldPlan[], row: RawRow): unknown[] {
    const values = new Array<unknown>(fields.length);
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const raw = row[f.column.name];
      let value: unknown;
      if (raw === UNCHANGED_TOAST) value = this.unavailable(f.schema);
      else if (raw === null || raw === undefined) value = fallbackValue(f.schema);
      else {
        try {
          value = f.mapping.convert(String(raw));
        } catch (e) {
          throw new DataException(`Cannot convert value ${JSON.stringify(raw)} of column ${this.id}.${f.column.name} ` +
            `(${f.column.typeName}): ${(e as Error).message}`, { cause: e });
        }
        if (value === null) value = fallbackValue(f.schema);
      }
      if (value !== null) values[i] = value;
    }
    return values;
  }

  /** Debezium's unavailable.value.placeholder for string-like columns; otherwise the type's fallback. */
  private unavailable(schema: Schema): unknown {
    const placeholder = this.options.unavailableValuePlaceholder;
    if (schema.type === 'string' && schema.name !== 'io.debezium.time.ZonedTimestamp' && schema.name !== 'io.debezium.time.ZonedTime') {
      return placeholder;
    }
    if (schema.type === 'bytes' && !schema.name) return Buffer.from(placeholder, 'utf8');
    if (schema.type === 'array' && schema.valueSchema?.type === 'string') return [placeholder];
    return fallbackValue(schema);
  }
}

function planField(column: ColumnMetadata, options: ValueOptions): FieldPlan | null {
  const mapping = typeMapping(column, options);
  if (!mapping) return null;
  const builder = mapping.schema();
  if (!column.notNull) builder.optional();
  if (column.comment) builder.doc(column.comment);
  const defaultValue = columnDefault(column, mapping);
  if (defaultValue !== undefined) builder.defaultValue(defaultValue);
  return { column, mapping, schema: builder.build() };
}

function structSchema(name: string, fields: readonly FieldPlan[], optional: boolean): Schema {
  const b = SchemaBuilder.struct().name(name);
  for (const f of fields) b.field(f.column.name, f.schema);
  if (optional) b.optional();
  return b.build();
}
