import { SchemaBuilder, Schemas, Struct, type Schema, type SinkRecord, type SinkTaskContext, type TopicPartition, type TopicPartitionOffset } from '@tsconnect/sdk';

export const ORDER_SCHEMA: Schema = SchemaBuilder.struct()
  .name('shop.Order')
  .field('id', Schemas.INT64)
  .field('region', Schemas.STRING)
  .field('amount', Schemas.FLOAT64)
  .field('note', Schemas.OPTIONAL_STRING)
  .build();

export function order(id: number, region: string, note: string | null = null): Struct {
  return new Struct(ORDER_SCHEMA).put('id', id).put('region', region).put('amount', id * 1.5).put('note', note);
}

export function sinkRecord(topic: string, partition: number, offset: number, valueSchema: Schema | null, value: unknown, timestamp: number | null = 1_700_000_000_000): SinkRecord {
  return {
    topic, kafkaPartition: partition, kafkaOffset: offset, keySchema: null, key: null, valueSchema, value, timestamp,
    timestampType: 'CreateTime', headers: [], originalTopic: topic, originalKafkaPartition: partition, originalKafkaOffset: offset,
  };
}

/** The SinkTaskContext interface, recording what the task asks of the runtime. */
export function fakeContext(assignment: TopicPartition[]): SinkTaskContext & { seeks: TopicPartitionOffset[] } {
  const seeks: TopicPartitionOffset[] = [];
  return {
    configs: {},
    signal: new AbortController().signal,
    offset: (offsets) => { seeks.push(...offsets); },
    assignment: () => assignment,
    pause: () => undefined,
    resume: () => undefined,
    requestCommit: () => undefined,
    seeks,
  };
}
