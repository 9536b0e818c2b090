import { sourceRecord, type ConnectRecord, type SinkRecord, type SourceRecord } from '@tsconnect/sdk';

/** A source record with the fields tests care about; everything else defaulted. */
export function sourceRec(fields: Partial<SourceRecord> = {}): SourceRecord {
  return sourceRecord({ topic: 'test', sourcePartition: { p: 1 }, sourceOffset: { o: 1 }, value: null, ...fields });
}

export function sinkRec(fields: Partial<SinkRecord> = {}): SinkRecord {
  return {
    topic: 'test', kafkaPartition: 0, kafkaOffset: 42, timestampType: 'CreateTime', originalTopic: 'test',
    originalKafkaPartition: 0, originalKafkaOffset: 42, keySchema: null, key: null, valueSchema: null, value: null,
    timestamp: null, headers: [], ...fields,
  };
}

/** Struct values by field name (in schema order), for exact comparisons. */
export function fieldsOf(value: unknown): Record<string, unknown> {
  const s = value as { schema: { fields?: { name: string }[] }; getWithoutDefault(n: string): unknown };
  return Object.fromEntries((s.schema.fields ?? []).map((f) => [f.name, s.getWithoutDefault(f.name)]));
}

export function configured<T extends { configure(p: Record<string, unknown>): void }>(t: T, props: Record<string, unknown>): T {
  t.configure(props);
  return t;
}

export type { ConnectRecord };
