import { SchemaBuilder, Schemas, Struct, sourceRecord, type OffsetMap, type SourceRecord } from '@tsconnect/sdk';

const KEY_SCHEMA = SchemaBuilder.struct().name('io.debezium.connector.common.ServerNameKey').version(1)
  .field('serverName', Schemas.STRING).build();
const VALUE_SCHEMA = SchemaBuilder.struct().name('io.debezium.connector.common.Heartbeat').version(1)
  .field('ts_ms', Schemas.INT64).build();

/** Debezium's heartbeat record on `<topic.heartbeat.prefix>.<topic.prefix>`, carrying the latest offset. */
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

/**
 * The offset of a heartbeat sent while the stream is idle at WAL end `lsn`: every transaction
 * committed before it was processed, so a restart may skip them and the slot may confirm `lsn`
 * — this is what lets an idle captured table's slot advance while other tables are busy. A running
 * incremental snapshot's state (`incremental`) replaces whatever the previous offset carried.
 */
export function idleOffset(
  previous: OffsetMap | null, lsn: bigint, incremental: OffsetMap | null = null, now = Date.now(),
): OffsetMap {
  const kept = Object.fromEntries(Object.entries(previous ?? {})
    .filter(([k]) => !/^(transaction_|incremental_|snapshot|last_snapshot_record)/.test(k)));
  return { ...kept, ...incremental, ts_usec: now * 1000, lsn: Number(lsn), lsn_proc: Number(lsn), lsn_commit: Number(lsn), messageType: 'HEARTBEAT' };
}
