import { SchemaBuilder, Schemas, Struct, sourceRecord, type OffsetMap, type SourceRecord } from '@tsconnect/sdk';

const KEY_SCHEMA = SchemaBuilder.struct().name('io.debezium.connector.common.ServerNameKey').version(1)
  .field('serverName', Schemas.STRING).build();
const VALUE_SCHEMA = SchemaBuilder.struct().name('io.debezium.connector.common.Heartbeat').version(1)
  .field('ts_ms', Schemas.INT64).build();

/** Debezium's heartbeat record on `<heartbeat.topics.prefix>.<topic.prefix>`, carrying the latest offset. */
export function heartbeatRecord(topicPrefix: string, serverName: string, partition: OffsetMap, offset: OffsetMap, now = Date.now()): SourceRecord {
  return sourceRecord({
    topic: `${topicPrefix}.${serverName}`,
    sourcePartition: partition,
    sourceOffset: offset,
    keySchema: KEY_SCHEMA,
    key: new Struct(KEY_SCHEMA).put('serverName', serverName),
    valueSchema: VALUE_SCHEMA,
    value: new Struct(VALUE_SCHEMA).put('ts_ms', now),
  });
}
