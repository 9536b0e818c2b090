import { DecimalValue, Struct, type Schema } from '@tsconnect/sdk';

/**
 * The value Debezium's converters give a NOT NULL column that arrived without a value (e.g. the
 * non-key columns of a DELETE's old tuple under REPLICA IDENTITY DEFAULT): the schema default,
 * else a zero of the type ("" for strings, 0 for numbers, false, empty bytes/array).
 */
export function fallbackValue(schema: Schema): unknown {
  if (schema.optional) return null;
  if (schema.defaultValue !== undefined) return schema.defaultValue;
  switch (schema.name) {
    case 'org.apache.kafka.connect.data.Decimal':
      return new DecimalValue(0n, Number(schema.parameters?.['scale'] ?? 0));
    case 'org.apache.kafka.connect.data.Date':
    case 'org.apache.kafka.connect.data.Time':
    case 'org.apache.kafka.connect.data.Timestamp':
      return new Date(0);
    case 'io.debezium.time.ZonedTimestamp':
      return '1970-01-01T00:00:00Z';
    case 'io.debezium.time.ZonedTime':
      return '00:00:00Z';
    case 'io.debezium.data.VariableScaleDecimal':
      return new Struct(schema).put('scale', 0).put('value', Buffer.from([0]));
  }
  switch (schema.type) {
    case 'int8': case 'int16': case 'int32': case 'int64': case 'float32': case 'float64': return 0;
    case 'boolean': return false;
    case 'string': return '';
    case 'bytes': return Buffer.alloc(0);
    case 'array': return [];
    default: return null;
  }
}
