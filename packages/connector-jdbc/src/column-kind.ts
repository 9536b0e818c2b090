import { DataException, type Schema } from '@tsconnect/sdk';

/**
 * The SQL-relevant kind of a Connect field, resolved once from its schema (type + logical name).
 * Both dialects map a kind to a column type and both bind values by kind, so the long list of
 * Connect / Debezium semantic types lives in one place.
 */
export type ColumnKind =
  | 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64' | 'boolean' | 'string' | 'bytes'
  | 'decimal' // Connect Decimal (DecimalValue, or bytes + scale parameter)
  | 'variableScaleDecimal' // io.debezium.data.VariableScaleDecimal struct {scale, value}
  | 'date' // Connect Date (JS Date at UTC midnight)
  | 'time' // Connect Time (JS Date on 1970-01-01 UTC)
  | 'timestamp' // Connect Timestamp (JS Date, an instant)
  | 'epochDays' // io.debezium.time.Date
  | 'millisTime' | 'microTime' | 'nanoTime' // io.debezium.time.Time / MicroTime / NanoTime
  | 'millisTimestamp' | 'microTimestamp' | 'nanoTimestamp' // io.debezium.time.*Timestamp (wall clock)
  | 'zonedTimestamp' | 'zonedTime' // ISO-8601 strings with an offset
  | 'microDuration' | 'interval'
  | 'json' | 'xml' | 'uuid' | 'enum' | 'bits'
  | 'array'; // Connect array of a primitive/logical element type (PostgreSQL array column)

/** Every kind but 'array': the ones a dialect maps to a scalar column type. */
export type ScalarKind = Exclude<ColumnKind, 'array'>;

const BY_NAME: Readonly<Record<string, ColumnKind>> = {
  'org.apache.kafka.connect.data.Decimal': 'decimal',
  'org.apache.kafka.connect.data.Date': 'date',
  'org.apache.kafka.connect.data.Time': 'time',
  'org.apache.kafka.connect.data.Timestamp': 'timestamp',
  'io.debezium.data.VariableScaleDecimal': 'variableScaleDecimal',
  'io.debezium.time.Date': 'epochDays',
  'io.debezium.time.Time': 'millisTime',
  'io.debezium.time.MicroTime': 'microTime',
  'io.debezium.time.NanoTime': 'nanoTime',
  'io.debezium.time.Timestamp': 'millisTimestamp',
  'io.debezium.time.MicroTimestamp': 'microTimestamp',
  'io.debezium.time.NanoTimestamp': 'nanoTimestamp',
  'io.debezium.time.ZonedTimestamp': 'zonedTimestamp',
  'io.debezium.time.ZonedTime': 'zonedTime',
  'io.debezium.time.MicroDuration': 'microDuration',
  'io.debezium.time.Interval': 'interval',
  'io.debezium.data.Json': 'json',
  'io.debezium.data.Xml': 'xml',
  'io.debezium.data.Uuid': 'uuid',
  'io.debezium.data.Enum': 'enum',
  'io.debezium.data.Bits': 'bits',
};

/** Throws a DataException naming the field for types a relational column cannot hold (array/map/struct). */
export function columnKind(schema: Schema, fieldName: string): ColumnKind {
  const named = schema.name ? BY_NAME[schema.name] : undefined;
  if (named) return named;
  switch (schema.type) {
    case 'array': {
      if (!schema.valueSchema) throw new DataException(`Field "${fieldName}" is an array without an element schema`);
      // Maps and plain structs as elements are rejected by the recursive call, naming the field.
      if (columnKind(schema.valueSchema, `${fieldName}[]`) === 'array') {
        throw new DataException(`Field "${fieldName}" is an array of arrays, which the JDBC sink cannot map to a column`);
      }
      return 'array';
    }
    case 'map':
    case 'struct':
      throw new DataException(
        `Field "${fieldName}" has schema type ${schema.type}${schema.name ? ` (${schema.name})` : ''}, ` +
          'which the JDBC sink cannot map to a column; flatten it first (e.g. the Flatten SMT)',
      );
    default:
      return schema.type;
  }
}

/** One column the sink writes: its name, Connect schema, resolved kind and whether it is a key column. */
export interface SinkColumn {
  readonly name: string;
  readonly schema: Schema;
  readonly kind: ColumnKind;
  readonly optional: boolean;
  readonly primaryKey: boolean;
  /** For kind 'array': the element as a column (never a key). */
  readonly element?: SinkColumn;
}

export function sinkColumn(name: string, schema: Schema, primaryKey: boolean): SinkColumn {
  const kind = columnKind(schema, name);
  if (kind === 'array') {
    if (primaryKey) throw new DataException(`Field "${name}" is an array and cannot be a primary key column`);
    const element = sinkColumn(`${name}[]`, schema.valueSchema!, false);
    return { name, schema, kind, optional: schema.optional, primaryKey, element };
  }
  return { name, schema, kind, optional: schema.optional, primaryKey };
}
