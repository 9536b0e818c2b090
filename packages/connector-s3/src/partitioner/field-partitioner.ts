import { DataException, Struct, type SinkRecord } from '@tsconnect/sdk';
import { DefaultPartitioner } from './default-partitioner.js';
import { nestedField } from './record-fields.js';

/**
 * `<field>=<value>` for each of `partition.field.name`, joined by directory.delim. Values of int,
 * string and boolean fields only, as Confluent's FieldPartitioner; null becomes `<field>=null`.
 * Besides Structs it also reads schemaless maps/objects (Confluent fails on those).
 */
export class FieldPartitioner extends DefaultPartitioner {
  constructor(delim: string, private readonly fieldNames: readonly string[]) {
    super(delim);
  }

  override encodePartition(record: SinkRecord, _nowMs?: number): string {
    const value = record.value;
    if (value === null || value === undefined || typeof value !== 'object' || value instanceof Uint8Array) {
      throw new DataException(
        `FieldPartitioner needs a struct or map value; got ${value === null ? 'null' : typeof value} at ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}`,
      );
    }
    return this.fieldNames.map((name) => {
      const { value: v, schema } = nestedField(value, value instanceof Struct ? value.schema : null, name);
      if (v === null) return `${name}=null`;
      const type = schema?.type;
      const ok = schema
        ? type === 'int8' || type === 'int16' || type === 'int32' || type === 'int64' || type === 'string' || type === 'boolean'
        : typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean';
      if (!ok || (schema?.name && schema.name.startsWith('org.apache.kafka.connect.data.'))) {
        throw new DataException(`Partition field '${name}' must be an integer, string or boolean; got ${type ?? typeof v}`);
      }
      return `${name}=${String(v)}`;
    }).join(this.delim);
  }
}
